// Package service wires employer-registration by hand: configuration → PostgreSQL,
// outbox relay, NATS stream, gRPC server. Run is what main calls; NewGRPCServer is the
// same wiring without the process concerns, used by the component tests.
package service

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5/pgxpool"
	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	"github.com/hellowork-jp/hellowork/libs/grpcx"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/adapters/postgres"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/app"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/creationcode"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/ports/grpcapi"
	"github.com/hellowork-jp/hellowork/services/employer-registration/migrations"
)

// Name is the service name (stream HELLOWORK_EMPLOYER_REGISTRATION).
const Name = "employer-registration"

// Schema is the PostgreSQL schema the service owns.
const Schema = "employer_registration"

// ErrorDomain is the ErrorInfo.domain of this service's errors.
const ErrorDomain = Name + ".hellowork.example"

// Deps are what NewGRPCServer needs.
type Deps struct {
	Pool         *pgxpool.Pool
	Clock        clock.Clock
	Verifier     authn.Verifier
	HashKey      []byte
	CodeVerifier string
	Log          *zap.Logger
	Checks       []grpcx.Check
}

// Migrate creates the outbox tables and the service's tables in the pool's schema.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	if err := outbox.Migrate(ctx, pool, Schema); err != nil {
		return err
	}
	return pgkit.Migrate(ctx, pool, Schema, migrations.FS)
}

// NewGRPCServer builds a gRPC server with the service registered, for component tests
// (Run gets its server from libs/runner).
func NewGRPCServer(d Deps) (*grpcx.Server, error) {
	if d.Log == nil {
		d.Log = zap.NewNop()
	}
	srv, err := grpcx.NewServer(grpcx.Options{Name: Name, ErrorDomain: ErrorDomain, Log: d.Log, Verifier: d.Verifier,
		Checks: d.Checks, MaxRecvMsgSize: maxRecvMsgSize})
	if err != nil {
		return nil, err
	}
	if err := register(srv, d); err != nil {
		return nil, err
	}
	return srv, nil
}

// maxRecvMsgSize admits one image (2 MB) plus the envelope.
const maxRecvMsgSize = 4 << 20

func register(srv *grpcx.Server, d Deps) error {
	hasher, err := creationcode.NewHasher(d.HashKey)
	if err != nil {
		return err
	}
	a := app.New(app.Options{Store: postgres.New(d.Pool), Clock: d.Clock, Hasher: hasher, CodeVerifier: d.CodeVerifier})
	erv1.RegisterEmployerRegistrationServiceServer(srv.GRPC(), grpcapi.New(a))
	return nil
}

// Run runs the service until ctx is cancelled (SIGTERM), then drains gracefully.
func Run(ctx context.Context, cfg Config) error {
	key, err := cfg.hashKey()
	if err != nil {
		return err
	}
	if cfg.TokenJWKSURL == "" {
		return errors.New("TOKEN_JWKS_URL is required (identity's JWK set)")
	}
	return runner.Run(ctx, runner.Spec{
		Name: Name, Schema: Schema, Migrations: migrations.FS, Common: cfg.Common,
		MaxRecvMsgSize: maxRecvMsgSize,
		Setup: func(_ context.Context, d *runner.Deps, srv *grpcx.Server) error {
			return register(srv, Deps{Pool: d.Pool, Clock: d.Clock, HashKey: key, CodeVerifier: cfg.CodeVerifier})
		},
	})
}
