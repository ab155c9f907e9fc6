// Package events consumes the other services' event streams and turns each event that
// asks for a mail into deliveries, inside the consumer's inbox transaction.
package events

import (
	"fmt"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/services/notification/internal/domain/delivery"
	hwmail "github.com/hellowork-jp/hellowork/services/notification/internal/domain/mail"
)

// Mapper turns one event into the mails it asks for. An error means the event can
// never be mailed (poison).
type Mapper func(ev outbox.Event) ([]delivery.Spec, error)

// Producer is one service whose stream notification consumes.
type Producer struct {
	// Service is the producing service's name (its stream is outbox.StreamName(Service)).
	Service string
	// Consumer is the durable consumer name; it must never change.
	Consumer string
	// Mappers maps event types (proto full names = subjects) to mail specs.
	Mappers map[string]Mapper
}

// Subjects lists the event types p handles (the consumer's filter).
func (p Producer) Subjects() []string {
	out := make([]string, 0, len(p.Mappers))
	for s := range p.Mappers {
		out = append(out, s)
	}
	return out
}

// Producers are the streams notification consumes. job-posting (求人情報仮登録完了通知,
// JOB-1) and applicant-selection (選考結果未入力通知, APP-3) join here the same way once
// their event protos exist.
//
// Deliberately not mailed (their types are outside the consumers' filters):
//   - identity AccountOpened: for OPEN-1 acceptance the employer already gets
//     求人者マイページ開設通知 from EstablishmentAccepted (with the 事業所番号, which
//     AccountOpened lacks), and the event cannot tell an acceptance from an OPEN-2/OPEN-3
//     password registration, which the employer has just completed on screen; one
//     opening must not cause two mails.
//   - employer-registration ImageRejected: the event names no recipient, and
//     notification owns no account data to find one.
func Producers() []Producer {
	return []Producer{
		{Service: "identity", Consumer: "notification-identity", Mappers: map[string]Mapper{
			name(&identityv1.AuthKeyIssued{}):            on(authKeyIssued),
			name(&identityv1.OneTimePasswordIssued{}):    on(oneTimePasswordIssued),
			name(&identityv1.RegistrationAttempted{}):    on(registrationAttempted),
			name(&identityv1.AccountLocked{}):            on(accountLocked),
			name(&identityv1.PasswordChanged{}):          on(passwordChanged),
			name(&identityv1.LoginAccountChanged{}):      on(loginAccountChanged),
			name(&identityv1.SignedInFromNewDevice{}):    on(signedInFromNewDevice),
			name(&identityv1.AdditionalAccountAdded{}):   on(additionalAccountAdded),
			name(&identityv1.AdditionalAccountDeleted{}): on(additionalAccountDeleted),
			name(&identityv1.AccountWithdrawn{}):         on(accountWithdrawn),
			name(&identityv1.AccountRestored{}):          on(accountRestored),
		}},
		{Service: "employer-registration", Consumer: "notification-employer-registration", Mappers: map[string]Mapper{
			name(&erv1.EstablishmentProvisionallyRegistered{}): on(establishmentProvisionallyRegistered),
			name(&erv1.EstablishmentReturned{}):                on(establishmentReturned),
			name(&erv1.EstablishmentRejected{}):                on(establishmentRejected),
			name(&erv1.EstablishmentAccepted{}):                on(establishmentAccepted),
			name(&erv1.LoginEmailRegistered{}):                 on(loginEmailRegistered),
		}},
	}
}

func name(m proto.Message) string { return string(m.ProtoReflect().Descriptor().FullName()) }

// on adapts a typed mapper: it decodes the payload (outbox checks that the type
// matches) and marks every failure as permanent, since decoding again cannot help.
func on[T any, PT interface {
	*T
	proto.Message
}](f func(PT, outbox.Event) ([]delivery.Spec, error)) Mapper {
	return func(ev outbox.Event) ([]delivery.Spec, error) {
		m := PT(new(T))
		if err := ev.UnmarshalPayload(m); err != nil {
			return nil, err
		}
		return f(m, ev)
	}
}

