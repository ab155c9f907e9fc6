package events

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/services/notification/internal/app"
	"github.com/hellowork-jp/hellowork/services/notification/internal/domain/delivery"
)

// Recorder is the use case the consumers call.
type Recorder interface {
	RecordDeliveries(ctx context.Context, cmd app.RecordDeliveries) (int, error)
}

// Handler returns the outbox handler of producer p: decode, map to mails, record the
// deliveries in the inbox transaction. Unknown types, undecodable payloads and mails
// that can never be sent are permanent (dead letter at once, the others flow on);
// database errors are retried by the consumer.
func Handler(p Producer, rec Recorder, log *zap.Logger) outbox.Handler {
	return func(ctx context.Context, tx pgx.Tx, d outbox.Delivery) error {
		m, ok := p.Mappers[d.Event.Type]
		if !ok {
			return outbox.Permanent(fmt.Errorf("notification: no mail for event type %q", d.Event.Type))
		}
		specs, err := m(d.Event)
		if err != nil {
			return outbox.Permanent(err)
		}
		n, err := rec.RecordDeliveries(pgkit.ContextWithTx(ctx, tx), app.RecordDeliveries{
			Event: app.Event{ID: d.Event.ID, Type: d.Event.Type, OccurredAt: d.Event.OccurredAt}, Specs: specs})
		if errors.Is(err, delivery.ErrInvalid) {
			return outbox.Permanent(err)
		}
		if err != nil {
			return err
		}
		log.Debug("deliveries recorded", zap.String("event_id", d.Event.ID), zap.String("event_type", d.Event.Type),
			zap.Int("new", n), zap.Int("attempt", d.Attempt))
		return nil
	}
}
