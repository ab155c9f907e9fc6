package app

import (
	"context"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/errs"
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/creationcode"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/establishment"
)

// IssuedCode is the result of IssueCode; Code is shown once and never stored.
type IssuedCode struct {
	Code                string
	ExpiresOn           time.Time
	IssuedAt            time.Time
	EstablishmentNumber establishment.Number
}

// IssueCode issues an account creation code for a registered establishment of the
// staff's office (OPEN-3). A code still active is replaced (voided) in the same step.
func (s *Service) IssueCode(ctx context.Context, id string) (IssuedCode, error) {
	p, err := requireRole(ctx, authn.RoleStaff)
	if err != nil {
		return IssuedCode{}, err
	}
	code, err := creationcode.Generate()
	if err != nil {
		return IssuedCode{}, errs.Internal(err)
	}
	var out IssuedCode
	err = s.store.InTx(ctx, func(tx Tx) error {
		e, err := s.load(ctx, tx, p, id, true)
		if err != nil {
			return err
		}
		if e.State != establishment.StateRegistered {
			return establishment.ErrInvalidState.WithRule("OPEN-3")
		}
		now := s.clock.Now()
		old, err := tx.ActiveCode(ctx, e.ID)
		if err != nil {
			return err
		}
		if old != nil {
			old.Replace(now)
			if err := tx.UpdateCode(ctx, old); err != nil {
				return err
			}
			if !old.Expired(now) {
				if err := s.codeInvalidated(ctx, tx, p, e, old, erv1.CodeInvalidationReason_CODE_INVALIDATION_REASON_REISSUED, now); err != nil {
					return err
				}
			}
		}
		c := &creationcode.Code{ID: s.newID(), EstablishmentID: e.ID, Hash: s.hasher.Hash(code), IssuedAt: now, IssuedBy: p.AccountID,
			Status: creationcode.StatusActive}
		if err := tx.InsertCode(ctx, c); err != nil {
			return err
		}
		expires := c.ExpiresOn()
		if err := s.audit(ctx, tx, p, "creation_code.issue", e.ID, "ok", map[string]any{"code_id": c.ID, "expires_on": expires.Format(time.DateOnly)}); err != nil {
			return err
		}
		out = IssuedCode{Code: code, ExpiresOn: expires, IssuedAt: now, EstablishmentNumber: e.Number}
		return tx.Emit(ctx, e.ID, e.Version, now, &erv1.AccountCreationCodeIssued{EstablishmentId: e.ID, EstablishmentNumber: string(e.Number),
			OfficeCode: e.OfficeCode, IssuedBy: p.AccountID, ExpiresOn: expires.Format(time.DateOnly), IssuedAt: timestamppb.New(now)})
	})
	return out, err
}

func (s *Service) codeInvalidated(ctx context.Context, tx Tx, p authn.Principal, e *establishment.Establishment, c *creationcode.Code, reason erv1.CodeInvalidationReason, now time.Time) error {
	if err := s.audit(ctx, tx, p, "creation_code.invalidate", c.EstablishmentID, reason.String(), map[string]any{"code_id": c.ID, "mistakes": c.Mistakes}); err != nil {
		return err
	}
	officeCode, version := "", int64(1)
	if e != nil {
		officeCode, version = e.OfficeCode, e.Version
	}
	return tx.Emit(ctx, c.EstablishmentID, version, now, &erv1.AccountCreationCodeInvalidated{EstablishmentId: c.EstablishmentID,
		OfficeCode: officeCode, Reason: reason, InvalidatedAt: timestamppb.New(now)})
}

// Verified is the establishment a code belongs to.
type Verified struct {
	EstablishmentID string
	OfficeCode      string
}

// VerifyCode checks 事業所番号, telephone number and code together for identity
// (OPEN-3). Every failure is the same ErrInvalid, whatever was wrong, and counts one
// mistake against every usable code the attempt names: the code of the establishment
// whose number was typed, and the code the typed code is (found by its keyed hash).
// So a mistake in any of the three fields counts, and the 10th invalidates the code.
// The mistake and the audit entry are committed even though the call fails.
func (s *Service) VerifyCode(ctx context.Context, number, phone, code string) (Verified, error) {
	p, err := requireRole(ctx, authn.RoleService)
	if err != nil {
		return Verified{}, err
	}
	if p.AccountID != s.verifierService {
		return Verified{}, errs.ErrPermissionDenied
	}
	// The hash is computed for every attempt so that the work done does not depend on
	// whether the establishment exists.
	hash := s.hasher.Hash(code)
	n, numberOK := establishment.ParseNumber(number)
	phoneDigits := establishment.OnlyDigits(phone)
	codeOK := creationcode.WellFormed(code)
	var out Verified
	ok := false
	err = s.store.InTx(ctx, func(tx Tx) error {
		now := s.clock.Now()
		var est *establishment.Establishment
		if numberOK {
			e, err := tx.EstablishmentByNumber(ctx, n, false)
			switch {
			case err == nil && e.State == establishment.StateRegistered:
				est = e
			case err != nil && errs.KindOf(err) != errs.KindNotFound:
				return err
			}
		}
		var byEst, byHash *creationcode.Code
		if est != nil {
			if byEst, err = tx.ActiveCode(ctx, est.ID); err != nil {
				return err
			}
		}
		if codeOK {
			if byHash, err = tx.ActiveCodeByHash(ctx, hash); err != nil {
				return err
			}
		}
		match := est != nil && byEst != nil && byEst.Usable(now) && codeOK && creationcode.Equal(byEst.Hash, hash) &&
			len(phoneDigits) >= 10 && phoneDigits == establishment.OnlyDigits(est.Phone())
		detail := map[string]any{}
		if numberOK {
			detail["establishment_number"] = string(n)
		}
		estID := ""
		if est != nil {
			estID = est.ID
		}
		if match {
			ok = true
			out = Verified{EstablishmentID: est.ID, OfficeCode: est.OfficeCode}
			detail["code_id"] = byEst.ID
			return s.audit(ctx, tx, p, "creation_code.verify", est.ID, "ok", detail)
		}
		outcome := "mismatch"
		switch {
		case est == nil && byHash == nil:
			outcome = "no_match"
		case byEst != nil && !byEst.Usable(now):
			outcome = "expired"
		}
		counted := map[string]bool{}
		for _, c := range []*creationcode.Code{byEst, byHash} {
			if c == nil || counted[c.ID] || !c.Usable(now) {
				continue
			}
			counted[c.ID] = true
			invalidated := c.RecordMistake(now)
			if err := tx.UpdateCode(ctx, c); err != nil {
				return err
			}
			if invalidated {
				owner := est
				if owner == nil || owner.ID != c.EstablishmentID {
					if owner, err = tx.Establishment(ctx, c.EstablishmentID, false); err != nil {
						return err
					}
				}
				if err := s.codeInvalidated(ctx, tx, p, owner, c, erv1.CodeInvalidationReason_CODE_INVALIDATION_REASON_TOO_MANY_MISTAKES, now); err != nil {
					return err
				}
			}
			if c.EstablishmentID != estID {
				// A known code typed with another establishment's number: audit it
				// against the code's establishment too.
				if err := s.audit(ctx, tx, p, "creation_code.verify", c.EstablishmentID, "mismatch", map[string]any{"code_id": c.ID}); err != nil {
					return err
				}
			}
		}
		return s.audit(ctx, tx, p, "creation_code.verify", estID, outcome, detail)
	})
	if err != nil {
		return Verified{}, err
	}
	if !ok {
		return Verified{}, creationcode.ErrInvalid
	}
	return out, nil
}