func authKeyIssued(m *identityv1.AuthKeyIssued, ev outbox.Event) ([]delivery.Spec, error) {
	var k hwmail.Kind
	switch m.GetPurpose() {
	case identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_REGISTRATION:
		k = hwmail.AccountProvisionalRegistration // OPEN-1
	case identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_PASSWORD_REGISTRATION:
		k = hwmail.PasswordRegistration // OPEN-2, OPEN-3
	case identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_PASSWORD_RESET:
		k = hwmail.PasswordReset // RESET-1
	case identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_RESTORE:
		k = hwmail.AccountRestore // ACC-4
	case identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_EMAIL_CHANGE:
		k = hwmail.LoginEmailChange // ACC-1
	default:
		return nil, fmt.Errorf("AuthKeyIssued %s: unknown purpose %v", ev.ID, m.GetPurpose())
	}
	return one(k, hwmail.Data{Recipient: m.GetEmail(), IssuedAt: ev.OccurredAt, ExpiresAt: m.GetExpiresAt().AsTime()},
		m.GetSealedSecret(), m.GetExpiresAt() != nil)
}

func oneTimePasswordIssued(m *identityv1.OneTimePasswordIssued, ev outbox.Event) ([]delivery.Spec, error) {
	return one(hwmail.OneTimePassword, hwmail.Data{Recipient: m.GetEmail(), IssuedAt: ev.OccurredAt,
		ExpiresAt: m.GetExpiresAt().AsTime()}, m.GetSealedSecret(), m.GetExpiresAt() != nil) // LOGIN-2
}

func registrationAttempted(m *identityv1.RegistrationAttempted, ev outbox.Event) ([]delivery.Spec, error) {
	return one(hwmail.RegistrationAttempted, hwmail.Data{Recipient: m.GetEmail(), IssuedAt: ev.OccurredAt}, nil, true)
}

func accountLocked(m *identityv1.AccountLocked, ev outbox.Event) ([]delivery.Spec, error) {
	d := hwmail.Data{Recipient: m.GetEmail(), IssuedAt: ev.OccurredAt, PasswordDisabled: m.GetPasswordDisabled()}
	if m.GetLockedUntil() != nil {
		d.LockedUntil = m.GetLockedUntil().AsTime()
	}
	if d.LockedUntil.IsZero() && !d.PasswordDisabled {
		return nil, fmt.Errorf("AccountLocked %s: no locked_until", ev.ID)
	}
	return one(hwmail.AccountLocked, d, nil, true) // LOGIN-1
}

func passwordChanged(m *identityv1.PasswordChanged, ev outbox.Event) ([]delivery.Spec, error) {
	return one(hwmail.PasswordChanged, hwmail.Data{Recipient: m.GetEmail(), IssuedAt: ev.OccurredAt}, nil, true)
}

func loginAccountChanged(m *identityv1.LoginAccountChanged, ev outbox.Event) ([]delivery.Spec, error) {
	d := hwmail.Data{IssuedAt: ev.OccurredAt, OldEmail: m.GetOldEmail(), NewEmail: m.GetNewEmail()}
	old, nw := d, d
	old.Recipient, nw.Recipient = m.GetOldEmail(), m.GetNewEmail()
	// ACC-1: both addresses are told, so a hijacked account's owner learns of it.
	return []delivery.Spec{{Kind: hwmail.LoginAccountChangedOldAddress, Data: old},
		{Kind: hwmail.LoginAccountChangedNewAddress, Data: nw}}, nil
}

func signedInFromNewDevice(m *identityv1.SignedInFromNewDevice, ev outbox.Event) ([]delivery.Spec, error) {
	return one(hwmail.NewDeviceSignIn, hwmail.Data{Recipient: m.GetEmail(), IssuedAt: ev.OccurredAt,
		UserAgent: m.GetUserAgent(), IP: m.GetIp()}, nil, true)
}

func additionalAccountAdded(m *identityv1.AdditionalAccountAdded, ev outbox.Event) ([]delivery.Spec, error) {
	d := hwmail.Data{IssuedAt: ev.OccurredAt, AccountEmail: m.GetEmail(), PrimaryEmail: m.GetPrimaryEmail()}
	p, a := d, d
	p.Recipient, a.Recipient = m.GetPrimaryEmail(), m.GetEmail()
	return []delivery.Spec{{Kind: hwmail.AdditionalAccountAdded, Data: p}, {Kind: hwmail.AdditionalAccountWelcome, Data: a}}, nil
}

func additionalAccountDeleted(m *identityv1.AdditionalAccountDeleted, ev outbox.Event) ([]delivery.Spec, error) {
	d := hwmail.Data{IssuedAt: ev.OccurredAt, AccountEmail: m.GetEmail(), PrimaryEmail: m.GetPrimaryEmail()}
	p, a := d, d
	p.Recipient, a.Recipient = m.GetPrimaryEmail(), m.GetEmail()
	return []delivery.Spec{{Kind: hwmail.AdditionalAccountDeleted, Data: p}, {Kind: hwmail.AdditionalAccountDeleted, Data: a}}, nil
}

