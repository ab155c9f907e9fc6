package service

import (
	"context"
	"net"
	"time"

	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	"github.com/hellowork-jp/hellowork/libs/grpcx"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/libs/seekerportal"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/adapters/portalkeys"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/adapters/postgres"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/adapters/seekerref"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/app"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/application"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/message"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/ports/events"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/ports/grpcapi"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/migrations"
)

// Name is the service name (its outbox stream is "applicant-selection").
const Name = "applicant-selection"

// Options replace live dependencies in component tests; zero values mean production.
type Options struct {
	Clock    clock.Clock
	Log      *zap.Logger
	Listener net.Listener
	Verifier authn.Verifier
	// Consumer adjusts the event consumers (tests shorten AckWait and Backoff).
	Consumer func(*outbox.ConsumerConfig)
}

// Spec returns the runner spec of the applicant-selection process.
func Spec(cfg Config, o Options) (runner.Spec, error) {
	if err := cfg.Validate(); err != nil {
		return runner.Spec{}, err
	}
	remind := application.DefaultReminderPolicy()
	remind = remind.RepeatEvery(cfg.ReminderRepeatDays)
	msgPol := message.DefaultPolicy()
	msgPol.Retention = cfg.MessageRetention
	portal, err := portalkeys.Parse(cfg.SeekerPortalKeys)
	if err != nil {
		return runner.Spec{}, err
	}
	var clk clock.Clock = clock.Real{}
	if o.Clock != nil {
		clk = o.Clock
	}
	return runner.Spec{
		Name: Name, Schema: "applicant_selection", Migrations: migrations.FS, Common: cfg.Common,
		Clock: o.Clock, Log: o.Log, Listener: o.Listener, Verifier: o.Verifier,
		// The seeker portal's tokens: its own keys in production (README "Seeker portal
		// credential"). A verified token is kept for 30 s at most (the gateway sends a
		// session's token again for SESSION_CACHE_TTL; Ed25519 checks were ~7 % of the
		// service's CPU per search).
		WrapVerifier: func(identity authn.Verifier) authn.Verifier {
			return authn.CachedVerifier(portalkeys.Verifier(identity, portal, seekerportal.Issuer, cfg.TokenAudience, clk), clk, 30*time.Second)
		},
		Setup: func(ctx context.Context, d *runner.Deps, srv *grpcx.Server) error {
			seekers := postgres.NewSeekers(d.Pool)
			// SEEK-1: rows written before the search columns (or by an older derivation)
			// are derived again before the search answers.
			if n, err := seekers.Reindex(ctx); err != nil {
				return err
			} else if n > 0 {
				d.Log.Info("seeker search index rebuilt", zap.Int("seekers", n))
			}
			// SEEK-1: seeker_ref per establishment, sealed under the key of migration 00006.
			refKey, err := postgres.SeekerRefKey(ctx, d.Pool)
			if err != nil {
				return err
			}
			refs, err := seekerref.New(refKey)
			if err != nil {
				return err
			}
			a := app.New(app.Deps{
				Tx: pgkit.NewTransactor(d.Pool), Postings: postgres.NewPostings(d.Pool), Seekers: seekers, Index: seekers,
				DirectRequests: postgres.NewDirectRequests(d.Pool),
				Applications:   postgres.NewApplications(d.Pool, remind), Messages: postgres.NewMessages(d.Pool),
				Accounts: postgres.NewAccounts(d.Pool), Events: outbox.TxAppender{}, Auditor: postgres.NewAuditLog(d.Pool),
				Clock: d.Clock, Log: d.Log.Named("app"), Reminder: remind, Messaging: msgPol,
				Jobs: pgkit.NewJobLock(d.Pool), Refs: refs,
			})
			d.Go("reminder job", func(ctx context.Context) error { return a.RunScheduled(ctx, cfg.ReminderPollInterval) })
			for _, c := range []struct {
				producer, name string
				router         *outbox.Router
			}{
				{events.JobPosting, events.JobPostingConsumer, events.JobPostingRouter(a)},
				{events.Identity, events.IdentityConsumer, events.IdentityRouter(a)},
			} {
				cc := outbox.ConsumerConfig{Name: c.name, FilterSubjects: c.router.Subjects(c.producer), Registerer: srv.Registry()}
				if o.Consumer != nil {
					o.Consumer(&cc)
				}
				d.Consume(c.producer, cc, c.router.Handler())
			}
			asv1.RegisterApplicantSelectionServiceServer(srv.GRPC(), grpcapi.New(a))
			asv1.RegisterSeekerPortalServiceServer(srv.GRPC(), grpcapi.NewPortal(a))
			return nil
		},
	}, nil
}
