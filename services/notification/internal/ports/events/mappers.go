// Package events consumes the other services' event streams and turns each event that
// asks for a mail into deliveries, inside the consumer's inbox transaction. consumer.go
// registers the handlers in one typed outbox.Router; this file says, per event type,
// which mails the event asks for. A mapper's error means the event can never be mailed
// (poison).
package events

import (
	"fmt"
	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"

	"google.golang.org/protobuf/types/known/timestamppb"

	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	jobpostingv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/prototime"
	"github.com/hellowork-jp/hellowork/services/notification/internal/domain/delivery"
	hwmail "github.com/hellowork-jp/hellowork/services/notification/internal/domain/mail"
)

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
	// OPEN-1's key has no account yet: the mail concerns no establishment and is shown
	// to no office. OPEN-2/OPEN-3's password registration makes the recipient the
	// primary account; the other steps' recipients are whoever the account is.
	sc := byAccount(m.GetAccountId())
	sc.EstablishmentID = m.GetEstablishmentId()
	if m.GetPurpose() == identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_PASSWORD_REGISTRATION {
		sc.Role = delivery.RoleOwner
	}
	return scoped(sc)(one(k, hwmail.Data{Recipient: m.GetEmail(), IssuedAt: ev.OccurredAt, ExpiresAt: prototime.Time(m.GetExpiresAt())},
		m.GetSealedSecret(), m.GetExpiresAt() != nil))
}

func oneTimePasswordIssued(m *identityv1.OneTimePasswordIssued, ev outbox.Event) ([]delivery.Spec, error) {
	return scoped(byAccount(m.GetAccountId()))(one(hwmail.OneTimePassword, hwmail.Data{Recipient: m.GetEmail(), IssuedAt: ev.OccurredAt,
		ExpiresAt: prototime.Time(m.GetExpiresAt())}, m.GetSealedSecret(), m.GetExpiresAt() != nil)) // LOGIN-2
}

func registrationAttempted(m *identityv1.RegistrationAttempted, ev outbox.Event) ([]delivery.Spec, error) {
	return one(hwmail.RegistrationAttempted, hwmail.Data{Recipient: m.GetEmail(), IssuedAt: ev.OccurredAt}, nil, true)
}

func accountLocked(m *identityv1.AccountLocked, ev outbox.Event) ([]delivery.Spec, error) {
	d := hwmail.Data{Recipient: m.GetEmail(), IssuedAt: ev.OccurredAt, PasswordDisabled: m.GetPasswordDisabled(),
		LockedUntil: prototime.Time(m.GetLockedUntil())}
	if d.LockedUntil.IsZero() && !d.PasswordDisabled {
		return nil, fmt.Errorf("AccountLocked %s: no locked_until", ev.ID)
	}
	return scoped(byAccount(m.GetAccountId()))(one(hwmail.AccountLocked, d, nil, true)) // LOGIN-1
}

func passwordChanged(m *identityv1.PasswordChanged, ev outbox.Event) ([]delivery.Spec, error) {
	return scoped(byAccount(m.GetAccountId()))(one(hwmail.PasswordChanged, hwmail.Data{Recipient: m.GetEmail(), IssuedAt: ev.OccurredAt}, nil, true))
}

func loginAccountChanged(m *identityv1.LoginAccountChanged, ev outbox.Event) ([]delivery.Spec, error) {
	d := hwmail.Data{IssuedAt: ev.OccurredAt, OldEmail: m.GetOldEmail(), NewEmail: m.GetNewEmail()}
	old, nw := d, d
	old.Recipient, nw.Recipient = m.GetOldEmail(), m.GetNewEmail()
	// ACC-1: both addresses are told, so a hijacked account's owner learns of it.
	sc := byAccount(m.GetAccountId())
	return []delivery.Spec{{Kind: hwmail.LoginAccountChangedOldAddress, Data: old, Scope: sc},
		{Kind: hwmail.LoginAccountChangedNewAddress, Data: nw, Scope: sc}}, nil
}

func signedInFromNewDevice(m *identityv1.SignedInFromNewDevice, ev outbox.Event) ([]delivery.Spec, error) {
	return scoped(byAccount(m.GetAccountId()))(one(hwmail.NewDeviceSignIn, hwmail.Data{Recipient: m.GetEmail(), IssuedAt: ev.OccurredAt,
		UserAgent: m.GetUserAgent(), IP: m.GetIp()}, nil, true))
}

