// Package postgres stores the notification service's data in its own schema. The SQL
// is in queries.go; every statement runs in the transaction the context carries
// (libs/pgkit), else on the pool.
package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/libs/textx"
	"github.com/hellowork-jp/hellowork/services/notification/internal/app"
	"github.com/hellowork-jp/hellowork/services/notification/internal/domain/delivery"
	hwmail "github.com/hellowork-jp/hellowork/services/notification/internal/domain/mail"
)

// Deliveries is the repository of deliveries: app.DeliveryStore, app.DeliveryQueue and
// app.DeliveryLog.
type Deliveries struct {
	pool *pgxpool.Pool
	tx   *pgkit.Transactor
}

// NewDeliveries returns the repository on pool (search_path = the notification schema).
func NewDeliveries(pool *pgxpool.Pool) *Deliveries {
	return &Deliveries{pool: pool, tx: pgkit.NewTransactor(pool)}
}

// Add records deliveries in the transaction ctx carries (the consumer's inbox
// transaction), skipping those whose (event, recipient) exists. It returns how many
// were new, and wakes the senders when the transaction commits.
func (r *Deliveries) Add(ctx context.Context, ds ...*delivery.Delivery) (int, error) {
	n := 0
	err := r.tx.InTx(ctx, func(ctx context.Context) error {
		q := pgkit.Q(ctx, r.pool)
		for _, d := range ds {
			args, err := toArgs(d)
			if err != nil {
				return err
			}
			tag, err := q.Exec(ctx, insertDeliverySQL, args...)
			if err != nil {
				return fmt.Errorf("postgres: insert delivery: %w", err)
			}
			n += int(tag.RowsAffected())
		}
		if n > 0 {
			if _, err := q.Exec(ctx, notifySQL); err != nil {
				return fmt.Errorf("postgres: notify: %w", err)
			}
		}
		return nil
	})
	return n, err
}

// ClaimNext locks the oldest delivery due at now, lets fn attempt and change it, and
// saves the result, in the transaction ctx carries or one of its own. It reports false
// when nothing is due.
func (r *Deliveries) ClaimNext(ctx context.Context, now time.Time, fn func(*delivery.Delivery) error) (bool, error) {
	found := false
	err := r.tx.InTx(ctx, func(ctx context.Context) error {
		q := pgkit.Q(ctx, r.pool)
		d, err := scan(q.QueryRow(ctx, claimDeliverySQL, now))
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("postgres: claim delivery: %w", err)
		}
		found = true
		if err := fn(d); err != nil {
			return err
		}
		_, err = q.Exec(ctx, updateDeliverySQL, d.ID, string(d.Status), d.Attempts, boundedError(d.LastError), d.NextAttemptAt,
			nullTime(d.LastAttemptAt), nullTime(d.SentAt), d.SealedSecret)
		if err != nil {
			return fmt.Errorf("postgres: update delivery: %w", err)
		}
		return nil
	})
	return found, err
}

// List returns up to limit deliveries matching f, newest first, after the position
// (nil for the first page).
func (r *Deliveries) List(ctx context.Context, officeCode string, f app.DeliveryFilter, after *app.LogPosition, limit int) ([]*delivery.Delivery, error) {
	var at any
	id := "00000000-0000-0000-0000-000000000000"
	if after != nil {
		at, id = after.CreatedAt, after.ID
	}
	rows, err := pgkit.Q(ctx, r.pool).Query(ctx, listDeliveriesSQL, f.Recipient, string(f.Kind), string(f.Status), f.EventID, at, id, limit, officeCode)
	if err != nil {
		return nil, fmt.Errorf("postgres: list deliveries: %w", err)
	}
	defer rows.Close()
	var out []*delivery.Delivery
	for rows.Next() {
		d, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: list deliveries: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Listen calls wake whenever deliveries were recorded, until ctx ends. It reconnects
// after errors; the sender's poll interval covers the gaps.
func (r *Deliveries) Listen(ctx context.Context, wake func(), retry time.Duration) {
	for ctx.Err() == nil {
		_ = r.listenOnce(ctx, wake)
		select {
		case <-ctx.Done():
		case <-time.After(retry):
		}
	}
}

func (r *Deliveries) listenOnce(ctx context.Context, wake func()) error {
	conn, err := r.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	// The connection leaves the pool: it stays subscribed, and is closed on return.
	c := conn.Hijack()
	defer c.Close(context.WithoutCancel(ctx))
	if _, err := c.Exec(ctx, "LISTEN "+NotifyChannel); err != nil {
		return err
	}
	wake() // rows recorded while we were not listening
	for {
		if _, err := c.WaitForNotification(ctx); err != nil {
			return err
		}
		wake()
	}
}

type row interface{ Scan(dest ...any) error }

func scan(r row) (*delivery.Delivery, error) {
	var (
		d              delivery.Delivery
		kind, status   string
		role           string
		lastAt, sentAt *time.Time
		data           []byte
	)
	err := r.Scan(&d.ID, &d.EventID, &d.EventType, &d.EventTime, &kind, &d.Recipient, &d.MessageID, &status,
		&d.Attempts, &d.LastError, &d.CreatedAt, &d.NextAttemptAt, &lastAt, &sentAt, &data, &d.SealedSecret,
		&d.Scope.AccountID, &d.Scope.EstablishmentID, &role, &d.Scope.OfficeCode)
	if err != nil {
		return nil, err
	}
	d.Kind, d.Status, d.Scope.Role = hwmail.Kind(kind), delivery.Status(status), delivery.RecipientRole(role)
	if lastAt != nil {
		d.LastAttemptAt = *lastAt
	}
	if sentAt != nil {
		d.SentAt = *sentAt
	}
	if err := json.Unmarshal(data, &d.Data); err != nil {
		return nil, fmt.Errorf("delivery %s data: %w", d.ID, err)
	}
	return &d, nil
}

func toArgs(d *delivery.Delivery) ([]any, error) {
	data, err := json.Marshal(d.Data) // Data.Secret is json:"-": never stored
	if err != nil {
		return nil, fmt.Errorf("postgres: encode delivery data: %w", err)
	}
	return []any{d.ID, d.EventID, d.EventType, d.EventTime, string(d.Kind), d.Recipient, d.MessageID,
		string(d.Status), d.Attempts, d.LastError, d.CreatedAt, d.NextAttemptAt, nullTime(d.LastAttemptAt),
		nullTime(d.SentAt), data, d.SealedSecret,
		d.Scope.AccountID, d.Scope.EstablishmentID, string(d.Scope.Role), d.Scope.OfficeCode}, nil
}

// maxErrorBytes bounds the stored last error (an SMTP reply or a network error can be
// long; the delivery log shows the start of it).
const maxErrorBytes = 500

// boundedError cuts s to maxErrorBytes at a character boundary, marking the cut.
func boundedError(s string) string {
	if len(s) <= maxErrorBytes {
		return s
	}
	const mark = "…"
	return textx.TruncateBytes(s, maxErrorBytes-len(mark)) + mark
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
