package app

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"

	"github.com/google/uuid"
	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/errs"
	"github.com/hellowork-jp/hellowork/services/notification/internal/domain/delivery"
	hwmail "github.com/hellowork-jp/hellowork/services/notification/internal/domain/mail"
)

// DeliveryFilter selects deliveries of the log; empty fields match everything.
type DeliveryFilter struct {
	Recipient string // case-insensitive
	Kind      hwmail.Kind
	Status    delivery.Status
	EventID   string
}

// LogPosition is the position after the last delivery of a page (newest first).
type LogPosition struct {
	CreatedAt time.Time
	ID        string
}

// DeliveryLog lists deliveries for staff.
type DeliveryLog interface {
	// List returns up to limit deliveries matching f, newest first, after the position
	// (nil for the first page).
	List(ctx context.Context, f DeliveryFilter, after *LogPosition, limit int) ([]*delivery.Delivery, error)
}

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

// ErrPageTokenInvalid: the token is not one of ours, or was issued for other filters.
var ErrPageTokenInvalid = errs.Invalid(errs.FieldViolation{Field: "page_token", Reason: "PAGE_TOKEN_INVALID",
	Message:   "page_token is invalid or was issued for other filters",
	MessageJA: "ページの指定が正しくありません。最初のページから検索し直してください。"})

// ErrEventIDInvalid: the event_id filter is not a UUID.
var ErrEventIDInvalid = errs.Invalid(errs.FieldViolation{Field: "event_id", Reason: "EVENT_ID_INVALID",
	Message: "event_id must be a UUID", MessageJA: "イベントIDの形式が正しくありません。"})

// ListDeliveries returns one page of deliveries, newest first. Only office staff may read
// the log: it names every recipient. Mail bodies and secrets are never part of it.
func (a *App) ListDeliveries(ctx context.Context, q ListDeliveries) (DeliveryPage, error) {
	p, ok := authn.FromContext(ctx)
	if !ok {
		return DeliveryPage{}, errs.ErrUnauthenticated
	}
	if p.Role != authn.RoleStaff {
		return DeliveryPage{}, errs.ErrPermissionDenied
	}
	if q.Filter.EventID != "" {
		if _, err := uuid.Parse(q.Filter.EventID); err != nil {
			return DeliveryPage{}, ErrEventIDInvalid
		}
	}
	size := q.PageSize
	switch {
	case size <= 0:
		size = DefaultPageSize
	case size > MaxPageSize:
		size = MaxPageSize
	}
	fh := filterHash(q.Filter)
	var after *LogPosition
	if q.PageToken != "" {
		c, err := decodeToken(q.PageToken, fh)
		if err != nil {
			return DeliveryPage{}, ErrPageTokenInvalid
		}
		after = c
	}
	// Audit: who looked at whose mails (the address itself stays out of the logs).
	a.log.Info("delivery log read", zap.String("staff_account_id", p.AccountID), zap.String("office_code", p.OfficeCode),
		zap.Bool("recipient_filter", q.Filter.Recipient != ""), zap.String("mail_type", string(q.Filter.Kind)),
		zap.String("status", string(q.Filter.Status)))
	ds, err := a.deliveryLog.List(ctx, q.Filter, after, size+1)
	if err != nil {
		return DeliveryPage{}, errs.Internal(err)
	}
	res := DeliveryPage{Deliveries: ds}
	if len(ds) > size {
		res.Deliveries = ds[:size]
		last := ds[size-1]
		res.NextPageToken = encodeToken(LogPosition{CreatedAt: last.CreatedAt, ID: last.ID}, fh)
	}
	return res, nil
}

type token struct {
	T time.Time `json:"t"`
	I string    `json:"i"`
	F string    `json:"f"`
}

func filterHash(f DeliveryFilter) string {
	h := sha256.Sum256([]byte(strings.ToLower(f.Recipient) + "\x00" + string(f.Kind) + "\x00" + string(f.Status) + "\x00" + strings.ToLower(f.EventID)))
	return hex.EncodeToString(h[:8])
}

func encodeToken(c LogPosition, fh string) string {
	b, _ := json.Marshal(token{T: c.CreatedAt, I: c.ID, F: fh})
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeToken(s, fh string) (*LogPosition, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, err
	}
	var t token
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, err
	}
	if t.F != fh || t.T.IsZero() {
		return nil, errs.Internalf("token for other filters")
	}
	if _, err := uuid.Parse(t.I); err != nil {
		return nil, err
	}
	return &LogPosition{CreatedAt: t.T, ID: t.I}, nil
}
