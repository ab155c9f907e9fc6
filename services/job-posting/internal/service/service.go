package service

import (
	"context"
	"net"

	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
	jobpostingv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/libs/grpcx"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/adapters/applicantselectionclient"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/adapters/postgres"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/app"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/deadline"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/ports/events"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/ports/grpcapi"
	"github.com/hellowork-jp/hellowork/services/job-posting/migrations"
)

// Name is the service name (its schema and outbox stream are "job-posting").
const Name = "job-posting"

// Options replace live dependencies in component tests; zero values mean production.
type Options struct {
	Clock    clock.Clock
	Log      *zap.Logger
	Listener net.Listener
	Verifier authn.Verifier
	// Consumer adjusts the event consumer (tests shorten AckWait and Backoff).
	Consumer func(*outbox.ConsumerConfig)
	// Selections replaces the applicant-selection client (§2.4's question).
	Selections app.Selections
}

// Spec returns the runner spec of the job-posting process.
func Spec(cfg Config, o Options) (runner.Spec, error) {
	if err := cfg.Validate(); err != nil {
		return runner.Spec{}, err
	}
	policy := deadline.DefaultPolicy()
	policy.RenewalLeadDays = cfg.RenewalLeadDays
	return runner.Spec{
		Name: Name, Schema: "job_posting", Migrations: migrations.FS, Common: cfg.Common,
		Clock: o.Clock, Log: o.Log, Listener: o.Listener, Verifier: o.Verifier,
		Setup: func(ctx context.Context, d *runner.Deps, srv *grpcx.Server) error {
			selections := o.Selections
			if selections == nil {
				// Empty APPLICANT_SELECTION_ADDR: every stop, cancellation and change
				// lowering 採用人数 is refused with UNAVAILABLE (fails closed).
				c, cc, err := applicantselectionclient.Dial(cfg.ApplicantSelectionAddr)
				if err != nil {
					return err
				}
				if cc != nil {
					d.Go("applicant-selection connection", func(ctx context.Context) error {
						<-ctx.Done()
						return cc.Close()
					})
				}
				selections = c
			}
			posts := postgres.NewPostings(d.Pool, postgres.CardRenderer{Version: grpcapi.CardVersion, Render: grpcapi.Card})
			a := app.New(app.Deps{
				Tx: pgkit.NewTransactor(d.Pool), Postings: posts, Numbers: postgres.NewNumbers(d.Pool),
				Establishments: postgres.NewEstablishments(d.Pool), Events: outbox.TxAppender{}, Auditor: postgres.NewAuditLog(d.Pool),
				Clock: d.Clock, Log: d.Log.Named("app"), Policy: &policy, Jobs: pgkit.NewJobLock(d.Pool),
				Selections: selections,
			})
			// Search cards written by an older renderer (or before the projection existed),
			// in the background: after a renderer change that is every published posting,
			// which must not hold up readiness (the old cards serve meanwhile).
			d.Go("render stale search cards", func(ctx context.Context) error {
				_, n, err := a.RenderStaleCardsOnce(ctx)
				if err != nil && ctx.Err() == nil {
					d.Log.Error("rendering stale search cards failed", zap.Error(err))
				} else if n > 0 {
					d.Log.Info("search cards rendered again", zap.Int("postings", n))
				}
				return nil
			})
			d.Go("scheduled jobs", func(ctx context.Context) error { return a.RunScheduled(ctx, cfg.ExpiryPollInterval) })
			router := events.NewRouter(a)
			cc := outbox.ConsumerConfig{Name: events.Consumer, FilterSubjects: router.Subjects(events.Producer), Registerer: srv.Registry()}
			if o.Consumer != nil {
				o.Consumer(&cc)
			}
			d.Consume(events.Producer, cc, router.Handler())
			jobpostingv1.RegisterJobPostingServiceServer(srv.GRPC(), grpcapi.New(a))
			return nil
		},
	}, nil
}
