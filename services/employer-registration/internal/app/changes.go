package app

import (
	"context"
	"errors"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/establishment"
)

// ApplyChange applies for a change of the establishment information (EST-1). The live
// information stays until staff approve; one application may be pending at a time.
// ToProfile converts the sections to the domain form; it is passed by the handler.
func (s *Service) ApplyChange(ctx context.Context, id string, proposed establishment.Profile, confirmWarnings bool) (*establishment.Change, []establishment.Issue, error) {
	p, err := requireRole(ctx, authn.RolePrimary, authn.RoleAdditional)
	if err != nil {
		return nil, nil, err
	}
	if len(proposed.Sections()) == 0 {
		return nil, nil, establishment.ErrChangeEmpty
	}
	var ch *establishment.Change
	var warnings []establishment.Issue
	err = s.store.InTx(ctx, func(tx Tx) error {
		e, err := s.load(ctx, tx, p, id, true)
		if err != nil {
			return err
		}
		checked, f := establishment.CheckInput(e.Profile.Merge(proposed), clock.DateJST(s.clock.Now()).Year())
		if errs := onlyFor(f.Errors, proposed); len(errs) > 0 {
			return establishment.ValidationError(errs).WithRule("EST-1")
		}
		warnings = onlyFor(f.Warnings, proposed)
		if len(warnings) > 0 && !confirmWarnings {
			return establishment.ErrWarningsNotConfirmed.WithRule("EST-1")
		}
		normalized := pick(checked, proposed)
		if normalized.Basic != nil {
			if _, err := s.offices.Resolve(normalized.Basic.MunicipalityCode); err != nil {
				return err
			}
		}
		now := s.clock.Now()
		ch = &establishment.Change{ID: s.newID(), EstablishmentID: e.ID, State: establishment.ChangePending, Proposed: normalized,
			Warnings: warnings, AppliedBy: p.AccountID, CreatedAt: now}
		if err := tx.InsertChange(ctx, ch); err != nil {
			if errors.Is(err, ErrDuplicate) {
				return establishment.ErrChangePending
			}
			return err
		}
		return s.audit(ctx, tx, p, "establishment_change.apply", e.ID, "ok", map[string]any{"change_id": ch.ID, "sections": normalized.Sections()})
	})
	return ch, warnings, err
}

// ListChanges lists change applications: an employer's own establishment's (all
// states), or staff's office's pending ones (or one establishment's of the office).
func (s *Service) ListChanges(ctx context.Context, establishmentID string, page Page) ([]*establishment.Change, error) {
	p, err := requireRole(ctx, authn.RolePrimary, authn.RoleAdditional, authn.RoleStaff)
	if err != nil {
		return nil, err
	}
	var out []*establishment.Change
	err = s.store.InTx(ctx, func(tx Tx) error {
		if p.Role == authn.RoleStaff && establishmentID == "" {
			out, err = tx.ListChanges(ctx, "", p.OfficeCode, true, page)
			return err
		}
		if establishmentID == "" {
			establishmentID = p.EstablishmentID
		}
		if _, err := s.load(ctx, tx, p, establishmentID, false); err != nil {
			return err
		}
		out, err = tx.ListChanges(ctx, establishmentID, "", false, page)
		return err
	})
	return out, err
}

// ReviewChange approves (applies) or rejects a change application of the staff's
// office. An approved change is announced so it applies to every posting (EST-1).
func (s *Service) ReviewChange(ctx context.Context, changeID string, approve bool, message string) (*establishment.Change, error) {
	p, err := requireRole(ctx, authn.RoleStaff)
	if err != nil {
		return nil, err
	}
	var ch *establishment.Change
	err = s.store.InTx(ctx, func(tx Tx) error {
		ch, err = tx.Change(ctx, changeID, true)
		if err != nil {
			return err
		}
		e, err := tx.Establishment(ctx, ch.EstablishmentID, true)
		if err != nil || !canSee(p, e) {
			return establishment.ErrChangeNotFound
		}
		now := s.clock.Now()
		if err := ch.Review(approve, message, p.AccountID, now); err != nil {
			return err
		}
		if err := tx.UpdateChange(ctx, ch); err != nil {
			return err
		}
		action := "establishment_change.reject"
		if approve {
			action = "establishment_change.approve"
			officeCode := ""
			if ch.Proposed.Basic != nil {
				if o, err := s.offices.Resolve(ch.Proposed.Basic.MunicipalityCode); err == nil {
					officeCode = o.Code
				}
			}
			if err := e.ApplyChange(ch.Proposed, officeCode, now); err != nil {
				return err
			}
			if err := tx.UpdateEstablishment(ctx, e); err != nil {
				return err
			}
			if err := tx.Emit(ctx, e.ID, e.Version, now, &erv1.EstablishmentChangeApplied{EstablishmentId: e.ID,
				EstablishmentNumber: string(e.Number), ChangeId: ch.ID, Sections: int32s(ch.Proposed.Sections()),
				Profile: ProfileToProto(e.Profile), OfficeCode: e.OfficeCode, AppliedAt: timestamppb.New(now)}); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, p, action, e.ID, "ok", map[string]any{"change_id": ch.ID})
	})
	return ch, err
}

func int32s(in []int) []int32 {
	out := make([]int32, len(in))
	for i, v := range in {
		out[i] = int32(v)
	}
	return out
}

// Home is the establishment part of the home screen (LOGIN-6).
type Home struct {
	EstablishmentID     string
	EstablishmentName   string
	EstablishmentNumber string
	OfficeCode          string
	OfficeName          string
}

// HomeSummary returns the home data of an establishment the caller may see.
func (s *Service) HomeSummary(ctx context.Context, id string) (Home, error) {
	e, err := s.Get(ctx, id)
	if err != nil {
		return Home{}, err
	}
	return Home{EstablishmentID: e.ID, EstablishmentName: e.Name(), EstablishmentNumber: string(e.Number),
		OfficeCode: e.OfficeCode, OfficeName: s.OfficeName(e.OfficeCode)}, nil
}
