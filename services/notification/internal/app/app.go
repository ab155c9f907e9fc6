// Package app holds the notification use cases: turning consumed events into
// deliveries (RecordDeliveries), sending due deliveries (RunSender) and listing the
// delivery log for staff (ListDeliveries).
//
// One App, built by New from one Deps, serves both the request side and the background
// side. The sender loop is a method of App rather than a worker type of its own because
// it needs exactly what the use cases need (clock, logger, the deliveries repository);
// one constructor keeps service.Spec to a single app.New and gives a reader one list of
// dependencies. The sender's only state of its own, the wake-up channel, lives in App;
// each worker's SMTP connection lives in its goroutine.
//
// Ports are declared in the file that uses them and are implemented by
// internal/adapters. Transactions are carried by the context (libs/pgkit): a use case
// opens one with Tx.InTx, or joins the one it is called in (the event consumer's inbox
// transaction), and the repositories run their SQL in it.
package app

import (
	"context"
	"sync"

	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/libs/clock"
)

// Transactor runs fn in a transaction carried by its ctx, joining the transaction ctx
// already carries (libs/pgkit.Transactor).
type Transactor interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Deps are the dependencies of every use case and of the sender loop.
type Deps struct {
	Tx Transactor
	// Deliveries records new deliveries (record.go).
	Deliveries DeliveryStore
	// Queue hands out due deliveries to the sender (send.go).
	Queue DeliveryQueue
	// DeliveryLog answers staff queries (list.go).
	DeliveryLog DeliveryLog
	// Auditor appends to the service's audit trail (list.go).
	Auditor Auditor
	// Scopes tie deliveries to establishments and offices (scope.go).
	Scopes Scopes
	// Secrets opens the auth keys and one-time passwords identity sealed into its events.
	Secrets SecretOpener
	// NewMailer makes one SMTP connection per sender worker.
	NewMailer func() Mailer
	Clock     clock.Clock
	Log       *zap.Logger
	// MessageIDDomain is the right-hand side of every Message-ID (the sender's domain).
	MessageIDDomain string
	// Sender tunes the sender loop.
	Sender SenderOptions
}

// App is the notification application.
type App struct {
	tx          Transactor
	deliveries  DeliveryStore
	queue       DeliveryQueue
	deliveryLog DeliveryLog
	auditor     Auditor
	scopes      Scopes
	secrets     SecretOpener
	newMailer   func() Mailer
	clk         clock.Clock
	log         *zap.Logger
	senderLog   *zap.Logger // the sender loop's lines, under the logger name "sender"
	msgIDDomain string
	sender      SenderOptions

	mu   sync.Mutex
	wake chan struct{} // closed and replaced to wake every idle sender worker
}

// New returns the application; a nil Clock is the wall clock, a nil Log discards.
func New(d Deps) *App {
	if d.Clock == nil {
		d.Clock = clock.Real{}
	}
	if d.Log == nil {
		d.Log = zap.NewNop()
	}
	return &App{
		tx: d.Tx, deliveries: d.Deliveries, queue: d.Queue, deliveryLog: d.DeliveryLog, auditor: d.Auditor, scopes: d.Scopes,
		secrets: d.Secrets, newMailer: d.NewMailer, clk: d.Clock, log: d.Log, senderLog: d.Log.Named("sender"),
		msgIDDomain: d.MessageIDDomain, sender: d.Sender.withDefaults(), wake: make(chan struct{}),
	}
}
