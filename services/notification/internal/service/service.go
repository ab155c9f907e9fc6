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
	"github.com/hellowork-jp/hellowork/libs/pgkit"
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
			deliveries := postgres.NewDeliveries(d.Pool)
			a := app.New(app.Deps{
				Tx: pgkit.NewTransactor(d.Pool), Deliveries: deliveries, Queue: deliveries, DeliveryLog: deliveries,
				Auditor: postgres.NewAuditLog(d.Pool), Scopes: postgres.NewScopes(d.Pool),
				Secrets: box, NewMailer: func() app.Mailer { return smtp.NewMailer(smtpCfg) },
				Clock: d.Clock, Log: d.Log, MessageIDDomain: smtpCfg.Domain(),
				Sender: app.SenderOptions{Workers: cfg.SenderWorkers, PollInterval: cfg.PollInterval,
					ConnRetryWait: cfg.ConnRetryWait, Retry: cfg.Retry()},
			})
			d.Go("mail sender", a.RunSender)
			d.Go("delivery wake-ups", func(ctx context.Context) error {
				deliveries.Listen(ctx, a.WakeSender, time.Second)
				return nil
			})
			router := events.NewRouter(a, d.Log.Named("events"))
			for _, p := range events.Producers {
				cc := outbox.ConsumerConfig{Name: p.Consumer, FilterSubjects: router.Subjects(p.Service), Registerer: srv.Registry()}
				if o.Consumer != nil {
					o.Consumer(&cc)
				}
				d.Consume(p.Service, cc, router.Handler())
			}
			scopes := events.NewScopeRouter(a)
			for _, p := range events.ScopeProducers {
				cc := outbox.ConsumerConfig{Name: p.Consumer, FilterSubjects: scopes.Subjects(p.Service), Registerer: srv.Registry()}
				if o.Consumer != nil {
					o.Consumer(&cc)
				}
				d.Consume(p.Service, cc, scopes.Handler())
			}
			notificationv1.RegisterNotificationServiceServer(srv.GRPC(), grpcapi.New(a))
			return nil
		},
	}, nil
}
