package app

import (
	"context"
	"errors"
	"strconv"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/errs"
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	"github.com/hellowork-jp/hellowork/libs/office"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/establishment"
)

// Establishments stores the 事業所 aggregate. Getters return establishment.ErrNotFound
// when nothing matches; writes that hit a unique constraint return ErrDuplicate.
type Establishments interface {
	Get(ctx context.Context, id string) (*establishment.Establishment, error)
	// ByOwner returns the account's live registration, or else its latest rejected one.
	ByOwner(ctx context.Context, accountID string) (*establishment.Establishment, error)
	ByNumber(ctx context.Context, n establishment.Number) (*establishment.Establishment, error)
	Add(ctx context.Context, e *establishment.Establishment) error
	// Update loads the establishment under a row lock (in the ctx transaction, or one of
	// its own), runs fn and saves the result unless fn fails. Every change of the
	// aggregate moves its Version; when fn leaves it, nothing is written (the lock alone
	// serialised fn).
	Update(ctx context.Context, id string, fn func(*establishment.Establishment) error) error
	// Provisional lists an office's submitted registrations, oldest submission first,
	// after the cursor (submission time, id).
	Provisional(ctx context.Context, officeCode string, after Cursor, limit int) ([]*establishment.Establishment, error)
	// NextSerial draws the office's next serial for an assigned 事業所番号 (ESTNO-1).
	NextSerial(ctx context.Context, officeCode string) (int64, error)
}

// LoginEmails stores the login e-mails registered at the counter (OPEN-2); a second
// registration of the same address for the same establishment returns ErrDuplicate.
type LoginEmails interface {
	Add(ctx context.Context, establishmentID, email, registeredBy string, at time.Time) error
}

