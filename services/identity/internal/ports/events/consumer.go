// Package events consumes the events identity reacts to: employer-registration's
// EstablishmentAccepted (OPEN-1: the provisional account becomes primary) and
// LoginEmailRegistered (OPEN-2: a login awaiting its password). Deliveries are
// deduplicated by libs/outbox's inbox in the same transaction as the effect: the
// handler carries that transaction in the context, so the application's repositories
// and outbox appends join it.
package events

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/services/identity/internal/app"
)

// Producer is the service whose stream is consumed.
const Producer = "employer-registration"

// ConsumerName is the durable consumer (and inbox) name.
const ConsumerName = "identity"

// Subjects consumed.
var Subjects = []string{
	string((&erv1.EstablishmentAccepted{}).ProtoReflect().Descriptor().FullName()),
	string((&erv1.LoginEmailRegistered{}).ProtoReflect().Descriptor().FullName()),
}

// Handler returns the outbox handler.
func Handler(a *app.App) outbox.Handler {
	return func(ctx context.Context, tx pgx.Tx, d outbox.Delivery) error {
		ctx = pgkit.ContextWithTx(ctx, tx)
		switch d.Event.Type {
		case Subjects[0]:
			var m erv1.EstablishmentAccepted
			if err := d.Event.UnmarshalPayload(&m); err != nil {
				return outbox.Permanent(err)
			}
			return a.EstablishmentAccepted(ctx, app.EstablishmentAccepted{OwnerAccountID: m.GetOwnerAccountId(),
				EstablishmentID: m.GetEstablishmentId(), EstablishmentNumber: m.GetEstablishmentNumber(), OfficeCode: m.GetOfficeCode()})
		case Subjects[1]:
			var m erv1.LoginEmailRegistered
			if err := d.Event.UnmarshalPayload(&m); err != nil {
				return outbox.Permanent(err)
			}
			return a.LoginEmailRegistered(ctx, app.LoginEmailRegistered{EstablishmentID: m.GetEstablishmentId(),
				EstablishmentNumber: m.GetEstablishmentNumber(), Email: m.GetEmail(), OfficeCode: m.GetOfficeCode()})
		default:
			return outbox.Permanent(fmt.Errorf("identity: unexpected event %s", d.Event.Type))
		}
	}
}
