package app

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/establishment"
)

// Changes stores change applications (EST-1). Getters return
// establishment.ErrChangeNotFound when nothing matches; a second pending application
// of an establishment returns ErrDuplicate.
type Changes interface {
	Add(ctx context.Context, c *establishment.Change) error
	// Update loads the change under a row lock, runs fn and saves it unless fn fails.
	Update(ctx context.Context, id string, fn func(*establishment.Change) error) error
	// OfEstablishment lists all of an establishment's applications, oldest first,
	// after the cursor (creation time, id).
	OfEstablishment(ctx context.Context, establishmentID string, after Cursor, limit int) ([]*establishment.Change, error)
	// PendingOfOffice lists the pending applications of an office's establishments.
	PendingOfOffice(ctx context.Context, officeCode string, after Cursor, limit int) ([]*establishment.Change, error)
}

// ApplyChange applies for a change of the establishment information (EST-1).
type ApplyChange struct {
	EstablishmentID string
	Proposed        establishment.Profile
	ConfirmWarnings bool
}

// ApplyChange records the application. The live information stays until staff approve;
// one application may be pending at a time.
func (a *App) ApplyChange(ctx context.Context, cmd ApplyChange) (*establishment.Change, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if len(cmd.Proposed.Sections()) == 0 {
		return nil, establishment.ErrChangeEmpty
	}
	var ch *establishment.Change
	_, err = a.update(ctx, p, cmd.EstablishmentID, func(ctx context.Context, e *establishment.Establishment) error {
		checked, f := establishment.CheckInput(e.Profile.Merge(cmd.Proposed), clock.DateJST(a.clock.Now()).Year())
		if errs := onlyFor(f.Errors, cmd.Proposed); len(errs) > 0 {
			return establishment.ValidationError(errs).WithRule("EST-1")
		}
		warnings := onlyFor(f.Warnings, cmd.Proposed)
		if len(warnings) > 0 && !cmd.ConfirmWarnings {
			return establishment.ErrWarningsNotConfirmed.WithRule("EST-1")
		}
		normalized := pick(checked, cmd.Proposed)
		if normalized.Basic != nil {
			if _, err := a.offices.Resolve(normalized.Basic.MunicipalityCode); err != nil {
				return err
			}
		}
		var err error
		if ch, err = establishment.NewChange(a.newID(), e.ID, normalized, warnings, p.AccountID, a.clock.Now()); err != nil {
			return err
		}
		if err := a.changes.Add(ctx, ch); err != nil {
			if errors.Is(err, ErrDuplicate) {
				return establishment.ErrChangePending
			}
			return err
		}
		return a.ok(ctx, p, "establishment_change.apply", e.ID, ch.ID, map[string]string{"sections": joinInts(normalized.Sections())})
	})
	if err != nil {
		return nil, err
	}
	return ch, nil
}

// ListChanges lists change applications: an employer's own establishment's (all
// states), or the staff's office's pending ones (or one establishment's of the office).
type ListChanges struct {
	EstablishmentID string
	Page            Page
}

// ChangePage is one page of change applications.
type ChangePage struct {
	Changes       []*establishment.Change
	NextPageToken string
}

// ListChanges lists the applications the caller may see.
func (a *App) ListChanges(ctx context.Context, q ListChanges) (ChangePage, error) {
	p, err := principal(ctx)
	if err != nil {
		return ChangePage{}, err
	}
	filter := struct{ List, Office, Establishment string }{List: "establishment_changes"}
	var list func(after Cursor, limit int) ([]*establishment.Change, error)
	if p.Role == authn.RoleStaff && q.EstablishmentID == "" {
		filter.Office = p.OfficeCode
		list = func(after Cursor, limit int) ([]*establishment.Change, error) {
			return a.changes.PendingOfOffice(ctx, p.OfficeCode, after, limit)
		}
	} else {
		id := q.EstablishmentID
		if id == "" {
			id = p.EstablishmentID
		}
		if _, err := a.get(ctx, p, id); err != nil {
			return ChangePage{}, err
		}
		filter.Establishment = id
		list = func(after Cursor, limit int) ([]*establishment.Change, error) {
			return a.changes.OfEstablishment(ctx, id, after, limit)
		}
	}
	limit, after, err := q.Page.open(filter)
	if err != nil {
		return ChangePage{}, err
	}
	rows, err := list(after, limit+1)
	if err != nil {
		return ChangePage{}, err
	}
	var out ChangePage
	out.Changes, out.NextPageToken = cut(rows, limit, filter, func(c *establishment.Change) Cursor {
		return Cursor{At: c.CreatedAt, ID: c.ID}
	})
	detail := officeList(p, len(out.Changes))
	if filter.Establishment != "" {
		detail = map[string]string{"rows": strconv.Itoa(len(out.Changes))}
	}
	if err := a.staffRead(ctx, p, "establishment_change.read", filter.Establishment, "", detail); err != nil {
		return ChangePage{}, err
	}
	return out, nil
}

// ReviewChange approves (applies) or rejects a change application of the staff's
// office (EST-1).
type ReviewChange struct {
	ChangeID string
	Approve  bool
	// Message is the reason given to the employer on rejection.
	Message string
}

// ReviewChange decides the application; an approved change is announced so it
// applies to every posting (EST-1).
func (a *App) ReviewChange(ctx context.Context, cmd ReviewChange) (*establishment.Change, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	var out *establishment.Change
	err = a.tx.InTx(ctx, func(ctx context.Context) error {
		return a.changes.Update(ctx, cmd.ChangeID, func(ch *establishment.Change) error {
			_, err := a.update(ctx, p, ch.EstablishmentID, func(ctx context.Context, e *establishment.Establishment) error {
				now := a.clock.Now()
				if err := ch.Review(cmd.Approve, cmd.Message, p.AccountID, now); err != nil {
					return err
				}
				if !cmd.Approve {
					return a.ok(ctx, p, "establishment_change.reject", e.ID, ch.ID, nil)
				}
				officeCode := ""
				if ch.Proposed.Basic != nil {
					if o, err := a.offices.Resolve(ch.Proposed.Basic.MunicipalityCode); err == nil {
						officeCode = o.Code
					}
				}
				from := e.OfficeCode
				if err := e.ApplyChange(ch.Proposed, officeCode, now); err != nil {
					return err
				}
				if err := a.announceTransfer(ctx, e, from, erv1.TransferReason_TRANSFER_REASON_ADDRESS_CHANGE, now); err != nil {
					return err
				}
				if err := a.announce(ctx, e.ID, e.Version, now, &erv1.EstablishmentChangeApplied{EstablishmentId: e.ID,
					EstablishmentNumber: string(e.Number), ChangeId: ch.ID, Sections: int32s(ch.Proposed.Sections()),
					Profile: ProfilePayload(e.Profile), OfficeCode: e.OfficeCode, AppliedAt: timestamppb.New(now)}); err != nil {
					return err
				}
				return a.ok(ctx, p, "establishment_change.approve", e.ID, ch.ID, nil)
			})
			if errors.Is(err, establishment.ErrNotFound) {
				return establishment.ErrChangeNotFound
			}
			out = ch
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func int32s(in []int) []int32 {
	out := make([]int32, len(in))
	for i, v := range in {
		out[i] = int32(v)
	}
	return out
}

func joinInts(in []int) string {
	s := make([]string, len(in))
	for i, v := range in {
		s[i] = strconv.Itoa(v)
	}
	return strings.Join(s, ",")
}
