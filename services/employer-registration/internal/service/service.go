// Package service wires employer-registration: Spec is the one wiring of the process,
// used by main (through runner.Main) and by the component tests.
package service

import (
	"context"
	"errors"
	"net"

	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/libs/audit"
	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	"github.com/hellowork-jp/hellowork/libs/grpcx"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/libs/ratelimit"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/adapters/postgres"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/app"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/creationcode"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/image"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/ports/grpcapi"
	"github.com/hellowork-jp/hellowork/services/employer-registration/migrations"
)

// Name is the service name (stream HELLOWORK_EMPLOYER_REGISTRATION).
const Name = "employer-registration"

// Schema is the PostgreSQL schema the service owns.
const Schema = "employer_registration"

// maxRecvMsgSize admits one image (2 MB) plus the envelope.
const maxRecvMsgSize = 4 << 20

// Options replace live dependencies in component tests; zero values mean production.
type Options struct {
	Clock    clock.Clock
	Log      *zap.Logger
	Listener net.Listener
	Verifier authn.Verifier
}

// Spec returns the runner spec of the employer-registration process.
func Spec(cfg Config, o Options) (runner.Spec, error) {
	key, err := cfg.hashKey()
	if err != nil {
		return runner.Spec{}, err
	}
	hasher, err := creationcode.NewHasher(key)
	if err != nil {
		return runner.Spec{}, err
	}
	return runner.Spec{
		Name: Name, Schema: Schema, Migrations: migrations.FS, Common: cfg.Common, MaxRecvMsgSize: maxRecvMsgSize,
		Clock: o.Clock, Log: o.Log, Listener: o.Listener, Verifier: o.Verifier,
		Setup: func(_ context.Context, d *runner.Deps, srv *grpcx.Server) error {
			if d.Verifier == nil {
				return errors.New("TOKEN_JWKS_ADDR (identity's gRPC address) or TOKEN_JWKS_URL is required (identity's JWK set)")
			}
			a := app.New(app.Deps{
				Tx:             pgkit.NewTransactor(d.Pool),
				Establishments: postgres.NewEstablishments(d.Pool),
				LoginEmails:    postgres.NewLoginEmails(d.Pool),
				Codes:          postgres.NewCodes(d.Pool),
				Changes:        postgres.NewChanges(d.Pool),
				Images:         postgres.NewImages(d.Pool),
				Events:         outbox.TxAppender{},
				Audit:          audit.NewPGWriter(d.Pool, "audit_log"),
				Clock:          d.Clock,
				Hasher:         hasher,
				RateLimits:     ratelimit.New(d.Pool),
				ImageLimits:    image.Limits{MaxDecodedBytes: cfg.ImageMaxDecodedBytes},

				DecodeConcurrency: cfg.ImageDecodeConcurrency,
				DecodeWait:        cfg.ImageDecodeWait,
				UploadsPerWindow:  cfg.ImageUploadsPerWindow,
				UploadWindow:      cfg.ImageUploadWindow,
			})
			erv1.RegisterEmployerRegistrationServiceServer(srv.GRPC(), grpcapi.New(a))
			return nil
		},
	}, nil
}
