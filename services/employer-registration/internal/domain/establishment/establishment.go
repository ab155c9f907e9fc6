// Package establishment holds the 事業所 aggregate: its sections (the five pages of the
// OPEN-1 wizard, profile.go), the lifecycle of OPEN-1 (provisional registration, office
// review) and OPEN-2 (counter registration), the 事業所番号 (ESTNO-1) and the change
// applications of EST-1. Its methods are the rules; they do no I/O.
package establishment

import (
	"slices"
	"time"

	"github.com/hellowork-jp/hellowork/libs/errs"
)

// State is the lifecycle state of an establishment.
type State string

// States.
const (
	StateDraft       State = "DRAFT"       // the employer is filling in the sections
	StateProvisional State = "PROVISIONAL" // submitted, waiting for the office (仮登録)
	StateReturned    State = "RETURNED"    // returned for correction (修正依頼)
	StateRegistered  State = "REGISTERED"  // accepted (受理) or registered at the counter (本登録)
	StateRejected    State = "REJECTED"    // refused by the office
)

// Origin says how the establishment came in.
type Origin string

// Origins.
const (
	OriginWeb     Origin = "web"     // OPEN-1 self-registration
	OriginCounter Origin = "counter" // OPEN-2 counter registration
)

// Establishment is the aggregate root.
type Establishment struct {
	ID             string
	Number         Number // empty until registered
	NumberSource   NumberSource
	State          State
	Origin         Origin
	OwnerAccountID string // OPEN-1 provisional account; empty for counter registrations
	OwnerEmail     string
	OfficeCode     string
	// OfficeOverridden is set when staff chose the office; the address no longer moves it.
	OfficeOverridden bool
	Profile          Profile
	OfficeMessage    string
	SubmittedAt      time.Time
	RegisteredAt     time.Time
	Resubmissions    int
	Version          int64
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// Errors of the aggregate (reasons are part of the API, see the proto).
var (
	ErrNotFound = errs.New(errs.KindNotFound, "ESTABLISHMENT_NOT_FOUND",
		"establishment not found")
	ErrInvalidState = errs.New(errs.KindFailedPrecondition, "INVALID_STATE",
		"the establishment's state does not allow this")
	ErrSectionsIncomplete = errs.New(errs.KindFailedPrecondition, "SECTIONS_INCOMPLETE",
		"required sections are missing").WithRule("OPEN-1")
	ErrWarningsNotConfirmed = errs.New(errs.KindFailedPrecondition, "WARNINGS_NOT_CONFIRMED",
		"warnings must be confirmed")
	ErrAlreadyHasEstablishment = errs.New(errs.KindAlreadyExists, "ALREADY_HAS_ESTABLISHMENT",
		"this account already has a provisional registration").WithRule("OPEN-1")
	ErrNumberInvalid = errs.New(errs.KindInvalidArgument, "ESTABLISHMENT_NUMBER_INVALID",
		"the establishment number must be NNNN-NNNNNN-N").WithRule("ESTNO-1")
	ErrNumberTaken = errs.New(errs.KindAlreadyExists, "ESTABLISHMENT_NUMBER_TAKEN",
		"the establishment number is already registered").WithRule("ESTNO-1")
)

// ValidationError turns blocking findings into an INVALID_ARGUMENT error with one
// field violation each.
func ValidationError(issues []Issue) *errs.Error {
	e := errs.New(errs.KindInvalidArgument, "VALIDATION_FAILED", "the section has errors")
	for _, i := range issues {
		e = e.WithField(errs.FieldViolation{Field: i.Field, Reason: i.Reason, Message: i.Reason, MessageJA: i.MessageJA}) // built by errs.Field in Findings
	}
	return e
}

// NewProvisional starts the OPEN-1 registration of a provisional account.
func NewProvisional(id, ownerAccountID, ownerEmail string, now time.Time) *Establishment {
	return &Establishment{ID: id, State: StateDraft, Origin: OriginWeb, OwnerAccountID: ownerAccountID,
		OwnerEmail: ownerEmail, Version: 1, CreatedAt: now, UpdatedAt: now}
}

// Editable reports whether the employer may still change the sections (OPEN-1:
// until submission, and again after a return for correction).
func (e *Establishment) Editable() bool { return e.State == StateDraft || e.State == StateReturned }

// SaveSections stores already checked sections. officeCode is the office resolved from
// the address (empty when the address did not change); it applies unless staff chose
// the office.
func (e *Establishment) SaveSections(p Profile, officeCode string, now time.Time) error {
	if !e.Editable() {
		return ErrInvalidState.WithRule("OPEN-1")
	}
	e.Profile = e.Profile.Merge(p)
	if officeCode != "" && !e.OfficeOverridden {
		e.OfficeCode = officeCode
	}
	e.touch(now)
	return nil
}

// Submit submits (完了) or resubmits the registration (OPEN-1); it reports whether it
// was a resubmission after a return for correction. Only a draft or a returned
// registration with every section saved and an office resolved may be submitted.
func (e *Establishment) Submit(now time.Time) (resubmitted bool, err error) {
	if !e.Editable() {
		return false, ErrInvalidState.WithRule("OPEN-1")
	}
	if !e.Profile.Complete() || e.OfficeCode == "" {
		return false, ErrSectionsIncomplete
	}
	resubmitted = e.State == StateReturned
	if resubmitted {
		e.Resubmissions++
	}
	e.State = StateProvisional
	e.SubmittedAt = now
	e.touch(now)
	return resubmitted, nil
}

// Accept registers the establishment (受理, OPEN-1) under number (ESTNO-1); only a
// submitted registration waiting for the office may be accepted.
func (e *Establishment) Accept(number Number, source NumberSource, now time.Time) error {
	if e.State != StateProvisional {
		return ErrInvalidState.WithRule("OPEN-1")
	}
	e.Number, e.NumberSource = number, source
	e.State = StateRegistered
	e.RegisteredAt = now
	e.OfficeMessage = ""
	e.touch(now)
	return nil
}

// Return sends a submitted registration back for correction (修正依頼, OPEN-1) with the
// office's message; the employer may edit and resubmit it.
func (e *Establishment) Return(message string, now time.Time) error {
	if e.State != StateProvisional {
		return ErrInvalidState.WithRule("OPEN-1")
	}
	e.State = StateReturned
	e.OfficeMessage = message
	e.touch(now)
	return nil
}

// Reject refuses a submitted or returned registration with the office's reason
// (OPEN-1); the provisional account may then start a new one.
func (e *Establishment) Reject(message string, now time.Time) error {
	if e.State != StateProvisional && e.State != StateReturned {
		return ErrInvalidState.WithRule("OPEN-1")
	}
	e.State = StateRejected
	e.OfficeMessage = message
	e.touch(now)
	return nil
}

// Transfer moves the establishment to another office chosen by staff. The choice pins
// the office: later address changes no longer move it. A rejected registration is
// closed and stays where it is.
func (e *Establishment) Transfer(officeCode string, now time.Time) error {
	if e.State == StateRejected {
		return ErrInvalidState
	}
	e.OfficeCode = officeCode
	e.OfficeOverridden = true
	e.touch(now)
	return nil
}

// NewAtCounter registers an establishment at the counter (OPEN-2 本登録).
func NewAtCounter(id string, p Profile, officeCode string, number Number, source NumberSource, now time.Time) (*Establishment, error) {
	if !p.Complete() {
		return nil, ErrSectionsIncomplete.WithRule("OPEN-2")
	}
	return &Establishment{ID: id, Number: number, NumberSource: source, State: StateRegistered, Origin: OriginCounter,
		OfficeCode: officeCode, OfficeOverridden: true, Profile: p, RegisteredAt: now, Version: 1, CreatedAt: now, UpdatedAt: now}, nil
}

// ApplyChange applies an approved change application (EST-1). officeCode is the
// office resolved from a changed address ("" when the address did not change); it
// applies unless staff chose the office.
func (e *Establishment) ApplyChange(p Profile, officeCode string, now time.Time) error {
	if e.State != StateRegistered {
		return ErrInvalidState.WithRule("EST-1")
	}
	e.Profile = e.Profile.Merge(p)
	if officeCode != "" && !e.OfficeOverridden {
		e.OfficeCode = officeCode
	}
	e.touch(now)
	return nil
}

// CanAddLoginEmail: login e-mails are registered for registered establishments only
// (OPEN-2).
func (e *Establishment) CanAddLoginEmail() error {
	if e.State != StateRegistered {
		return ErrInvalidState.WithRule("OPEN-2")
	}
	return nil
}

// CanIssueCode: account creation codes are issued for registered establishments only
// (OPEN-3).
func (e *Establishment) CanIssueCode() error {
	if e.State != StateRegistered {
		return ErrInvalidState.WithRule("OPEN-3")
	}
	return nil
}

// PhoneMatches reports whether typed is the establishment's telephone number, compared
// on its digits (hyphens and full-width digits do not matter) and at least 10 digits
// long (OPEN-3 verification).
func (e *Establishment) PhoneMatches(typed string) bool {
	d := OnlyDigits(typed)
	return len(d) >= 10 && d == OnlyDigits(e.Phone())
}

// AcceptsImages reports whether images may be attached: not to a rejected
// registration (IMG-1).
func (e *Establishment) AcceptsImages() bool { return e.State != StateRejected }

// Name is the 事業所名, or "" before section 2 was saved.
func (e *Establishment) Name() string {
	if e.Profile.Basic == nil {
		return ""
	}
	return e.Profile.Basic.Name
}

// Phone is the establishment's telephone number (section 2).
func (e *Establishment) Phone() string {
	if e.Profile.Basic == nil {
		return ""
	}
	return e.Profile.Basic.PhoneNumber
}

// CompletedSections lists the sections saved so far.
func (e *Establishment) CompletedSections() []int { return slices.Clone(e.Profile.Sections()) }

func (e *Establishment) touch(now time.Time) {
	e.UpdatedAt = now
	e.Version++
}

// ChangeState is the state of a change application.
type ChangeState string

// Change states.
const (
	ChangePending  ChangeState = "PENDING"
	ChangeApproved ChangeState = "APPROVED"
	ChangeRejected ChangeState = "REJECTED"
)

// Change is an application to change the establishment information (EST-1). The live
// information stays as it is until staff approve.
type Change struct {
	ID              string
	EstablishmentID string
	State           ChangeState
	Proposed        Profile
	Warnings        []Issue
	ReviewMessage   string
	AppliedBy       string
	ReviewedBy      string
	CreatedAt       time.Time
	ReviewedAt      time.Time
}

// Change errors.
var (
	ErrChangeNotFound = errs.New(errs.KindNotFound, "CHANGE_NOT_FOUND",
		"change application not found")
	ErrChangePending = errs.New(errs.KindFailedPrecondition, "CHANGE_PENDING",
		"a change application is already waiting for the office").WithRule("EST-1")
	ErrChangeEmpty = errs.New(errs.KindInvalidArgument, "CHANGE_EMPTY",
		"the change names no section").WithRule("EST-1")
	ErrChangeNotPending = errs.New(errs.KindFailedPrecondition, "CHANGE_NOT_PENDING",
		"the change application is not waiting for review").WithRule("EST-1")
)

// NewChange is a change application of an establishment (EST-1): the proposed
// sections, already checked, and the warnings the employer confirmed.
func NewChange(id, establishmentID string, proposed Profile, warnings []Issue, appliedBy string, now time.Time) (*Change, error) {
	if len(proposed.Sections()) == 0 {
		return nil, ErrChangeEmpty
	}
	return &Change{ID: id, EstablishmentID: establishmentID, State: ChangePending, Proposed: proposed, Warnings: warnings,
		AppliedBy: appliedBy, CreatedAt: now}, nil
}

// Review decides a pending change (EST-1): approval applies it, rejection keeps the
// office's message for the employer.
func (c *Change) Review(approve bool, message, staffID string, now time.Time) error {
	if c.State != ChangePending {
		return ErrChangeNotPending
	}
	if approve {
		c.State = ChangeApproved
	} else {
		c.State = ChangeRejected
		c.ReviewMessage = message
	}
	c.ReviewedBy, c.ReviewedAt = staffID, now
	return nil
}
