package app

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/services/notification/internal/domain/delivery"
)

// DeliveryStore records deliveries inside a transaction it is given. The transaction
// is the consumer's inbox transaction (libs/outbox.Consume), which is why pgx.Tx
// appears here: recording the deliveries and marking the event consumed commit
// together or not at all.
type DeliveryStore interface {
	Add(ctx context.Context, tx pgx.Tx, ds ...*delivery.Delivery) (int, error)
}

// EventMeta identifies the event deliveries are made from.
type EventMeta struct {
	ID         string
	Type       string
	OccurredAt time.Time
}

// Recorder turns the mails an event asks for into pending deliveries.
type Recorder struct {
	store  DeliveryStore
	clk    clock.Clock
	domain string
}

// NewRecorder returns a recorder; domain is the Message-ID domain (the sender's).
func NewRecorder(store DeliveryStore, clk clock.Clock, domain string) *Recorder {
	return &Recorder{store: store, clk: clk, domain: domain}
}

// Record stores one pending delivery per spec in tx and returns how many were new
// (an event consumed again, or naming one address twice, adds nothing). If any spec
// can never be sent, nothing is recorded and the error wraps delivery.ErrInvalid: the
// event is poison and belongs in the dead-letter table, whole, for an operator to fix.
func (r *Recorder) Record(ctx context.Context, tx pgx.Tx, ev EventMeta, specs []delivery.Spec) (int, error) {
	now := r.clk.Now()
	ds := make([]*delivery.Delivery, 0, len(specs))
	for _, s := range specs {
		id, err := uuid.NewV7()
		if err != nil {
			return 0, fmt.Errorf("delivery id: %w", err)
		}
		d, err := delivery.New(id.String(), ev.ID, ev.Type, ev.OccurredAt, s, r.domain, now)
		if err != nil {
			return 0, fmt.Errorf("event %s: %w", ev.ID, err)
		}
		ds = append(ds, d)
	}
	return r.store.Add(ctx, tx, ds...)
}
