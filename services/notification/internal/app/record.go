package app

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/hellowork-jp/hellowork/services/notification/internal/domain/delivery"
)

// DeliveryStore records deliveries in the transaction ctx carries. A delivery whose
// (event, recipient) exists already is skipped: one mail per event and recipient.
type DeliveryStore interface {
	// Add returns how many deliveries were new.
	Add(ctx context.Context, ds ...*delivery.Delivery) (int, error)
}

// Event identifies the event deliveries are made from.
type Event struct {
	ID         string
	Type       string
	OccurredAt time.Time
}

// RecordDeliveries asks for the mails one consumed event needs.
type RecordDeliveries struct {
	Event Event
	Specs []delivery.Spec
}

// RecordDeliveries stores one pending delivery per spec and returns how many were new
// (an event consumed again, or naming one address twice, adds nothing). It joins the
// transaction ctx carries: called by a consumer, that is the inbox transaction, so the
// deliveries and the "event consumed" mark commit together or not at all.
//
// If any spec can never be sent, nothing is recorded and the error wraps
// delivery.ErrInvalid: the event is poison and belongs in the dead-letter table, whole,
// for an operator to fix.
func (a *App) RecordDeliveries(ctx context.Context, cmd RecordDeliveries) (int, error) {
	now := a.clk.Now()
	ds := make([]*delivery.Delivery, 0, len(cmd.Specs))
	for _, s := range cmd.Specs {
		id, err := uuid.NewV7()
		if err != nil {
			return 0, fmt.Errorf("delivery id: %w", err)
		}
		d, err := delivery.New(id.String(), cmd.Event.ID, cmd.Event.Type, cmd.Event.OccurredAt, s, a.msgIDDomain, now)
		if err != nil {
			return 0, fmt.Errorf("event %s: %w", cmd.Event.ID, err)
		}
		ds = append(ds, d)
	}
	var n int
	err := a.tx.InTx(ctx, func(ctx context.Context) (err error) {
		for _, d := range ds {
			if err := a.resolve(ctx, &d.Scope); err != nil {
				return err
			}
		}
		n, err = a.deliveries.Add(ctx, ds...)
		return err
	})
	return n, err
}
