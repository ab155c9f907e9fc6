package outbox

import (
	"context"
	"errors"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
)

// Appender records events together with the state change of the current transaction.
// Application code declares it as its port and calls it inside its InTx, so events are
// appended one way everywhere.
type Appender interface {
	Append(ctx context.Context, events ...Event) error
}

// ErrNoTx is returned by TxAppender outside a transaction: an event appended there
// could be published without its state change (or lost with it), which is a bug.
var ErrNoTx = errors.New("outbox: append outside a transaction")

// TxAppender is the production Appender: it appends into the transaction ctx carries
// (pgkit.Transactor.InTx, or a consumer's inbox transaction through Router).
type TxAppender struct{}

// Append implements Appender.
func (TxAppender) Append(ctx context.Context, events ...Event) error {
	tx, ok := pgkit.TxFrom(ctx)
	if !ok {
		return ErrNoTx
	}
	return Append(ctx, tx, events...)
}

var _ Appender = TxAppender{}
