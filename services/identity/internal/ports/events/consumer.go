// Package events consumes the events identity reacts to: employer-registration's
// EstablishmentAccepted (OPEN-1: the provisional account becomes primary),
// LoginEmailRegistered (OPEN-2: a login awaiting its password),
// EstablishmentTransferred (M1: staff access follows the establishment's office), and
// AccountCreationCodeIssued / AccountCreationCodeInvalidated (OPEN-3: the auth keys
// the old code earned are voided). Deliveries are
// deduplicated by libs/outbox's inbox in the same transaction as the effect: the
// router carries that transaction in the context, so the application's repositories
// and outbox appends join it.
package events

import (
	"context"

	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/services/identity/internal/app"
)

// Producer is the service whose stream is consumed.
const Producer = "employer-registration"

// ConsumerName is the durable consumer (and inbox) name.
const ConsumerName = "identity"

// Router dispatches employer-registration's events to the application.
func Router(a *app.App) *outbox.Router {
	r := outbox.NewRouter()
	outbox.On(r, func(ctx context.Context, ev outbox.Event, m *erv1.EstablishmentAccepted) error {
		return a.EstablishmentAccepted(ctx, app.EstablishmentAccepted{OwnerAccountID: m.GetOwnerAccountId(),
			EstablishmentID: m.GetEstablishmentId(), EstablishmentNumber: m.GetEstablishmentNumber(), OfficeCode: m.GetOfficeCode(),
			Version: ev.AggregateVersion})
	})
	outbox.On(r, func(ctx context.Context, ev outbox.Event, m *erv1.LoginEmailRegistered) error {
		return a.LoginEmailRegistered(ctx, app.LoginEmailRegistered{EstablishmentID: m.GetEstablishmentId(),
			EstablishmentNumber: m.GetEstablishmentNumber(), Email: m.GetEmail(), OfficeCode: m.GetOfficeCode(), Version: ev.AggregateVersion})
	})
	outbox.On(r, func(ctx context.Context, ev outbox.Event, m *erv1.EstablishmentTransferred) error {
		return a.EstablishmentTransferred(ctx, app.EstablishmentTransferred{EstablishmentID: m.GetEstablishmentId(),
			FromOfficeCode: m.GetFromOfficeCode(), OfficeCode: m.GetOfficeCode(), Version: ev.AggregateVersion})
	})
	// M3: an auth key earned with a creation code ends with the code.
	outbox.On(r, func(ctx context.Context, _ outbox.Event, m *erv1.AccountCreationCodeIssued) error {
		return a.CreationCodeEnded(ctx, app.CreationCodeEnded{EstablishmentID: m.GetEstablishmentId(),
			At: m.GetIssuedAt().AsTime(), Why: "reissued"})
	})
	outbox.On(r, func(ctx context.Context, _ outbox.Event, m *erv1.AccountCreationCodeInvalidated) error {
		return a.CreationCodeEnded(ctx, app.CreationCodeEnded{EstablishmentID: m.GetEstablishmentId(),
			At: m.GetInvalidatedAt().AsTime(), Why: "invalidated"})
	})
	return r
}
