package events

import (
	"context"
	"errors"

	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/services/notification/internal/app"
	"github.com/hellowork-jp/hellowork/services/notification/internal/domain/delivery"
)

// Recorder is the use case the consumers call.
type Recorder interface {
	RecordDeliveries(ctx context.Context, cmd app.RecordDeliveries) (int, error)
}

// Producer is one service whose stream notification consumes.
type Producer struct {
	// Service is the producing service's name (its stream is outbox.StreamName(Service)).
	Service string
	// Consumer is the durable consumer name; it must never change, or every event of
	// the stream would be mailed again.
	Consumer string
}

// Producers are the streams notification consumes; each consumer's filter is the
// router's types of that stream (outbox.Router.Subjects).
var Producers = []Producer{
	{Service: "identity", Consumer: "notification-identity"},
	{Service: "employer-registration", Consumer: "notification-employer-registration"},
	{Service: "job-posting", Consumer: "notification-job-posting"},
	{Service: "applicant-selection", Consumer: "notification-applicant-selection"},
}

// NewRouter returns the one typed registry of the consumers: every event type that asks
// for mail, with its mapper (mappers.go). A handler maps the payload to mail specs and
// records the deliveries in the consumer's inbox transaction, which the router carries
// in ctx. A mapper's refusal and a mail that can never be sent are permanent (dead
// letter at once, the events behind flow on); database errors are retried.
//
// Deliberately not mailed (their types are outside the consumers' filters):
//   - identity AccountOpened: for OPEN-1 acceptance the employer already gets
//     求人者マイページ開設通知 from EstablishmentAccepted (with the 事業所番号, which
//     AccountOpened lacks), and the event cannot tell an acceptance from an OPEN-2/OPEN-3
//     password registration, which the employer has just completed on screen; one
//     opening must not cause two mails.
//   - employer-registration ImageRejected: the event names no recipient, and
//     notification owns no account data to find one.
func NewRouter(rec Recorder, log *zap.Logger) *outbox.Router {
	r := outbox.NewRouter()
	// identity
	mailFor(r, rec, log, authKeyIssued)
	mailFor(r, rec, log, oneTimePasswordIssued)
	mailFor(r, rec, log, registrationAttempted)
	mailFor(r, rec, log, accountLocked)
	mailFor(r, rec, log, passwordChanged)
	mailFor(r, rec, log, loginAccountChanged)
	mailFor(r, rec, log, signedInFromNewDevice)
	mailFor(r, rec, log, additionalAccountAdded)
	mailFor(r, rec, log, additionalAccountDeleted)
	mailFor(r, rec, log, accountWithdrawn)
	mailFor(r, rec, log, accountRestored)
	// employer-registration
	mailFor(r, rec, log, establishmentProvisionallyRegistered)
	mailFor(r, rec, log, establishmentReturned)
	mailFor(r, rec, log, establishmentRejected)
	mailFor(r, rec, log, establishmentAccepted)
	mailFor(r, rec, log, loginEmailRegistered)
	// job-posting
	mailFor(r, rec, log, postingProvisionallyRegistered)
	// applicant-selection
	mailFor(r, rec, log, selectionReminderDue)
	return r
}

// mailFor registers the handler of events whose payload is an M: toSpecs says which
// mails the event asks for, and RecordDeliveries records them.
func mailFor[M proto.Message](r *outbox.Router, rec Recorder, log *zap.Logger, toSpecs func(M, outbox.Event) ([]delivery.Spec, error)) {
	outbox.On(r, func(ctx context.Context, ev outbox.Event, m M) error {
		specs, err := toSpecs(m, ev)
		if err != nil {
			return outbox.Permanent(err)
		}
		n, err := rec.RecordDeliveries(ctx, app.RecordDeliveries{
			Event: app.Event{ID: ev.ID, Type: ev.Type, OccurredAt: ev.OccurredAt}, Specs: specs})
		if errors.Is(err, delivery.ErrInvalid) {
			return outbox.Permanent(err)
		}
		if err != nil {
			return err
		}
		log.Debug("deliveries recorded", zap.String("event_id", ev.ID), zap.String("event_type", ev.Type), zap.Int("new", n))
		return nil
	})
}
