package events

import (
	"context"

	"google.golang.org/protobuf/proto"

	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/services/notification/internal/app"
	"github.com/hellowork-jp/hellowork/services/notification/internal/domain/delivery"
)

// Learner is the use case the scope consumers call.
type Learner interface {
	Learn(ctx context.Context, accounts []app.AccountFact, offices []app.OfficeFact) error
}

// ScopeProducers are the streams read for the delivery log's scope (LOGIN-5): which
// office each establishment belongs to and which establishment and role each account
// has. They have durable consumers of their own, apart from the mail consumers, so
// that a new deployment reads each stream from its start and learns the establishments
// and accounts that exist already, without mailing anything again; like the mail
// consumers' names, these must never change.
var ScopeProducers = []Producer{
	{Service: "identity", Consumer: "notification-scopes-identity"},
	{Service: "employer-registration", Consumer: "notification-scopes-employer-registration"},
}

// NewScopeRouter registers every event that tells an account's establishment or an
// establishment's office. An office fact carries the event's aggregate version (the
// establishment's), so a transfer is followed and a stale event is ignored.
func NewScopeRouter(l Learner) *outbox.Router {
	r := outbox.NewRouter()
	// identity
	learnFrom(r, l, func(m *identityv1.AccountOpened, _ outbox.Event) ([]app.AccountFact, []app.OfficeFact) {
		role := delivery.RoleOwner // primary; a provisional account has no establishment yet (ignored)
		if m.GetRole() == identityv1.AccountRole_ACCOUNT_ROLE_ADDITIONAL {
			role = delivery.RoleAdditional
		}
		if m.GetRole() == identityv1.AccountRole_ACCOUNT_ROLE_STAFF {
			return nil, nil
		}
		return []app.AccountFact{{AccountID: m.GetAccountId(), EstablishmentID: m.GetEstablishmentId(), Role: role}}, nil
	})
	learnFrom(r, l, func(m *identityv1.AdditionalAccountAdded, _ outbox.Event) ([]app.AccountFact, []app.OfficeFact) {
		return []app.AccountFact{{AccountID: m.GetAccountId(), EstablishmentID: m.GetEstablishmentId(), Role: delivery.RoleAdditional}}, nil
	})
	// employer-registration: the OPEN-1 events name the provisional owner and the office.
	learnFrom(r, l, func(m *erv1.EstablishmentProvisionallyRegistered, ev outbox.Event) ([]app.AccountFact, []app.OfficeFact) {
		return ownerAt(m.GetOwnerAccountId(), m.GetEstablishmentId(), m.GetOfficeCode(), ev)
	})
	learnFrom(r, l, func(m *erv1.EstablishmentResubmitted, ev outbox.Event) ([]app.AccountFact, []app.OfficeFact) {
		return ownerAt(m.GetOwnerAccountId(), m.GetEstablishmentId(), m.GetOfficeCode(), ev)
	})
	learnFrom(r, l, func(m *erv1.EstablishmentReturned, ev outbox.Event) ([]app.AccountFact, []app.OfficeFact) {
		return ownerAt(m.GetOwnerAccountId(), m.GetEstablishmentId(), m.GetOfficeCode(), ev)
	})
	learnFrom(r, l, func(m *erv1.EstablishmentRejected, ev outbox.Event) ([]app.AccountFact, []app.OfficeFact) {
		return ownerAt(m.GetOwnerAccountId(), m.GetEstablishmentId(), m.GetOfficeCode(), ev)
	})
	learnFrom(r, l, func(m *erv1.EstablishmentAccepted, ev outbox.Event) ([]app.AccountFact, []app.OfficeFact) {
		return ownerAt(m.GetOwnerAccountId(), m.GetEstablishmentId(), m.GetOfficeCode(), ev)
	})
	learnFrom(r, l, func(m *erv1.LoginEmailRegistered, ev outbox.Event) ([]app.AccountFact, []app.OfficeFact) {
		return nil, officeAt(m.GetEstablishmentId(), m.GetOfficeCode(), ev)
	})
	learnFrom(r, l, func(m *erv1.AccountCreationCodeIssued, ev outbox.Event) ([]app.AccountFact, []app.OfficeFact) {
		return nil, officeAt(m.GetEstablishmentId(), m.GetOfficeCode(), ev)
	})
	learnFrom(r, l, func(m *erv1.EstablishmentChangeApplied, ev outbox.Event) ([]app.AccountFact, []app.OfficeFact) {
		return nil, officeAt(m.GetEstablishmentId(), m.GetOfficeCode(), ev)
	})
	learnFrom(r, l, func(m *erv1.EstablishmentTransferred, ev outbox.Event) ([]app.AccountFact, []app.OfficeFact) {
		return nil, officeAt(m.GetEstablishmentId(), m.GetOfficeCode(), ev) // M1: the log moves with it
	})
	return r
}

func ownerAt(accountID, establishmentID, officeCode string, ev outbox.Event) ([]app.AccountFact, []app.OfficeFact) {
	return []app.AccountFact{{AccountID: accountID, EstablishmentID: establishmentID, Role: delivery.RoleOwner}},
		officeAt(establishmentID, officeCode, ev)
}

func officeAt(establishmentID, officeCode string, ev outbox.Event) []app.OfficeFact {
	return []app.OfficeFact{{EstablishmentID: establishmentID, OfficeCode: officeCode, Version: ev.AggregateVersion}}
}

// learnFrom registers the handler of events whose payload is an M: facts says what the
// event tells, and Learn records it in the consumer's inbox transaction.
func learnFrom[M proto.Message](r *outbox.Router, l Learner,
	facts func(M, outbox.Event) ([]app.AccountFact, []app.OfficeFact)) {
	outbox.On(r, func(ctx context.Context, ev outbox.Event, m M) error {
		accounts, offices := facts(m, ev)
		return l.Learn(ctx, accounts, offices)
	})
}
