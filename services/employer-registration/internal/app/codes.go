package app

import (
	"context"
	"strconv"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/errs"
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/creationcode"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/establishment"
)

// Codes stores account creation codes (OPEN-3). The getters lock the code they return
// (in the ctx transaction) and return nil when no active code matches.
type Codes interface {
	Active(ctx context.Context, establishmentID string) (*creationcode.Code, error)
	ActiveByHash(ctx context.Context, hash []byte) (*creationcode.Code, error)
	Add(ctx context.Context, c *creationcode.Code) error
	Save(ctx context.Context, c *creationcode.Code) error
}

// IssueCode issues an account creation code for a registered establishment of the
// staff's office (OPEN-3).
type IssueCode struct{ EstablishmentID string }

// IssuedCode is the result of IssueCode; Code is shown once and never stored.
type IssuedCode struct {
	Code                string
	ExpiresOn           time.Time
	IssuedAt            time.Time
	EstablishmentNumber establishment.Number
}

// IssueCode issues a code; a code still active is replaced (voided) in the same step.
func (a *App) IssueCode(ctx context.Context, cmd IssueCode) (IssuedCode, error) {
	p, err := principal(ctx)
	if err != nil {
		return IssuedCode{}, err
	}
	code, err := creationcode.Generate()
	if err != nil {
		return IssuedCode{}, errs.Internal(err)
	}
	var out IssuedCode
	// The establishment's row lock serialises issues, so one code stays active.
	_, err = a.update(ctx, p, cmd.EstablishmentID, func(ctx context.Context, e *establishment.Establishment) error {
		if err := e.CanIssueCode(); err != nil {
			return err
		}
		now := a.clock.Now()
		old, err := a.codes.Active(ctx, e.ID)
		if err != nil {
			return err
		}
		if old != nil {
			wasUsable := old.Replace(now)
			if err := a.codes.Save(ctx, old); err != nil {
				return err
			}
			if wasUsable {
				if err := a.codeInvalidated(ctx, p, e, old, erv1.CodeInvalidationReason_CODE_INVALIDATION_REASON_REISSUED, now); err != nil {
					return err
				}
			}
		}
		c := creationcode.Issue(a.newID(), e.ID, a.hasher.Hash(code), p.AccountID, now)
		if err := a.codes.Add(ctx, c); err != nil {
			return err
		}
		expires := c.ExpiresOn()
		if err := a.ok(ctx, p, "creation_code.issue", e.ID, c.ID, map[string]string{"expires_on": expires.Format(time.DateOnly)}); err != nil {
			return err
		}
		out = IssuedCode{Code: code, ExpiresOn: expires, IssuedAt: now, EstablishmentNumber: e.Number}
		return a.announce(ctx, e.ID, e.Version, now, &erv1.AccountCreationCodeIssued{EstablishmentId: e.ID, EstablishmentNumber: string(e.Number),
			OfficeCode: e.OfficeCode, IssuedBy: p.AccountID, ExpiresOn: expires.Format(time.DateOnly), IssuedAt: timestamppb.New(now)})
	})
	if err != nil {
		return IssuedCode{}, err
	}
	return out, nil
}

// codeInvalidated audits and announces that c stopped being usable before its expiry.
func (a *App) codeInvalidated(ctx context.Context, p authn.Principal, e *establishment.Establishment, c *creationcode.Code, reason erv1.CodeInvalidationReason, now time.Time) error {
	if err := a.ok(ctx, p, "creation_code.invalidate", c.EstablishmentID, c.ID,
		map[string]string{"invalidation_reason": reason.String(), "mistakes": strconv.Itoa(c.Mistakes)}); err != nil {
		return err
	}
	return a.announce(ctx, c.EstablishmentID, e.Version, now, &erv1.AccountCreationCodeInvalidated{EstablishmentId: c.EstablishmentID,
		OfficeCode: e.OfficeCode, Reason: reason, InvalidatedAt: timestamppb.New(now)})
}

// VerifyCode checks 事業所番号, telephone number and code together for identity (OPEN-3).
type VerifyCode struct{ EstablishmentNumber, PhoneNumber, Code string }

// Verified is the establishment a code belongs to.
type Verified struct {
	EstablishmentID string
	OfficeCode      string
}

// VerifyCode decides the attempt with creationcode.Attempt. Every failure is the same
// creationcode.ErrInvalid, whatever was wrong, so nobody learns which establishments
// or codes exist. The mistakes counted and the audit entries are committed even
// though the call fails.
func (a *App) VerifyCode(ctx context.Context, cmd VerifyCode) (Verified, error) {
	// Only the identity service reaches this: the RPC's proto policy admits no one else.
	p, err := principal(ctx)
	if err != nil {
		return Verified{}, err
	}
	// The hash is computed for every attempt so that the work done does not depend on
	// whether the establishment exists.
	hash := a.hasher.Hash(cmd.Code)
	n, numberOK := establishment.ParseNumber(cmd.EstablishmentNumber)
	codeOK := creationcode.WellFormed(cmd.Code)
	var out Verified
	ok := false
	err = a.tx.InTx(ctx, func(ctx context.Context) error {
		now := a.clock.Now()
		var est *establishment.Establishment
		if numberOK {
			e, err := a.establishments.ByNumber(ctx, n)
			switch {
			case err == nil && e.State == establishment.StateRegistered:
				est = e
			case err != nil && errs.KindOf(err) != errs.KindNotFound:
				return err
			}
		}
		var at creationcode.Attempt
		if codeOK {
			at.Hash = hash
			if at.ByHash, err = a.codes.ActiveByHash(ctx, hash); err != nil {
				return err
			}
		}
		estID := ""
		if est != nil {
			estID = est.ID
			at.Owner, at.PhoneMatches = true, est.PhoneMatches(cmd.PhoneNumber)
			if at.ByNumber, err = a.codes.Active(ctx, est.ID); err != nil {
				return err
			}
		}
		v := at.Check(now)
		detail := map[string]string{}
		if numberOK {
			detail["establishment_number"] = string(n)
		}
		if v.OK {
			ok = true
			out = Verified{EstablishmentID: est.ID, OfficeCode: est.OfficeCode}
			return a.ok(ctx, p, "creation_code.verify", est.ID, v.Code.ID, detail)
		}
		for _, c := range v.Charged {
			if err := a.codes.Save(ctx, c); err != nil {
				return err
			}
			if c.Status == creationcode.StatusInvalidated {
				owner := est
				if owner == nil || owner.ID != c.EstablishmentID {
					if owner, err = a.establishments.Get(ctx, c.EstablishmentID); err != nil {
						return err
					}
				}
				if err := a.codeInvalidated(ctx, p, owner, c, erv1.CodeInvalidationReason_CODE_INVALIDATION_REASON_TOO_MANY_MISTAKES, now); err != nil {
					return err
				}
			}
			if c.EstablishmentID != estID {
				// A known code typed with another establishment's number: audit it
				// against the code's establishment too.
				if err := a.record(ctx, p, "creation_code.verify", c.EstablishmentID, c.ID, creationcode.ErrInvalid,
					map[string]string{"finding": string(creationcode.OutcomeMismatch)}); err != nil {
					return err
				}
			}
		}
		detail["finding"] = string(v.Outcome)
		return a.record(ctx, p, "creation_code.verify", estID, "", creationcode.ErrInvalid, detail)
	})
	if err != nil {
		return Verified{}, err
	}
	if !ok {
		return Verified{}, creationcode.ErrInvalid
	}
	return out, nil
}