func additionalAccountAdded(m *identityv1.AdditionalAccountAdded, ev outbox.Event) ([]delivery.Spec, error) {
	d := hwmail.Data{IssuedAt: ev.OccurredAt, AccountEmail: m.GetEmail(), PrimaryEmail: m.GetPrimaryEmail()}
	p, a := d, d
	p.Recipient, a.Recipient = m.GetPrimaryEmail(), m.GetEmail()
	return []delivery.Spec{{Kind: hwmail.AdditionalAccountAdded, Data: p, Scope: owner(m.GetEstablishmentId())},
		{Kind: hwmail.AdditionalAccountWelcome, Data: a, Scope: additional(m.GetEstablishmentId(), m.GetAccountId())}}, nil
}

func additionalAccountDeleted(m *identityv1.AdditionalAccountDeleted, ev outbox.Event) ([]delivery.Spec, error) {
	d := hwmail.Data{IssuedAt: ev.OccurredAt, AccountEmail: m.GetEmail(), PrimaryEmail: m.GetPrimaryEmail()}
	p, a := d, d
	p.Recipient, a.Recipient = m.GetPrimaryEmail(), m.GetEmail()
	return []delivery.Spec{{Kind: hwmail.AdditionalAccountDeleted, Data: p, Scope: owner(m.GetEstablishmentId())},
		{Kind: hwmail.AdditionalAccountDeleted, Data: a, Scope: additional(m.GetEstablishmentId(), m.GetAccountId())}}, nil
}

func establishmentProvisionallyRegistered(m *erv1.EstablishmentProvisionallyRegistered, ev outbox.Event) ([]delivery.Spec, error) {
	d := hwmail.Data{Recipient: m.GetOwnerEmail(), IssuedAt: ev.OccurredAt, EstablishmentName: m.GetName(),
		OfficeName: m.GetOfficeName(), OfficeCode: m.GetOfficeCode(), SubmittedAt: ev.OccurredAt}
	if m.GetSubmittedAt() != nil {
		d.SubmittedAt = prototime.Time(m.GetSubmittedAt())
	}
	return scoped(owner(m.GetEstablishmentId()))(one(hwmail.EstablishmentProvisionalRegistration, d, nil, true)) // OPEN-1
}

func accountWithdrawn(m *identityv1.AccountWithdrawn, ev outbox.Event) ([]delivery.Spec, error) {
	// ACC-4: the restore deadline is identity's to decide; a withdrawal mail without it
	// would leave the employer guessing, so such an event is poison.
	d := hwmail.Data{Recipient: m.GetEmail(), IssuedAt: ev.OccurredAt, RestorableUntil: prototime.Time(m.GetRestorableUntil())}
	return scoped(owner(m.GetEstablishmentId()))(one(hwmail.AccountWithdrawn, d, nil, m.GetRestorableUntil() != nil)) // ACC-3, ACC-4
}

func accountRestored(m *identityv1.AccountRestored, ev outbox.Event) ([]delivery.Spec, error) {
	return scoped(owner(m.GetEstablishmentId()))(one(hwmail.AccountRestored, hwmail.Data{Recipient: m.GetEmail(), IssuedAt: ev.OccurredAt}, nil, true)) // ACC-4
}

// establishmentData is what the registration-review mails show; at is the producer's
// own time of the decision, if it sent one.
func establishmentData(email, name, officeCode, officeName string, at *timestamppb.Timestamp, ev outbox.Event) hwmail.Data {
	d := hwmail.Data{Recipient: email, IssuedAt: ev.OccurredAt, EstablishmentName: name, OfficeCode: officeCode, OfficeName: officeName}
	if at != nil {
		d.IssuedAt = prototime.Time(at)
	}
	return d
}

func establishmentReturned(m *erv1.EstablishmentReturned, ev outbox.Event) ([]delivery.Spec, error) {
	d := establishmentData(m.GetOwnerEmail(), m.GetName(), m.GetOfficeCode(), m.GetOfficeName(), m.GetReturnedAt(), ev)
	d.Message = m.GetMessage()
	return scoped(owner(m.GetEstablishmentId()))(one(hwmail.EstablishmentReturned, d, nil, true)) // OPEN-1 修正依頼
}

func establishmentRejected(m *erv1.EstablishmentRejected, ev outbox.Event) ([]delivery.Spec, error) {
	d := establishmentData(m.GetOwnerEmail(), m.GetName(), m.GetOfficeCode(), m.GetOfficeName(), m.GetRejectedAt(), ev)
	d.Message = m.GetMessage()
	return scoped(owner(m.GetEstablishmentId()))(one(hwmail.EstablishmentRejected, d, nil, true)) // OPEN-1
}