func establishmentProvisionallyRegistered(m *erv1.EstablishmentProvisionallyRegistered, ev outbox.Event) ([]delivery.Spec, error) {
	d := hwmail.Data{Recipient: m.GetOwnerEmail(), IssuedAt: ev.OccurredAt, EstablishmentName: m.GetName(),
		OfficeName: m.GetOfficeName(), OfficeCode: m.GetOfficeCode(), SubmittedAt: ev.OccurredAt}
	if m.GetSubmittedAt() != nil {
		d.SubmittedAt = m.GetSubmittedAt().AsTime()
	}
	return one(hwmail.EstablishmentProvisionalRegistration, d, nil, true) // OPEN-1
}

func accountWithdrawn(m *identityv1.AccountWithdrawn, ev outbox.Event) ([]delivery.Spec, error) {
	// ACC-4: the restore deadline is identity's to decide; a withdrawal mail without it
	// would leave the employer guessing, so such an event is poison.
	d := hwmail.Data{Recipient: m.GetEmail(), IssuedAt: ev.OccurredAt}
	if m.GetRestorableUntil() != nil {
		d.RestorableUntil = m.GetRestorableUntil().AsTime()
	}
	return one(hwmail.AccountWithdrawn, d, nil, m.GetRestorableUntil() != nil) // ACC-3, ACC-4
}

func accountRestored(m *identityv1.AccountRestored, ev outbox.Event) ([]delivery.Spec, error) {
	return one(hwmail.AccountRestored, hwmail.Data{Recipient: m.GetEmail(), IssuedAt: ev.OccurredAt}, nil, true) // ACC-4
}

// establishmentData is what the registration-review mails show; at is the producer's
// own time of the decision, if it sent one.
func establishmentData(email, name, officeCode, officeName string, at *timestamppb.Timestamp, ev outbox.Event) hwmail.Data {
	d := hwmail.Data{Recipient: email, IssuedAt: ev.OccurredAt, EstablishmentName: name, OfficeCode: officeCode, OfficeName: officeName}
	if at != nil {
		d.IssuedAt = at.AsTime()
	}
	return d
}

func establishmentReturned(m *erv1.EstablishmentReturned, ev outbox.Event) ([]delivery.Spec, error) {
	d := establishmentData(m.GetOwnerEmail(), m.GetName(), m.GetOfficeCode(), m.GetOfficeName(), m.GetReturnedAt(), ev)
	d.Message = m.GetMessage()
	return one(hwmail.EstablishmentReturned, d, nil, true) // OPEN-1 修正依頼
}

func establishmentRejected(m *erv1.EstablishmentRejected, ev outbox.Event) ([]delivery.Spec, error) {
	d := establishmentData(m.GetOwnerEmail(), m.GetName(), m.GetOfficeCode(), m.GetOfficeName(), m.GetRejectedAt(), ev)
	d.Message = m.GetMessage()
	return one(hwmail.EstablishmentRejected, d, nil, true) // OPEN-1
}

func establishmentAccepted(m *erv1.EstablishmentAccepted, ev outbox.Event) ([]delivery.Spec, error) {
	// The 事業所番号 is what this mail is for (ESTNO-1); without it the event is poison.
	if m.GetEstablishmentNumber() == "" {
		return nil, fmt.Errorf("EstablishmentAccepted %s: no establishment_number", ev.ID)
	}
	d := establishmentData(m.GetOwnerEmail(), m.GetName(), m.GetOfficeCode(), m.GetOfficeName(), m.GetAcceptedAt(), ev)
	d.EstablishmentNumber = m.GetEstablishmentNumber()
	return one(hwmail.EstablishmentAccepted, d, nil, true) // OPEN-1
}

func loginEmailRegistered(m *erv1.LoginEmailRegistered, ev outbox.Event) ([]delivery.Spec, error) {
	d := establishmentData(m.GetEmail(), m.GetName(), m.GetOfficeCode(), m.GetOfficeName(), m.GetRegisteredAt(), ev)
	d.EstablishmentNumber, d.NewEstablishment = m.GetEstablishmentNumber(), m.GetNewEstablishment()
	return one(hwmail.LoginEmailRegistered, d, nil, true) // OPEN-2
}

// one is a single mail; ok=false (a missing required timestamp) makes the event poison.
func one(k hwmail.Kind, d hwmail.Data, sealed []byte, ok bool) ([]delivery.Spec, error) {
	if !ok {
		return nil, fmt.Errorf("%s event lacks a required time", k)
	}
	return []delivery.Spec{{Kind: k, Data: d, SealedSecret: sealed}}, nil
}
