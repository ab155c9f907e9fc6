// Package service wires the identity service by hand: configuration → adapters →
// application → gRPC handlers, event consumers and the purge loop, run by libs/runner.
package service

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"go.uber.org/zap"
	"google.golang.org/grpc"

	"github.com/hellowork-jp/hellowork/libs/clock"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/libs/grpcx"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/libs/sealbox"
	"github.com/hellowork-jp/hellowork/services/identity/internal/adapters/applicantselectionclient"
	"github.com/hellowork-jp/hellowork/services/identity/internal/adapters/employerregistrationclient"
	"github.com/hellowork-jp/hellowork/services/identity/internal/adapters/postgres"
	"github.com/hellowork-jp/hellowork/services/identity/internal/adapters/secrets"
	"github.com/hellowork-jp/hellowork/services/identity/internal/adapters/tokens"
	"github.com/hellowork-jp/hellowork/services/identity/internal/app"
	"github.com/hellowork-jp/hellowork/services/identity/internal/ports/events"
	"github.com/hellowork-jp/hellowork/services/identity/internal/ports/grpcapi"
	"github.com/hellowork-jp/hellowork/services/identity/migrations"
)

// Name is the service name (stream HELLOWORK_IDENTITY).
const Name = "identity"

// store adapts postgres.Store to app.Store.
type store struct{ s *postgres.Store }

func (s store) InTx(ctx context.Context, fn func(app.Tx) error) error {
	return s.s.InTx(ctx, func(t *postgres.Tx) error { return fn(t) })
}

// Components are the wired parts, for Run and for component tests.
type Components struct {
	App      *app.App
	Handlers *grpcapi.Server
	Keys     *tokens.KeyRing
	Store    *postgres.Store
}

// Others are the ports to other services; nil fields get gRPC clients from Config.
type Others struct {
	Codes    app.CreationCodes
	SelfApps app.SelfApplications
}

// New wires the service on pool with clock clk.
func New(cfg Config, pool *pgxpool.Pool, clk clock.Clock, log *zap.Logger, others Others) (*Components, []*grpc.ClientConn, error) {
	pepper, err := cfg.Pepper()
	if err != nil {
		return nil, nil, err
	}
	keyed, err := secrets.NewKeyed(pepper)
	if err != nil {
		return nil, nil, err
	}
	box, err := sealbox.FromBase64(cfg.EventSealingKey)
	if err != nil {
		return nil, nil, err
	}
	hasher, err := secrets.NewHasher(cfg.Argon2(), cfg.Concurrency())
	if err != nil {
		return nil, nil, err
	}
	keys, err := tokens.NewKeyRing(cfg.TokenSigningKey, cfg.TokenPreviousKeys, cfg.TokenIssuer, cfg.TokenAudience, clk)
	if err != nil {
		return nil, nil, err
	}
	proxies, err := cfg.Proxies()
	if err != nil {
		return nil, nil, err
	}
	var conns []*grpc.ClientConn
	dial := func(addr string) (*grpc.ClientConn, error) {
		if addr == "" {
			return nil, nil
		}
		c, err := grpcx.Dial(addr, grpcx.WithToken(keys.ServiceToken))
		if err == nil {
			conns = append(conns, c)
		}
		return c, err
	}
	if others.Codes == nil {
		c, err := dial(cfg.EmployerRegistrationAddr)
		if err != nil {
			return nil, nil, err
		}
		if c == nil {
			others.Codes = unavailableCodes{}
		} else {
			others.Codes = employerregistrationclient.New(c)
		}
	}
	if others.SelfApps == nil {
		c, err := dial(cfg.ApplicantSelectionAddr)
		if err != nil {
			return nil, nil, err
		}
		if c == nil {
			others.SelfApps = applicantselectionclient.New(nil)
		} else {
			others.SelfApps = applicantselectionclient.New(c)
		}
	}
	st := postgres.New(pool)
	a := app.New(app.Deps{Store: store{st}, Hasher: hasher, Keyed: keyed, Sealer: box, Signer: keys,
		Codes: others.Codes, SelfApps: others.SelfApps, Clock: clk, Log: log}, cfg.Rules())
	return &Components{App: a, Handlers: grpcapi.New(a, proxies), Keys: keys, Store: st}, conns, nil
}

type unavailableCodes struct{}

func (unavailableCodes) VerifyAccountCreationCode(context.Context, string, string, string) (string, string, error) {
	return "", "", app.ErrCreationCodeUnavailable
}

// Register puts the identity service on srv.
func (c *Components) Register(srv *grpcx.Server) {
	identityv1.RegisterIdentityServiceServer(srv.GRPC(), c.Handlers)
}

// WrapTx turns a consumer transaction into the application's.
func WrapTx(t pgx.Tx) app.Tx { return postgres.WrapTx(t) }

// Run runs the identity process until ctx ends.
func Run(ctx context.Context, cfg Config) error {
	var keys *tokens.KeyRing
	k, err := tokens.NewKeyRing(cfg.TokenSigningKey, cfg.TokenPreviousKeys, cfg.TokenIssuer, cfg.TokenAudience, clock.Real{})
	if err != nil {
		return err
	}
	keys = k
	return runner.Run(ctx, runner.Spec{
		Name:       Name,
		Schema:     postgres.Schema,
		Migrations: migrations.FS,
		Common:     cfg.Common,
		Verifier:   keys.Verifier(cfg.TokenIssuer, cfg.TokenAudience),
		Setup: func(ctx context.Context, d *runner.Deps, srv *grpcx.Server) error {
			c, conns, err := New(cfg, d.Pool, d.Clock, d.Log, Others{})
			if err != nil {
				return err
			}
			c.Register(srv)
			d.Go("close clients", func(ctx context.Context) error {
				<-ctx.Done()
				for _, cc := range conns {
					_ = cc.Close()
				}
				return nil
			})
			d.Consume(events.Producer, outbox.ConsumerConfig{Name: events.ConsumerName, FilterSubjects: events.Subjects},
				events.Handler(c.App, WrapTx))
			d.Go("purge withdrawn accounts", func(ctx context.Context) error {
				t := time.NewTicker(cfg.PurgeInterval)
				defer t.Stop()
				for {
					if n, err := c.App.PurgeWithdrawn(ctx); err != nil {
						d.Log.Warn("purge failed; retrying next interval", zap.Error(err))
					} else if n > 0 {
						d.Log.Info("purged withdrawn accounts", zap.Int("count", n))
					}
					select {
					case <-ctx.Done():
						return nil
					case <-t.C:
					}
				}
			})
			return nil
		},
	})
}