func establishmentAccepted(m *erv1.EstablishmentAccepted, ev outbox.Event) ([]delivery.Spec, error) {
	// The 事業所番号 is what this mail is for (ESTNO-1); without it the event is poison.
	if m.GetEstablishmentNumber() == "" {
		return nil, fmt.Errorf("EstablishmentAccepted %s: no establishment_number", ev.ID)
	}
	d := establishmentData(m.GetOwnerEmail(), m.GetName(), m.GetOfficeCode(), m.GetOfficeName(), m.GetAcceptedAt(), ev)
	d.EstablishmentNumber = m.GetEstablishmentNumber()
	return scoped(owner(m.GetEstablishmentId()))(one(hwmail.EstablishmentAccepted, d, nil, true)) // OPEN-1
}

func loginEmailRegistered(m *erv1.LoginEmailRegistered, ev outbox.Event) ([]delivery.Spec, error) {
	d := establishmentData(m.GetEmail(), m.GetName(), m.GetOfficeCode(), m.GetOfficeName(), m.GetRegisteredAt(), ev)
	d.EstablishmentNumber, d.NewEstablishment = m.GetEstablishmentNumber(), m.GetNewEstablishment()
	return scoped(owner(m.GetEstablishmentId()))(one(hwmail.LoginEmailRegistered, d, nil, true)) // OPEN-2
}

func postingProvisionallyRegistered(m *jobpostingv1.PostingProvisionallyRegistered, ev outbox.Event) ([]delivery.Spec, error) {
	d := hwmail.Data{Recipient: m.GetSubmittedByEmail(), IssuedAt: ev.OccurredAt, EstablishmentName: m.GetEstablishmentName(),
		OfficeName: m.GetOfficeName(), OfficeCode: m.GetOfficeCode(), JobTitle: m.GetOccupation(), SubmittedAt: ev.OccurredAt}
	if m.GetSubmittedAt() != nil {
		d.SubmittedAt = prototime.Time(m.GetSubmittedAt())
	}
	// The submitter may be an additional account: its role comes from the account.
	sc := byAccount(m.GetSubmittedBy())
	sc.EstablishmentID = m.GetEstablishmentId()
	return scoped(sc)(one(hwmail.JobPostingProvisionalRegistration, d, nil, true)) // JOB-1
}

// selectionReminderDue is 選考結果未入力通知 (APP-3) to the establishment's primary login
// e-mail; a reminder without a known address cannot be mailed (poison).
func selectionReminderDue(m *asv1.SelectionReminderDue, ev outbox.Event) ([]delivery.Spec, error) {
	if m.GetPrimaryEmail() == "" {
		return nil, fmt.Errorf("SelectionReminderDue %s has no recipient", m.GetApplicantId())
	}
	d := hwmail.Data{Recipient: m.GetPrimaryEmail(), IssuedAt: ev.OccurredAt, JobNumber: m.GetJobNumber(), JobTitle: m.GetOccupation(),
		ReferredAt: prototime.Time(m.GetAppliedAt())}
	return scoped(owner(m.GetEstablishmentId()))(one(hwmail.SelectionResultReminder, d, nil, m.GetAppliedAt() != nil))
}

// one is a single mail; ok=false (a missing required timestamp) makes the event poison.
func one(k hwmail.Kind, d hwmail.Data, sealed []byte, ok bool) ([]delivery.Spec, error) {
	if !ok {
		return nil, fmt.Errorf("%s event lacks a required time", k)
	}
	return []delivery.Spec{{Kind: k, Data: d, SealedSecret: sealed}}, nil
}

// Scopes of the recipients (LOGIN-5, ACC-2): which establishment a mail concerns and
// whether its address is the establishment's own login. What an event leaves unsaid
// (an identity event names only the account) the application completes from the read
// models of accounts and offices (scope.go).

// owner: the establishment's own login (primary, or the provisional owner).
func owner(establishmentID string) delivery.Scope {
	return delivery.Scope{EstablishmentID: establishmentID, Role: delivery.RoleOwner}
}

// additional: an additional account of the establishment, never shown to staff.
func additional(establishmentID, accountID string) delivery.Scope {
	return delivery.Scope{AccountID: accountID, EstablishmentID: establishmentID, Role: delivery.RoleAdditional}
}

// byAccount: establishment and role are those of the account, once known.
func byAccount(accountID string) delivery.Scope { return delivery.Scope{AccountID: accountID} }

// scoped sets sc on every spec of a mapper's result.
func scoped(sc delivery.Scope) func([]delivery.Spec, error) ([]delivery.Spec, error) {
	return func(specs []delivery.Spec, err error) ([]delivery.Spec, error) {
		for i := range specs {
			specs[i].Scope = sc
		}
		return specs, err
	}
}
