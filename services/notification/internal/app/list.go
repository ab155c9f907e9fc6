package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/libs/audit"
	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/errs"
	"github.com/hellowork-jp/hellowork/libs/pagetoken"
	"github.com/hellowork-jp/hellowork/services/notification/internal/domain/delivery"
	hwmail "github.com/hellowork-jp/hellowork/services/notification/internal/domain/mail"
)

// DeliveryFilter selects deliveries of the log; empty fields match everything.
type DeliveryFilter struct {
	Recipient string          `json:"r"` // case-insensitive
	Kind      hwmail.Kind     `json:"k"`
	Status    delivery.Status `json:"s"`
	EventID   string          `json:"e"`
}

// normalized is f as its page tokens are bound to: filters that select the same
// deliveries share tokens.
func (f DeliveryFilter) normalized() DeliveryFilter {
	f.Recipient, f.EventID = strings.ToLower(f.Recipient), strings.ToLower(f.EventID)
	return f
}

// LogPosition is the position after the last delivery of a page (newest first).
type LogPosition struct {
	CreatedAt time.Time
	ID        string
}

// DeliveryLog lists deliveries for staff.
type DeliveryLog interface {
	// List returns up to limit deliveries of establishments of officeCode matching f,
	// newest first, after the position (nil for the first page). f.Recipient matches
	// only recipients shown to staff (delivery.Scope.RecipientShown), so a withheld
	// address cannot be confirmed by filtering for it.
	List(ctx context.Context, officeCode string, f DeliveryFilter, after *LogPosition, limit int) ([]*delivery.Delivery, error)
}

// Auditor appends to the service's audit trail, in the transaction ctx carries.
type Auditor interface {
	Record(ctx context.Context, e audit.Entry) error
}

// ActionDeliveryLogRead is the audit action of every read of the delivery log.
const ActionDeliveryLogRead = "delivery_log.read"

// Page sizes of the delivery log (AIP-158).
const (
	DefaultPageSize = 50
	MaxPageSize     = 1000
)

// ListDeliveries asks for one page of the delivery log.
type ListDeliveries struct {
	Filter    DeliveryFilter
	PageSize  int
	PageToken string
}

// DeliveryPage is one page of the delivery log.
type DeliveryPage struct {
	Deliveries    []*delivery.Delivery
	NextPageToken string
}

// ErrEventIDInvalid: the event_id filter is not a UUID. Like pagetoken.ErrInvalid it
// carries its own reason at the top, so clients and the audit trail see which input
// was wrong.
var ErrEventIDInvalid = errs.New(errs.KindInvalidArgument, "EVENT_ID_INVALID", "event_id must be a UUID").
	WithField(errs.Field("event_id", "EVENT_ID_INVALID", "event_id must be a UUID"))

// ListDeliveries returns one page of deliveries, newest first. Only office staff may read
// the log: the RPC's policy in the proto admits staff alone and the grpcx interceptor
// enforces it before this runs. The resource check is the office (LOGIN-5): a staff
// member sees only the deliveries of the establishments their office is in charge of
// now, every filter applies within them, and the answer for a recipient of another
// office is the answer for an address that never received anything. Addresses that are
// not the establishment's own login (additional accounts, ACC-2) are withheld by the
// port (delivery.Scope.RecipientShown). Mail bodies and secrets are never part of it.
//
// Every read is audited as "delivery_log.read": a successful one in the same transaction
// as the read, so no page is returned without its entry; a failed one after that
// transaction, so the entry survives its rollback. The entry says which filters were
// used, never the recipient address itself. (Callers the policy refuses never reach
// the application; the interceptor logs them.)
func (a *App) ListDeliveries(ctx context.Context, q ListDeliveries) (DeliveryPage, error) {
	p, ok := authn.FromContext(ctx)
	if !ok {
		return DeliveryPage{}, errs.ErrUnauthenticated
	}
	if p.Role != authn.RoleStaff || p.OfficeCode == "" {
		return DeliveryPage{}, errs.ErrPermissionDenied // the policy admits only staff, who always have an office
	}
	entry := audit.Entry{At: a.clk.Now(), Action: ActionDeliveryLogRead, Actor: audit.ActorFrom(p), Detail: map[string]string{
		"recipient_filter": strconv.FormatBool(q.Filter.Recipient != ""), "mail_type": string(q.Filter.Kind),
		"status": string(q.Filter.Status), "event_id": q.Filter.EventID, "page_token": strconv.FormatBool(q.PageToken != ""),
	}}
	page, err := a.listDeliveries(ctx, p.OfficeCode, q, entry)
	if err != nil {
		if aerr := a.auditor.Record(ctx, entry.WithResult(err)); aerr != nil {
			a.log.Error("audit entry lost", zap.String("action", entry.Action), zap.Error(aerr))
		}
		return DeliveryPage{}, err
	}
	return page, nil
}

func (a *App) listDeliveries(ctx context.Context, office string, q ListDeliveries, entry audit.Entry) (DeliveryPage, error) {
	if q.Filter.EventID != "" {
		if _, err := uuid.Parse(q.Filter.EventID); err != nil {
			return DeliveryPage{}, ErrEventIDInvalid
		}
	}
	size := pagetoken.Size(q.PageSize, DefaultPageSize, MaxPageSize)
	filter := q.Filter.normalized()
	after, err := decodePosition(q.PageToken, filter)
	if err != nil {
		return DeliveryPage{}, err
	}
	var page DeliveryPage
	err = a.tx.InTx(ctx, func(ctx context.Context) error {
		ds, err := a.deliveryLog.List(ctx, office, filter, after, size+1)
		if err != nil {
			return errs.Internal(err)
		}
		if len(ds) > size {
			last := ds[size-1]
			page.NextPageToken = pagetoken.Encode(filter, last.CreatedAt.UTC().Format(time.RFC3339Nano), last.ID)
			ds = ds[:size]
		}
		page.Deliveries = make([]*delivery.Delivery, 0, len(ds))
		for _, d := range ds {
			if !d.Scope.VisibleTo(office) { // the query's scope, checked once more by the rule itself
				return errs.Internal(fmt.Errorf("delivery log: delivery %s of office %q listed for office %s", d.ID, d.Scope.OfficeCode, office))
			}
			page.Deliveries = append(page.Deliveries, d.ForStaff())
		}
		entry.Outcome = audit.OK
		entry.Detail["returned"] = strconv.Itoa(len(page.Deliveries))
		if err := a.auditor.Record(ctx, entry); err != nil {
			return errs.Internal(err)
		}
		return nil
	})
	return page, err
}

// decodePosition reads the keyset of a page token: the creation time and id of the last
// delivery of the previous page.
func decodePosition(tok string, filter DeliveryFilter) (*LogPosition, error) {
	keys, err := pagetoken.Decode(tok, filter)
	if err != nil || keys == nil {
		return nil, err
	}
	if len(keys) != 2 {
		return nil, pagetoken.ErrInvalid
	}
	at, err := time.Parse(time.RFC3339Nano, keys[0])
	if err != nil {
		return nil, pagetoken.ErrInvalid.Wrap(err)
	}
	if _, err := uuid.Parse(keys[1]); err != nil {
		return nil, pagetoken.ErrInvalid.Wrap(err)
	}
	return &LogPosition{CreatedAt: at, ID: keys[1]}, nil
}