// update runs fn on establishment id under a row lock, in one transaction with what fn
// appends and audits, if p may access it; it returns the saved establishment.
func (a *App) update(ctx context.Context, p authn.Principal, id string, fn func(ctx context.Context, e *establishment.Establishment) error) (*establishment.Establishment, error) {
	var out *establishment.Establishment
	err := a.tx.InTx(ctx, func(ctx context.Context) error {
		return a.establishments.Update(ctx, id, func(e *establishment.Establishment) error {
			if err := mayAccess(p, e); err != nil {
				return err
			}
			if err := fn(ctx, e); err != nil {
				return err
			}
			out = e
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// get returns an establishment p may access.
func (a *App) get(ctx context.Context, p authn.Principal, id string) (*establishment.Establishment, error) {
	e, err := a.establishments.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := mayAccess(p, e); err != nil {
		return nil, err
	}
	return e, nil
}

// OfficeName returns the name of an office code, "" if unknown.
func (a *App) OfficeName(code string) string {
	o, err := a.offices.Get(code)
	if err != nil {
		return ""
	}
	return o.Name
}

// ListOffices lists the offices of a prefecture ("" for all); public reference data.
type ListOffices struct{ PrefectureCode string }

// ListOffices lists offices.
func (a *App) ListOffices(_ context.Context, q ListOffices) []office.Office {
	return a.offices.List(q.PrefectureCode)
}

// ResolveOffice finds the office of a municipality; public reference data.
type ResolveOffice struct{ MunicipalityCode string }

// ResolveOffice resolves a municipality's office.
func (a *App) ResolveOffice(_ context.Context, q ResolveOffice) (office.Office, error) {
	return a.offices.Resolve(q.MunicipalityCode)
}

// CreateProvisional starts the OPEN-1 registration of the calling provisional account.
func (a *App) CreateProvisional(ctx context.Context) (*establishment.Establishment, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	e := establishment.NewProvisional(a.newID(), p.AccountID, p.Email, a.clock.Now())
	if err := a.establishments.Add(ctx, e); err != nil {
		if errors.Is(err, ErrDuplicate) {
			return nil, establishment.ErrAlreadyHasEstablishment
		}
		return nil, err
	}
	return e, nil
}

// MyProvisional returns the provisional registration of the calling account: the live
// one, or else the latest the office rejected (OPEN-1), so that the employer can read
// its reason; CreateProvisional starts a new one after a rejection.
func (a *App) MyProvisional(ctx context.Context) (*establishment.Establishment, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	return a.establishments.ByOwner(ctx, p.AccountID)
}

// SaveSection saves sections of a draft or returned registration (OPEN-1).
type SaveSection struct {
	EstablishmentID string
	Section         establishment.Profile
	// ConfirmWarnings: the employer saw the warnings and saves anyway.
	ConfirmWarnings bool
}

// SaveResult is the outcome of SaveSection.
type SaveResult struct {
	Establishment *establishment.Establishment
	Saved         bool
	Warnings      []establishment.Issue
}

// SaveSection checks and saves sections (OPEN-1). Blocking findings refuse the save;
// warnings are reported without saving until the employer confirms them.
func (a *App) SaveSection(ctx context.Context, cmd SaveSection) (SaveResult, error) {
	p, err := principal(ctx)
	if err != nil {
		return SaveResult{}, err
	}
	var res SaveResult
	e, err := a.update(ctx, p, cmd.EstablishmentID, func(_ context.Context, e *establishment.Establishment) error {
		if !e.Editable() {
			return establishment.ErrInvalidState.WithRule("OPEN-1")
		}
		// Cross-section checks see the other saved sections too.
		checked, f := establishment.CheckInput(e.Profile.Merge(cmd.Section), clock.DateJST(a.clock.Now()).Year())
		if len(f.Errors) > 0 {
			return establishment.ValidationError(onlyFor(f.Errors, cmd.Section)).WithRule("OPEN-1")
		}
		res.Warnings = onlyFor(f.Warnings, cmd.Section)
		if len(res.Warnings) > 0 && !cmd.ConfirmWarnings {
			return nil
		}
		normalized := pick(checked, cmd.Section)
		officeCode := ""
		if normalized.Basic != nil {
			o, err := a.offices.Resolve(normalized.Basic.MunicipalityCode)
			if err != nil {
				return err
			}
			officeCode = o.Code
		}
		if err := e.SaveSections(normalized, officeCode, a.clock.Now()); err != nil {
			return err
		}
		res.Saved = true
		return nil
	})
	if err != nil {
		return SaveResult{}, err
	}
	res.Establishment = e
	return res, nil
}

// pick keeps the sections of checked that were present in section.
func pick(checked, section establishment.Profile) establishment.Profile {
	var out establishment.Profile
	if section.Company != nil {
		out.Company = checked.Company
	}
	if section.Basic != nil {
		out.Basic = checked.Basic
	}
	if section.Detail != nil {
		out.Detail = checked.Detail
	}
	if section.Workplace != nil {
		out.Workplace = checked.Workplace
	}
	if section.PR != nil {
		out.PR = checked.PR
	}
	return out
}

// onlyFor keeps the findings about the sections being saved.
func onlyFor(issues []establishment.Issue, section establishment.Profile) []establishment.Issue {
	prefixes := map[string]bool{}
	if section.Company != nil {
		prefixes["company."] = true
	}
	if section.Basic != nil {
		prefixes["basic."] = true
	}
	if section.Detail != nil {
		prefixes["detail."] = true
	}
	if section.Workplace != nil {
		prefixes["workplace."] = true
	}
	if section.PR != nil {
		prefixes["pr."] = true
	}
	var out []establishment.Issue
	for _, i := range issues {
		for pre := range prefixes {
			if len(i.Field) >= len(pre) && i.Field[:len(pre)] == pre {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// Submit submits (or resubmits after a return) a provisional registration (OPEN-1).
type Submit struct{ EstablishmentID string }

// Submit submits the registration and announces it; notification mails
// 事業所情報仮登録完了通知 (OPEN-1).
func (a *App) Submit(ctx context.Context, cmd Submit) (*establishment.Establishment, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	return a.update(ctx, p, cmd.EstablishmentID, func(ctx context.Context, e *establishment.Establishment) error {
		now := a.clock.Now()
		if p.Email != "" {
			e.OwnerEmail = p.Email // the token's e-mail is the current login address
		}
		resubmitted, err := e.Submit(now)
		if err != nil {
			return err
		}
		ts := timestamppb.New(now)
		if resubmitted {
			return a.announce(ctx, e.ID, e.Version, now, &erv1.EstablishmentResubmitted{EstablishmentId: e.ID, OwnerAccountId: e.OwnerAccountID,
				OwnerEmail: e.OwnerEmail, Name: e.Name(), OfficeCode: e.OfficeCode, OfficeName: a.OfficeName(e.OfficeCode), ResubmittedAt: ts})
		}
		return a.announce(ctx, e.ID, e.Version, now, &erv1.EstablishmentProvisionallyRegistered{EstablishmentId: e.ID, OwnerAccountId: e.OwnerAccountID,
			OwnerEmail: e.OwnerEmail, Name: e.Name(), OfficeCode: e.OfficeCode, OfficeName: a.OfficeName(e.OfficeCode), SubmittedAt: ts})
	})
}

// Worklist lists the provisional registrations of the staff's office, oldest first.
type Worklist struct{ Page Page }

// EstablishmentPage is one page of establishments.
type EstablishmentPage struct {
	Establishments []*establishment.Establishment
	NextPageToken  string
}

// Worklist lists the office's submitted registrations.
func (a *App) Worklist(ctx context.Context, q Worklist) (EstablishmentPage, error) {
	p, err := principal(ctx)
	if err != nil {
		return EstablishmentPage{}, err
	}
	filter := struct{ List, Office string }{"registration_worklist", p.OfficeCode}
	limit, after, err := q.Page.open(filter)
	if err != nil {
		return EstablishmentPage{}, err
	}
	list, err := a.establishments.Provisional(ctx, p.OfficeCode, after, limit+1)
	if err != nil {
		return EstablishmentPage{}, err
	}
	var out EstablishmentPage
	out.Establishments, out.NextPageToken = cut(list, limit, filter, func(e *establishment.Establishment) Cursor {
		return Cursor{At: e.SubmittedAt, ID: e.ID}
	})
	if err := a.staffRead(ctx, p, "registration_worklist.read", "", "", officeList(p, len(out.Establishments))); err != nil {
		return EstablishmentPage{}, err
	}
	return out, nil
}

// Accept accepts (受理) a provisional registration of the staff's office (OPEN-1).
type Accept struct {
	EstablishmentID string
	// ExistingNumber is the employment-insurance number staff typed; "" assigns one.
	ExistingNumber string
}

// Accept assigns the 事業所番号 (ESTNO-1) or takes the one staff entered, and announces
// the acceptance so identity opens the MyPage (OPEN-1).
func (a *App) Accept(ctx context.Context, cmd Accept) (*establishment.Establishment, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	e, err := a.update(ctx, p, cmd.EstablishmentID, func(ctx context.Context, e *establishment.Establishment) error {
		number, source, err := a.numberFor(ctx, e.OfficeCode, cmd.ExistingNumber)
		if err != nil {
			return err
		}
		now := a.clock.Now()
		if err := e.Accept(number, source, now); err != nil {
			return err
		}
		if err := a.ok(ctx, p, "establishment.accept", e.ID, "", map[string]string{"establishment_number": string(number)}); err != nil {
			return err
		}
		return a.announce(ctx, e.ID, e.Version, now, &erv1.EstablishmentAccepted{EstablishmentId: e.ID, EstablishmentNumber: string(number),
			OwnerAccountId: e.OwnerAccountID, OfficeCode: e.OfficeCode, OwnerEmail: e.OwnerEmail, Name: e.Name(),
			OfficeName: a.OfficeName(e.OfficeCode), AcceptedAt: timestamppb.New(now)})
	})
	if errors.Is(err, ErrDuplicate) {
		return nil, establishment.ErrNumberTaken
	}
	return e, err
}

// numberFor returns the number for a new registration: the one typed by staff (format
// checked only, ESTNO-1) or a new one from the office's serial.
func (a *App) numberFor(ctx context.Context, officeCode, typed string) (establishment.Number, establishment.NumberSource, error) {
	if typed != "" {
		n, ok := establishment.ParseNumber(typed)
		if !ok {
			return "", "", establishment.ErrNumberInvalid.WithField(errs.Field("establishment_number", "ESTABLISHMENT_NUMBER_INVALID", ""))
		}
		if _, err := a.establishments.ByNumber(ctx, n); err == nil {
			return "", "", establishment.ErrNumberTaken
		} else if !errors.Is(err, establishment.ErrNotFound) {
			return "", "", err
		}
		return n, establishment.SourceKoyoHoken, nil
	}
	serial, err := a.establishments.NextSerial(ctx, officeCode)
	if err != nil {
		return "", "", err
	}
	n, err := establishment.AssignNumber(officeCode, serial)
	if err != nil {
		return "", "", errs.Internal(err)
	}
	return n, establishment.SourceAssigned, nil
}

// Return sends a provisional registration back for correction (修正依頼, OPEN-1).
type Return struct{ EstablishmentID, Message string }

// Return returns the registration and announces it with the office's message.
func (a *App) Return(ctx context.Context, cmd Return) (*establishment.Establishment, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	return a.update(ctx, p, cmd.EstablishmentID, func(ctx context.Context, e *establishment.Establishment) error {
		now := a.clock.Now()
		if err := e.Return(cmd.Message, now); err != nil {
			return err
		}
		if err := a.ok(ctx, p, "establishment.return", e.ID, "", nil); err != nil {
			return err
		}
		return a.announce(ctx, e.ID, e.Version, now, &erv1.EstablishmentReturned{EstablishmentId: e.ID, OwnerAccountId: e.OwnerAccountID,
			OwnerEmail: e.OwnerEmail, Name: e.Name(), OfficeCode: e.OfficeCode, OfficeName: a.OfficeName(e.OfficeCode), Message: cmd.Message,
			ReturnedAt: timestamppb.New(now)})
	})
}

// Reject refuses a provisional registration (OPEN-1).
type Reject struct{ EstablishmentID, Message string }

// Reject rejects the registration and announces it with the office's reason.
func (a *App) Reject(ctx context.Context, cmd Reject) (*establishment.Establishment, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	return a.update(ctx, p, cmd.EstablishmentID, func(ctx context.Context, e *establishment.Establishment) error {
		now := a.clock.Now()
		if err := e.Reject(cmd.Message, now); err != nil {
			return err
		}
		if err := a.ok(ctx, p, "establishment.reject", e.ID, "", nil); err != nil {
			return err
		}
		return a.announce(ctx, e.ID, e.Version, now, &erv1.EstablishmentRejected{EstablishmentId: e.ID, OwnerAccountId: e.OwnerAccountID,
			OwnerEmail: e.OwnerEmail, Name: e.Name(), OfficeCode: e.OfficeCode, OfficeName: a.OfficeName(e.OfficeCode), Message: cmd.Message,
			RejectedAt: timestamppb.New(now)})
	})
}

// Transfer moves an establishment of the staff's office to another office.
type Transfer struct{ EstablishmentID, OfficeCode string }

// Transfer moves the establishment; the staff's choice pins its office.
func (a *App) Transfer(ctx context.Context, cmd Transfer) (*establishment.Establishment, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := a.offices.Get(cmd.OfficeCode); err != nil {
		return nil, err
	}
	return a.update(ctx, p, cmd.EstablishmentID, func(ctx context.Context, e *establishment.Establishment) error {
		from, now := e.OfficeCode, a.clock.Now()
		if err := e.Transfer(cmd.OfficeCode, now); err != nil {
			return err
		}
		if err := a.ok(ctx, p, "establishment.transfer", e.ID, "", map[string]string{"from": from, "to": cmd.OfficeCode}); err != nil {
			return err
		}
		return a.announceTransfer(ctx, e, from, erv1.TransferReason_TRANSFER_REASON_STAFF, now)
	})
}

// announceTransfer tells the other services that e now belongs to another office, so
// that identity, notification and job-posting move its staff access with it (LOGIN-5);
// nothing is announced when the office stayed the same.
func (a *App) announceTransfer(ctx context.Context, e *establishment.Establishment, from string, reason erv1.TransferReason, now time.Time) error {
	if e.OfficeCode == from {
		return nil
	}
	return a.announce(ctx, e.ID, e.Version, now, &erv1.EstablishmentTransferred{EstablishmentId: e.ID, EstablishmentNumber: string(e.Number),
		FromOfficeCode: from, OfficeCode: e.OfficeCode, OfficeName: a.OfficeName(e.OfficeCode), Reason: reason,
		TransferredAt: timestamppb.New(now)})
}

// RegisterAtCounter registers an establishment (本登録) at the counter of the staff's
// office, with its login e-mail when given (OPEN-2).
type RegisterAtCounter struct {
	Profile    establishment.Profile
	LoginEmail string
	// ExistingNumber is the employment-insurance number staff typed; "" assigns one.
	ExistingNumber string
}

// RegisterAtCounter registers the establishment, announces it to every service
// (EstablishmentRegisteredAtCounter) and its login e-mail to identity (OPEN-2). Without
// an e-mail the MyPage is opened later by AddLoginEmail or an account creation code
// (OPEN-3). Blocking checks apply as in OPEN-1; warnings are
// the staff's call.
func (a *App) RegisterAtCounter(ctx context.Context, cmd RegisterAtCounter) (*establishment.Establishment, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	email := ""
	if cmd.LoginEmail != "" {
		if email, err = loginEmail(cmd.LoginEmail); err != nil {
			return nil, err
		}
	}
	checked, f := establishment.CheckInput(cmd.Profile, clock.DateJST(a.clock.Now()).Year())
	if len(f.Errors) > 0 {
		return nil, establishment.ValidationError(f.Errors).WithRule("OPEN-2")
	}
	var e *establishment.Establishment
	err = a.tx.InTx(ctx, func(ctx context.Context) error {
		number, source, err := a.numberFor(ctx, p.OfficeCode, cmd.ExistingNumber)
		if err != nil {
			return err
		}
		e, err = establishment.NewAtCounter(a.newID(), checked, p.OfficeCode, number, source, a.clock.Now())
		if err != nil {
			return err
		}
		if err := a.establishments.Add(ctx, e); err != nil {
			if errors.Is(err, ErrDuplicate) {
				return establishment.ErrNumberTaken
			}
			return err
		}
		// Every counter registration is announced, with or without an e-mail: the other
		// services must know the establishment before it has a MyPage (JOB-2 counter
		// postings, the office read models).
		if err := a.announce(ctx, e.ID, e.Version, e.RegisteredAt, &erv1.EstablishmentRegisteredAtCounter{EstablishmentId: e.ID,
			EstablishmentNumber: string(e.Number), Name: e.Name(), OfficeCode: e.OfficeCode, OfficeName: a.OfficeName(e.OfficeCode),
			LoginEmailRegistered: email != "", RegisteredAt: timestamppb.New(e.RegisteredAt)}); err != nil {
			return err
		}
		if email == "" {
			return nil
		}
		return a.registerEmail(ctx, p, e, email, true)
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// AddLoginEmail adds a login e-mail to a registered establishment of the staff's
// office (OPEN-2).
type AddLoginEmail struct{ EstablishmentID, LoginEmail string }

// LoginEmailAdded is the establishment and the address as registered.
type LoginEmailAdded struct {
	Establishment *establishment.Establishment
	LoginEmail    string
}

// AddLoginEmail registers the address and announces it to identity.
func (a *App) AddLoginEmail(ctx context.Context, cmd AddLoginEmail) (LoginEmailAdded, error) {
	p, err := principal(ctx)
	if err != nil {
		return LoginEmailAdded{}, err
	}
	email, err := loginEmail(cmd.LoginEmail)
	if err != nil {
		return LoginEmailAdded{}, err
	}
	e, err := a.update(ctx, p, cmd.EstablishmentID, func(ctx context.Context, e *establishment.Establishment) error {
		if err := e.CanAddLoginEmail(); err != nil {
			return err
		}
		return a.registerEmail(ctx, p, e, email, false)
	})
	if err != nil {
		return LoginEmailAdded{}, err
	}
	return LoginEmailAdded{Establishment: e, LoginEmail: email}, nil
}

// ErrLoginEmailRegistered: the address is already registered for this establishment.
var ErrLoginEmailRegistered = errs.New(errs.KindAlreadyExists, "LOGIN_EMAIL_ALREADY_REGISTERED",
	"the e-mail is already registered for this establishment").WithRule("OPEN-2")

func (a *App) registerEmail(ctx context.Context, p authn.Principal, e *establishment.Establishment, email string, isNew bool) error {
	now := a.clock.Now()
	if err := a.loginEmails.Add(ctx, e.ID, email, p.AccountID, now); err != nil {
		if errors.Is(err, ErrDuplicate) {
			return ErrLoginEmailRegistered
		}
		return err
	}
	if err := a.ok(ctx, p, "login_email.register", e.ID, "", map[string]string{"new_establishment": strconv.FormatBool(isNew)}); err != nil {
		return err
	}
	return a.announce(ctx, e.ID, e.Version, now, &erv1.LoginEmailRegistered{EstablishmentId: e.ID, EstablishmentNumber: string(e.Number),
		Email: email, OfficeCode: e.OfficeCode, Name: e.Name(), OfficeName: a.OfficeName(e.OfficeCode), RegisteredAt: timestamppb.New(now),
		NewEstablishment: isNew})
}

// Lookup finds a registered establishment of the staff's office by its number.
type Lookup struct{ EstablishmentNumber string }

// Lookup finds the establishment.
func (a *App) Lookup(ctx context.Context, q Lookup) (*establishment.Establishment, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	n, ok := establishment.ParseNumber(q.EstablishmentNumber)
	if !ok {
		return nil, establishment.ErrNumberInvalid
	}
	e, err := a.establishments.ByNumber(ctx, n)
	if err != nil {
		return nil, err
	}
	if err := mayAccess(p, e); err != nil {
		return nil, err
	}
	if err := a.staffRead(ctx, p, "establishment.lookup", e.ID, "", nil); err != nil {
		return nil, err
	}
	return e, nil
}

// GetEstablishment returns an establishment the caller may see (EST-1).
type GetEstablishment struct{ EstablishmentID string }

// GetEstablishment returns the establishment.
func (a *App) GetEstablishment(ctx context.Context, q GetEstablishment) (*establishment.Establishment, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	e, err := a.get(ctx, p, q.EstablishmentID)
	if err != nil {
		return nil, err
	}
	if err := a.staffRead(ctx, p, "establishment.read", e.ID, "", nil); err != nil {
		return nil, err
	}
	return e, nil
}

// HomeSummary is the establishment part of the home screen (LOGIN-6).
type HomeSummary struct{ EstablishmentID string }

// Home is the home data of an establishment.
type Home struct {
	EstablishmentID     string
	EstablishmentName   string
	EstablishmentNumber string
	OfficeCode          string
	OfficeName          string
}

// HomeSummary returns the home data of an establishment the caller may see.
func (a *App) HomeSummary(ctx context.Context, q HomeSummary) (Home, error) {
	e, err := a.GetEstablishment(ctx, GetEstablishment(q))
	if err != nil {
		return Home{}, err
	}
	return Home{EstablishmentID: e.ID, EstablishmentName: e.Name(), EstablishmentNumber: string(e.Number),
		OfficeCode: e.OfficeCode, OfficeName: a.OfficeName(e.OfficeCode)}, nil
}
