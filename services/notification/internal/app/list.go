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
)

// Page sizes of the delivery log (AIP-158).
const (
	DefaultPageSize = 50
	MaxPageSize     = 1000
)

// ListQuery asks for one page of the delivery log.
type ListQuery struct {
	Filter    delivery.Filter
	PageSize  int
	PageToken string
}

// ListResult is one page.
type ListResult struct {
	Deliveries    []*delivery.Delivery
	NextPageToken string
}

// Log answers staff questions about deliveries.
type Log struct {
	log   delivery.Log
	audit *zap.Logger
}

// NewLog returns the query side of the delivery log.
func NewLog(l delivery.Log, audit *zap.Logger) *Log { return &Log{log: l, audit: audit} }

// ErrPageTokenInvalid: the token is not one of ours, or was issued for other filters.
var ErrPageTokenInvalid = errs.Invalid(errs.Field("page_token", "PAGE_TOKEN_INVALID",
	"page_token is invalid or was issued for other filters"))

// ErrEventIDInvalid: the event_id filter is not a UUID.
var ErrEventIDInvalid = errs.Invalid(errs.Field("event_id", "EVENT_ID_INVALID", "event_id must be a UUID"))

// List returns one page of deliveries, newest first. Only office staff may read the
// log: it names every recipient. Mail bodies and secrets are never part of it.
func (l *Log) List(ctx context.Context, q ListQuery) (ListResult, error) {
	p, ok := authn.FromContext(ctx)
	if !ok {
		return ListResult{}, errs.ErrUnauthenticated
	}
	if p.Role != authn.RoleStaff {
		return ListResult{}, errs.ErrPermissionDenied
	}
	if q.Filter.EventID != "" {
		if _, err := uuid.Parse(q.Filter.EventID); err != nil {
			return ListResult{}, ErrEventIDInvalid
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
	var after *delivery.Cursor
	if q.PageToken != "" {
		c, err := decodeToken(q.PageToken, fh)
		if err != nil {
			return ListResult{}, ErrPageTokenInvalid
		}
		after = c
	}
	// Audit: who looked at whose mails (the address itself stays out of the logs).
	l.audit.Info("delivery log read", zap.String("staff_account_id", p.AccountID), zap.String("office_code", p.OfficeCode),
		zap.Bool("recipient_filter", q.Filter.Recipient != ""), zap.String("mail_type", string(q.Filter.Kind)),
		zap.String("status", string(q.Filter.Status)))
	ds, err := l.log.List(ctx, q.Filter, after, size+1)
	if err != nil {
		return ListResult{}, errs.Internal(err)
	}
	res := ListResult{Deliveries: ds}
	if len(ds) > size {
		res.Deliveries = ds[:size]
		last := ds[size-1]
		res.NextPageToken = encodeToken(delivery.Cursor{CreatedAt: last.CreatedAt, ID: last.ID}, fh)
	}
	return res, nil
}

type token struct {
	T time.Time `json:"t"`
	I string    `json:"i"`
	F string    `json:"f"`
}

func filterHash(f delivery.Filter) string {
	h := sha256.Sum256([]byte(strings.ToLower(f.Recipient) + "\x00" + string(f.Kind) + "\x00" + string(f.Status) + "\x00" + strings.ToLower(f.EventID)))
	return hex.EncodeToString(h[:8])
}

func encodeToken(c delivery.Cursor, fh string) string {
	b, _ := json.Marshal(token{T: c.CreatedAt, I: c.ID, F: fh})
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeToken(s, fh string) (*delivery.Cursor, error) {
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
	return &delivery.Cursor{CreatedAt: t.T, ID: t.I}, nil
}
