// Package service wires the identity service: configuration → adapters → application
// → gRPC handlers, event consumers and the purge loop, run by libs/runner. Spec is the
// one wiring, used by cmd/identity and by the component tests.
package service

import (
	"context"
	"net"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"go.uber.org/zap"
	"google.golang.org/grpc"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/libs/grpcx"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/libs/ratelimit"
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

// Options replace live dependencies in component tests; zero values mean production.
type Options struct {
	Clock    clock.Clock
	Log      *zap.Logger
	Listener net.Listener
	Verifier authn.Verifier
	// Codes and SelfApps replace the gRPC clients of employer-registration and
	// applicant-selection.
	Codes    app.CreationCodes
	SelfApps app.SelfApplications
	// Consumer adjusts the event consumer (tests shorten AckWait and Backoff).
	Consumer func(*outbox.ConsumerConfig)
	// WrapHasher wraps the password hasher (tests count the hashes).
	WrapHasher func(app.PasswordHasher) app.PasswordHasher
}

// JobPurge names the purge loop's job lock (libs/pgkit.JobLock).
const JobPurge = "purge-withdrawn-accounts"

// Spec returns the runner spec of the identity process.
func Spec(cfg Config, o Options) (runner.Spec, error) {
	clk := o.Clock
	if clk == nil {
		clk = clock.Real{}
	}
	keys, err := tokens.NewKeyRing(cfg.TokenSigningKey, cfg.TokenPreviousKeys, cfg.TokenIssuer, cfg.TokenAudience, clk)
	if err != nil {
		return runner.Spec{}, err
	}
	verifier := o.Verifier
	if verifier == nil {
		verifier = keys.Verifier(cfg.TokenIssuer, cfg.TokenAudience)
	}
	return runner.Spec{
		Name: Name, Schema: postgres.Schema, Migrations: migrations.FS, Common: cfg.Common,
		Verifier: verifier, Clock: o.Clock, Log: o.Log, Listener: o.Listener,
		Setup: func(ctx context.Context, d *runner.Deps, srv *grpcx.Server) error {
			c, err := wire(cfg, d.Pool, keys, d.Clock, d.Log, o)
			if err != nil {
				return err
			}
			identityv1.RegisterIdentityServiceServer(srv.GRPC(), c.Handlers)
			d.Go("close clients", func(ctx context.Context) error {
				<-ctx.Done()
				c.close()
				return nil
			})
			router := events.Router(c.App)
			cc := outbox.ConsumerConfig{Name: events.ConsumerName, FilterSubjects: router.Subjects(events.Producer), Registerer: srv.Registry()}
			if o.Consumer != nil {
				o.Consumer(&cc)
			}
			d.Consume(events.Producer, cc, router.Handler())
			// ACC-4's purge and the housekeeping prunes, in one replica at a time: two
			// replicas reading the same withdrawn accounts would both announce them purged.
			jobs := pgkit.NewJobLock(d.Pool)
			d.Go("purge withdrawn accounts", func(ctx context.Context) error {
				t := time.NewTicker(cfg.PurgeInterval)
				defer t.Stop()
				for {
					var n int
					if _, err := jobs.Run(ctx, JobPurge, func(ctx context.Context) (err error) {
						n, err = c.App.PurgeWithdrawn(ctx)
						return err
					}); err != nil {
						if ctx.Err() == nil {
							d.Log.Warn("purge failed; retrying next interval", zap.Error(err))
						}
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
	}, nil
}

// components are the wired parts.
type components struct {
	App      *app.App
	Handlers *grpcapi.Server
	Keys     *tokens.KeyRing
	Tx       *pgkit.Transactor
	conns    []*grpc.ClientConn
}

func (c *components) close() {
	for _, cc := range c.conns {
		_ = cc.Close()
	}
}

// wire builds the application on pool.
func wire(cfg Config, pool *pgxpool.Pool, keys *tokens.KeyRing, clk clock.Clock, log *zap.Logger, o Options) (*components, error) {
	pepper, err := cfg.Pepper()
	if err != nil {
		return nil, err
	}
	keyed, err := secrets.NewKeyed(pepper)
	if err != nil {
		return nil, err
	}
	box, err := sealbox.FromBase64(cfg.EventSealingKey)
	if err != nil {
		return nil, err
	}
	hasher, err := secrets.NewHasher(cfg.Argon2(), cfg.Concurrency())
	if err != nil {
		return nil, err
	}
	proxies, err := cfg.Proxies()
	if err != nil {
		return nil, err
	}
	if _, err := cfg.Offices(); err != nil {
		return nil, err
	}
	c := &components{Keys: keys, Tx: pgkit.NewTransactor(pool)}
	dial := func(addr string) (*grpc.ClientConn, error) {
		if addr == "" {
			return nil, nil
		}
		cc, err := grpcx.Dial(addr, grpcx.WithToken(keys.ServiceToken))
		if err == nil {
			c.conns = append(c.conns, cc)
		}
		return cc, err
	}
	if o.Codes == nil {
		cc, err := dial(cfg.EmployerRegistrationAddr)
		if err != nil {
			return nil, err
		}
		if cc == nil {
			o.Codes = unavailableCodes{}
		} else {
			o.Codes = employerregistrationclient.New(cc)
		}
	}
	if o.SelfApps == nil {
		cc, err := dial(cfg.ApplicantSelectionAddr)
		if err != nil {
			return nil, err
		}
		if cc == nil {
			o.SelfApps = applicantselectionclient.New(nil) // fails closed: no address configured
		} else {
			o.SelfApps = applicantselectionclient.New(cc)
		}
	}
	var passwords app.PasswordHasher = hasher
	if o.WrapHasher != nil {
		passwords = o.WrapHasher(hasher)
	}
	accounts := postgres.NewAccounts(pool)
	c.App = app.New(app.Deps{
		Tx: c.Tx, Accounts: accounts, AuthKeys: postgres.NewAuthKeys(pool), Attempts: postgres.NewLoginAttempts(pool),
		Sessions: postgres.NewSessions(pool), Devices: postgres.NewDevices(pool), Terminals: postgres.NewTerminals(pool),
		RateLimits: ratelimit.New(pool), Audit: postgres.NewAudit(pool), Trail: postgres.NewAudit(pool),
		Events: outbox.TxAppender{}, Decoys: postgres.Decoy{}, Purge: postgres.NewHousekeeping(pool), Withdrawn: accounts, Additional: accounts,
		Primaries: accounts, Offices: accounts, Hasher: passwords, Keyed: keyed, Sealer: box, Signer: keys, Codes: o.Codes,
		SelfApps: o.SelfApps, Clock: clk, Log: log, Rules: cfg.Rules(),
	})
	c.Handlers = grpcapi.New(c.App, proxies)
	return c, nil
}

type unavailableCodes struct{}

func (unavailableCodes) VerifyAccountCreationCode(context.Context, string, string, string) (string, string, error) {
	return "", "", app.ErrCreationCodeUnavailable
}
