package service

import (
	"context"
	"crypto/tls"
	"net"
	"time"

	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
	notificationv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/notification/v1"
	"github.com/hellowork-jp/hellowork/libs/grpcx"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/libs/sealbox"
	"github.com/hellowork-jp/hellowork/services/notification/internal/adapters/postgres"
	"github.com/hellowork-jp/hellowork/services/notification/internal/adapters/smtp"
	"github.com/hellowork-jp/hellowork/services/notification/internal/app"
	"github.com/hellowork-jp/hellowork/services/notification/internal/ports/events"
	"github.com/hellowork-jp/hellowork/services/notification/internal/ports/grpcapi"
	"github.com/hellowork-jp/hellowork/services/notification/migrations"
)

// Name is the service name (its schema is "notification").
const Name = "notification"

// Options replace live dependencies in component tests; zero values mean production.
type Options struct {
	Clock    clock.Clock
	Log      *zap.Logger
	Listener net.Listener
	Verifier authn.Verifier
	// SMTPTLS overrides the TLS configuration towards the SMTP server.
	SMTPTLS *tls.Config
	// Consumer adjusts every event consumer (tests shorten AckWait and Backoff).
	Consumer func(*outbox.ConsumerConfig)
}

// Spec returns the runner spec of the notification process.
func Spec(cfg Config, o Options) (runner.Spec, error) {
	smtpCfg, err := cfg.SMTP()
	if err != nil {
		return runner.Spec{}, err
	}
	smtpCfg.TLSConfig = o.SMTPTLS
	box, err := sealbox.FromBase64(cfg.EventSealingKey)
	if err != nil {
		return runner.Spec{}, err
	}
	return runner.Spec{
		Name: Name, Schema: "notification", Migrations: migrations.FS, Common: cfg.Common,
		Clock: o.Clock, Log: o.Log, Listener: o.Listener, Verifier: o.Verifier,
		Setup: func(ctx context.Context, d *runner.Deps, srv *grpcx.Server) error {
			store := postgres.New(d.Pool)
			rec := app.NewRecorder(store, d.Clock, smtpCfg.Domain())
			sender := app.NewSender(store, func() app.Mailer { return smtp.NewMailer(smtpCfg) }, box, d.Clock,
				d.Log.Named("sender"), app.SenderOptions{Workers: cfg.SenderWorkers, PollInterval: cfg.PollInterval,
					ConnRetryWait: cfg.ConnRetryWait, Retry: cfg.Retry()})
			d.Go("mail sender", sender.Run)
			d.Go("delivery wake-ups", func(ctx context.Context) error {
				store.Listen(ctx, sender.Wake, time.Second)
				return nil
			})
			for _, p := range events.Producers() {
				cc := outbox.ConsumerConfig{Name: p.Consumer, FilterSubjects: p.Subjects(), Registerer: srv.Registry()}
				if o.Consumer != nil {
					o.Consumer(&cc)
				}
				d.Consume(p.Service, cc, events.Handler(p, rec, d.Log.Named("events")))
			}
			notificationv1.RegisterNotificationServiceServer(srv.GRPC(), grpcapi.New(app.NewLog(store, d.Log.Named("audit"))))
			return nil
		},
	}, nil
}

// Run runs the notification service until ctx ends.
func Run(ctx context.Context, cfg Config) error {
	spec, err := Spec(cfg, Options{})
	if err != nil {
		return err
	}
	return runner.Run(ctx, spec)
}
