package app

import (
	"context"
	"errors"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/errs"
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/establishment"
)

// CreateProvisional starts the OPEN-1 registration of the calling provisional account.
func (s *Service) CreateProvisional(ctx context.Context) (*establishment.Establishment, error) {
	p, err := requireRole(ctx, authn.RoleProvisional)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	e := establishment.NewProvisional(s.newID(), p.AccountID, p.Email, now)
	err = s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.InsertEstablishment(ctx, e); err != nil {
			if errors.Is(err, ErrDuplicate) {
				return establishment.ErrAlreadyHasEstablishment
			}
			return err
		}
		return nil
	})
	return e, err
}

// MyProvisional returns the provisional registration of the calling account.
func (s *Service) MyProvisional(ctx context.Context) (*establishment.Establishment, error) {
	p, err := requireRole(ctx, authn.RoleProvisional)
	if err != nil {
		return nil, err
	}
	var e *establishment.Establishment
	err = s.store.InTx(ctx, func(tx Tx) error {
		e, err = tx.EstablishmentByOwner(ctx, p.AccountID, false)
		return err
	})
	return e, err
}

// SaveResult is the outcome of SaveSection.
type SaveResult struct {
	Establishment *establishment.Establishment
	Saved         bool
	Warnings      []establishment.Issue
}

// SaveSection checks and saves sections of a draft or returned registration (OPEN-1).
// Blocking findings refuse the save; warnings are reported without saving until the
// employer confirms them.
func (s *Service) SaveSection(ctx context.Context, id string, section establishment.Profile, confirmWarnings bool) (SaveResult, error) {
	p, err := requireRole(ctx, authn.RoleProvisional)
	if err != nil {
		return SaveResult{}, err
	}
	var res SaveResult
	err = s.store.InTx(ctx, func(tx Tx) error {
		e, err := s.load(ctx, tx, p, id, true)
		if err != nil {
			return err
		}
		if !e.Editable() {
			return establishment.ErrInvalidState.WithRule("OPEN-1")
		}
		// Cross-section checks see the other saved sections too.
		merged := e.Profile.Merge(section)
		checked, f := establishment.CheckInput(merged, clock.DateJST(s.clock.Now()).Year())
		normalized := pick(checked, section)
		if len(f.Errors) > 0 {
			return establishment.ValidationError(onlyFor(f.Errors, section)).WithRule("OPEN-1")
		}
		warnings := onlyFor(f.Warnings, section)
		res = SaveResult{Establishment: e, Warnings: warnings}
		if len(warnings) > 0 && !confirmWarnings {
			return nil
		}
		officeCode := ""
		if normalized.Basic != nil {
			o, err := s.offices.Resolve(normalized.Basic.MunicipalityCode)
			if err != nil {
				return err
			}
			officeCode = o.Code
		}
		if err := e.SaveSections(normalized, officeCode, s.clock.Now()); err != nil {
			return err
		}
		res.Saved = true
		return tx.UpdateEstablishment(ctx, e)
	})
	return res, err
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

// Submit submits (or resubmits after a return) the provisional registration and
// announces it; notification mails 事業所情報仮登録完了通知 (OPEN-1).
func (s *Service) Submit(ctx context.Context, id string) (*establishment.Establishment, error) {
	p, err := requireRole(ctx, authn.RoleProvisional)
	if err != nil {
		return nil, err
	}
	var e *establishment.Establishment
	err = s.store.InTx(ctx, func(tx Tx) error {
		e, err = s.load(ctx, tx, p, id, true)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		if p.Email != "" {
			e.OwnerEmail = p.Email // the token's e-mail is the current login address
		}
		resubmitted, err := e.Submit(now)
		if err != nil {
			return err
		}
		if err := tx.UpdateEstablishment(ctx, e); err != nil {
			return err
		}
		ts := timestamppb.New(now)
		if resubmitted {
			return tx.Emit(ctx, e.ID, e.Version, now, &erv1.EstablishmentResubmitted{EstablishmentId: e.ID, OwnerAccountId: e.OwnerAccountID,
				OwnerEmail: e.OwnerEmail, Name: e.Name(), OfficeCode: e.OfficeCode, OfficeName: s.OfficeName(e.OfficeCode), ResubmittedAt: ts})
		}
		return tx.Emit(ctx, e.ID, e.Version, now, &erv1.EstablishmentProvisionallyRegistered{EstablishmentId: e.ID, OwnerAccountId: e.OwnerAccountID,
			OwnerEmail: e.OwnerEmail, Name: e.Name(), OfficeCode: e.OfficeCode, OfficeName: s.OfficeName(e.OfficeCode), SubmittedAt: ts})
	})
	return e, err
}

// Worklist lists the provisional registrations of the staff's office, oldest first.
func (s *Service) Worklist(ctx context.Context, page Page) ([]*establishment.Establishment, error) {
	p, err := requireRole(ctx, authn.RoleStaff)
	if err != nil {
		return nil, err
	}
	var out []*establishment.Establishment
	err = s.store.InTx(ctx, func(tx Tx) error {
		out, err = tx.Worklist(ctx, p.OfficeCode, []establishment.State{establishment.StateProvisional}, page)
		return err
	})
	return out, err
}

// Accept accepts (受理) a provisional registration of the staff's office: assigns the
// 事業所番号 (ESTNO-1) or takes the employment-insurance number staff entered, and
// announces it so identity opens the MyPage (OPEN-1).
func (s *Service) Accept(ctx context.Context, id, existingNumber string) (*establishment.Establishment, error) {
	p, err := requireRole(ctx, authn.RoleStaff)
	if err != nil {
		return nil, err
	}
	var e *establishment.Establishment
	err = s.store.InTx(ctx, func(tx Tx) error {
		e, err = s.load(ctx, tx, p, id, true)
		if err != nil {
			return err
		}
		number, source, err := s.numberFor(ctx, tx, e.OfficeCode, existingNumber)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		if err := e.Accept(number, source, now); err != nil {
			return err
		}
		if err := tx.UpdateEstablishment(ctx, e); err != nil {
			if errors.Is(err, ErrDuplicate) {
				return establishment.ErrNumberTaken
			}
			return err
		}
		if err := s.audit(ctx, tx, p, "establishment.accept", e.ID, "ok", map[string]any{"establishment_number": string(number)}); err != nil {
			return err
		}
		return tx.Emit(ctx, e.ID, e.Version, now, &erv1.EstablishmentAccepted{EstablishmentId: e.ID, EstablishmentNumber: string(number),
			OwnerAccountId: e.OwnerAccountID, OfficeCode: e.OfficeCode, OwnerEmail: e.OwnerEmail, Name: e.Name(),
			OfficeName: s.OfficeName(e.OfficeCode), AcceptedAt: timestamppb.New(now)})
	})
	return e, err
}

// numberFor returns the number for a new registration: the one typed by staff (format
// checked only, ESTNO-1) or a new one from the office's serial.
func (s *Service) numberFor(ctx context.Context, tx Tx, officeCode, typed string) (establishment.Number, establishment.NumberSource, error) {
	if typed != "" {
		n, ok := establishment.ParseNumber(typed)
		if !ok {
			return "", "", establishment.ErrNumberInvalid.WithField(errs.Field("establishment_number", "ESTABLISHMENT_NUMBER_INVALID", ""))
		}
		if _, err := tx.EstablishmentByNumber(ctx, n, false); err == nil {
			return "", "", establishment.ErrNumberTaken
		} else if !errors.Is(err, establishment.ErrNotFound) {
			return "", "", err
		}
		return n, establishment.SourceKoyoHoken, nil
	}
	serial, err := tx.NextSerial(ctx, officeCode)
	if err != nil {
		return "", "", err
	}
	n, err := establishment.AssignNumber(officeCode, serial)
	if err != nil {
		return "", "", errs.Internal(err)
	}
	return n, establishment.SourceAssigned, nil
}

// Return sends a provisional registration back for correction (修正依頼).
func (s *Service) Return(ctx context.Context, id, message string) (*establishment.Establishment, error) {
	return s.review(ctx, id, message, "establishment.return", func(e *establishment.Establishment, tx Tx) error {
		now := s.clock.Now()
		if err := e.Return(message, now); err != nil {
			return err
		}
		if err := tx.UpdateEstablishment(ctx, e); err != nil {
			return err
		}
		return tx.Emit(ctx, e.ID, e.Version, now, &erv1.EstablishmentReturned{EstablishmentId: e.ID, OwnerAccountId: e.OwnerAccountID,
			OwnerEmail: e.OwnerEmail, Name: e.Name(), OfficeCode: e.OfficeCode, OfficeName: s.OfficeName(e.OfficeCode), Message: message,
			ReturnedAt: timestamppb.New(now)})
	})
}

// Reject refuses a provisional registration.
func (s *Service) Reject(ctx context.Context, id, message string) (*establishment.Establishment, error) {
	return s.review(ctx, id, message, "establishment.reject", func(e *establishment.Establishment, tx Tx) error {
		now := s.clock.Now()
		if err := e.Reject(message, now); err != nil {
			return err
		}
		if err := tx.UpdateEstablishment(ctx, e); err != nil {
			return err
		}
		return tx.Emit(ctx, e.ID, e.Version, now, &erv1.EstablishmentRejected{EstablishmentId: e.ID, OwnerAccountId: e.OwnerAccountID,
			OwnerEmail: e.OwnerEmail, Name: e.Name(), OfficeCode: e.OfficeCode, OfficeName: s.OfficeName(e.OfficeCode), Message: message,
			RejectedAt: timestamppb.New(now)})
	})
}

func (s *Service) review(ctx context.Context, id, message, action string, fn func(*establishment.Establishment, Tx) error) (*establishment.Establishment, error) {
	p, err := requireRole(ctx, authn.RoleStaff)
	if err != nil {
		return nil, err
	}
	var e *establishment.Establishment
	err = s.store.InTx(ctx, func(tx Tx) error {
		e, err = s.load(ctx, tx, p, id, true)
		if err != nil {
			return err
		}
		if err := fn(e, tx); err != nil {
			return err
		}
		return s.audit(ctx, tx, p, action, e.ID, "ok", nil)
	})
	return e, err
}

// Transfer moves an establishment of the staff's office to another office.
func (s *Service) Transfer(ctx context.Context, id, officeCode string) (*establishment.Establishment, error) {
	p, err := requireRole(ctx, authn.RoleStaff)
	if err != nil {
		return nil, err
	}
	if _, err := s.offices.Get(officeCode); err != nil {
		return nil, err
	}
	var e *establishment.Establishment
	err = s.store.InTx(ctx, func(tx Tx) error {
		e, err = s.load(ctx, tx, p, id, true)
		if err != nil {
			return err
		}
		from := e.OfficeCode
		if err := e.Transfer(officeCode, s.clock.Now()); err != nil {
			return err
		}
		if err := tx.UpdateEstablishment(ctx, e); err != nil {
			return err
		}
		return s.audit(ctx, tx, p, "establishment.transfer", e.ID, "ok", map[string]any{"from": from, "to": officeCode})
	})
	return e, err
}

// RegisterAtCounter registers an establishment (本登録) at the counter of the staff's
// office and, when given, its login e-mail, announced to identity (OPEN-2). Without an
// e-mail the MyPage is opened later by AddLoginEmail or an account creation code (OPEN-3).
// Blocking checks apply as in OPEN-1; warnings are the staff's call.
func (s *Service) RegisterAtCounter(ctx context.Context, profile establishment.Profile, email, existingNumber string) (*establishment.Establishment, string, error) {
	p, err := requireRole(ctx, authn.RoleStaff)
	if err != nil {
		return nil, "", err
	}
	if email != "" {
		if email, err = NormalizeEmail(email); err != nil {
			return nil, "", err
		}
	}
	checked, f := establishment.CheckInput(profile, clock.DateJST(s.clock.Now()).Year())
	if len(f.Errors) > 0 {
		return nil, "", establishment.ValidationError(f.Errors).WithRule("OPEN-2")
	}
	var e *establishment.Establishment
	err = s.store.InTx(ctx, func(tx Tx) error {
		number, source, err := s.numberFor(ctx, tx, p.OfficeCode, existingNumber)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		e, err = establishment.NewAtCounter(s.newID(), checked, p.OfficeCode, number, source, now)
		if err != nil {
			return err
		}
		if err := tx.InsertEstablishment(ctx, e); err != nil {
			if errors.Is(err, ErrDuplicate) {
				return establishment.ErrNumberTaken
			}
			return err
		}
		if email == "" {
			return nil
		}
		return s.registerEmail(ctx, tx, p, e, email, true)
	})
	return e, email, err
}

// AddLoginEmail adds a login e-mail to a registered establishment of the staff's office (OPEN-2).
func (s *Service) AddLoginEmail(ctx context.Context, id, email string) (*establishment.Establishment, string, error) {
	p, err := requireRole(ctx, authn.RoleStaff)
	if err != nil {
		return nil, "", err
	}
	email, err = NormalizeEmail(email)
	if err != nil {
		return nil, "", err
	}
	var e *establishment.Establishment
	err = s.store.InTx(ctx, func(tx Tx) error {
		e, err = s.load(ctx, tx, p, id, true)
		if err != nil {
			return err
		}
		if e.State != establishment.StateRegistered {
			return establishment.ErrInvalidState.WithRule("OPEN-2")
		}
		return s.registerEmail(ctx, tx, p, e, email, false)
	})
	return e, email, err
}

// ErrLoginEmailRegistered: the address is already registered for this establishment.
var ErrLoginEmailRegistered = errs.New(errs.KindAlreadyExists, "LOGIN_EMAIL_ALREADY_REGISTERED",
	"the e-mail is already registered for this establishment").WithRule("OPEN-2")

func (s *Service) registerEmail(ctx context.Context, tx Tx, p authn.Principal, e *establishment.Establishment, email string, isNew bool) error {
	now := s.clock.Now()
	if err := tx.InsertLoginEmail(ctx, e.ID, email, p.AccountID, now); err != nil {
		if errors.Is(err, ErrDuplicate) {
			return ErrLoginEmailRegistered
		}
		return err
	}
	if err := s.audit(ctx, tx, p, "login_email.register", e.ID, "ok", map[string]any{"new_establishment": isNew}); err != nil {
		return err
	}
	return tx.Emit(ctx, e.ID, e.Version, now, &erv1.LoginEmailRegistered{EstablishmentId: e.ID, EstablishmentNumber: string(e.Number),
		Email: email, OfficeCode: e.OfficeCode, Name: e.Name(), OfficeName: s.OfficeName(e.OfficeCode), RegisteredAt: timestamppb.New(now),
		NewEstablishment: isNew})
}

// Lookup finds a registered establishment of the staff's office by its number.
func (s *Service) Lookup(ctx context.Context, number string) (*establishment.Establishment, error) {
	p, err := requireRole(ctx, authn.RoleStaff)
	if err != nil {
		return nil, err
	}
	n, ok := establishment.ParseNumber(number)
	if !ok {
		return nil, establishment.ErrNumberInvalid
	}
	var e *establishment.Establishment
	err = s.store.InTx(ctx, func(tx Tx) error {
		e, err = tx.EstablishmentByNumber(ctx, n, false)
		if err != nil {
			return err
		}
		if !canSee(p, e) {
			return establishment.ErrNotFound
		}
		return nil
	})
	return e, err
}

// Get returns an establishment the caller may see (EST-1).
func (s *Service) Get(ctx context.Context, id string) (*establishment.Establishment, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	var e *establishment.Establishment
	err = s.store.InTx(ctx, func(tx Tx) error {
		e, err = s.load(ctx, tx, p, id, false)
		return err
	})
	return e, err
}

func (s *Service) audit(ctx context.Context, tx Tx, p authn.Principal, action, estID, outcome string, detail map[string]any) error {
	return tx.Audit(ctx, AuditEntry{At: s.clock.Now(), Action: action, ActorID: p.AccountID, ActorRole: string(p.Role),
		EstablishmentID: estID, Outcome: outcome, Detail: detail})
}
