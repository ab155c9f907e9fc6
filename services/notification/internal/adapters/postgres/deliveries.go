// Package postgres stores deliveries in the notification schema. All SQL of the service
// is in this file.
package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/services/notification/internal/domain/delivery"
	hwmail "github.com/hellowork-jp/hellowork/services/notification/internal/mail"
)

// NotifyChannel is the LISTEN/NOTIFY channel raised when deliveries are recorded, so the
// sender wakes at the consumer's commit instead of at its next poll.
const NotifyChannel = "notification_deliveries"

const columns = `id, event_id, event_type, event_time, kind, recipient, message_id, status, attempts,
  last_error, created_at, next_attempt_at, last_attempt_at, sent_at, data, sealed_secret`

const insertSQL = `INSERT INTO deliveries (` + columns + `)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
ON CONFLICT (event_id, lower(recipient)) DO NOTHING`

const notifySQL = `SELECT pg_notify('` + NotifyChannel + `', '')`

// claimSQL takes the oldest due delivery that no other sender holds. The row stays
// locked until the caller's transaction ends, i.e. for the SMTP exchange of this one
// mail; SKIP LOCKED lets other workers and replicas take the next ones.
const claimSQL = `SELECT ` + columns + ` FROM deliveries
WHERE status = 'pending' AND next_attempt_at <= $1
ORDER BY next_attempt_at, id
LIMIT 1
FOR UPDATE SKIP LOCKED`

const updateSQL = `UPDATE deliveries SET status = $2, attempts = $3, last_error = $4, next_attempt_at = $5,
  last_attempt_at = $6, sent_at = $7, sealed_secret = $8
WHERE id = $1`

// listSQL pages the log newest first with a keyset cursor (created_at, id); empty
// filters match everything.
const listSQL = `SELECT ` + columns + ` FROM deliveries
WHERE ($1 = '' OR lower(recipient) = lower($1))
  AND ($2 = '' OR kind = $2)
  AND ($3 = '' OR status = $3)
  AND ($4 = '' OR event_id::text = lower($4))
  AND ($5::timestamptz IS NULL OR (created_at, id) < ($5, $6::uuid))
ORDER BY created_at DESC, id DESC
LIMIT $7`

// Store reads and writes deliveries.
type Store struct{ pool *pgxpool.Pool }

// New returns a store on pool (search_path = the notification schema).
func New(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Add records deliveries inside tx (the consumer's inbox transaction). A delivery
// whose (event, recipient) exists already is skipped: one mail per event and recipient.
// It returns how many were new.
func (s *Store) Add(ctx context.Context, tx pgx.Tx, ds ...*delivery.Delivery) (int, error) {
	n := 0
	for _, d := range ds {
		args, err := toArgs(d)
		if err != nil {
			return n, err
		}
		tag, err := tx.Exec(ctx, insertSQL, args...)
		if err != nil {
			return n, fmt.Errorf("postgres: insert delivery: %w", err)
		}
		n += int(tag.RowsAffected())
	}
	if n > 0 {
		if _, err := tx.Exec(ctx, notifySQL); err != nil {
			return n, fmt.Errorf("postgres: notify: %w", err)
		}
	}
	return n, nil
}

// ProcessNext claims the oldest delivery due at now, lets fn attempt it and change it,
// and saves the result, all in one transaction. It reports false when nothing is due.
//
// Crash window: if the process dies after the SMTP server accepted the mail but before
// this transaction commits, the row is still pending and the mail is sent again (with
// the same Message-ID). Committing per mail keeps that window to one message per worker.
func (s *Store) ProcessNext(ctx context.Context, now time.Time, fn func(*delivery.Delivery)) (bool, error) {
	found := false
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		d, err := scan(tx.QueryRow(ctx, claimSQL, now))
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("postgres: claim delivery: %w", err)
		}
		found = true
		fn(d)
		_, err = tx.Exec(ctx, updateSQL, d.ID, string(d.Status), d.Attempts, d.LastError, d.NextAttemptAt,
			nullTime(d.LastAttemptAt), nullTime(d.SentAt), d.SealedSecret)
		if err != nil {
			return fmt.Errorf("postgres: update delivery: %w", err)
		}
		return nil
	})
	return found, err
}

// List returns up to limit deliveries matching f, newest first, after cursor (nil for
// the first page).
func (s *Store) List(ctx context.Context, f delivery.Filter, after *delivery.Cursor, limit int) ([]*delivery.Delivery, error) {
	var at any
	id := "00000000-0000-0000-0000-000000000000"
	if after != nil {
		at, id = after.CreatedAt, after.ID
	}
	rows, err := s.pool.Query(ctx, listSQL, f.Recipient, string(f.Kind), string(f.Status), f.EventID, at, id, limit)
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
func (s *Store) Listen(ctx context.Context, wake func(), retry time.Duration) {
	for ctx.Err() == nil {
		_ = s.listenOnce(ctx, wake)
		select {
		case <-ctx.Done():
		case <-time.After(retry):
		}
	}
}

func (s *Store) listenOnce(ctx context.Context, wake func()) error {
	conn, err := s.pool.Acquire(ctx)
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
		lastAt, sentAt *time.Time
		data           []byte
	)
	err := r.Scan(&d.ID, &d.EventID, &d.EventType, &d.EventTime, &kind, &d.Recipient, &d.MessageID, &status,
		&d.Attempts, &d.LastError, &d.CreatedAt, &d.NextAttemptAt, &lastAt, &sentAt, &data, &d.SealedSecret)
	if err != nil {
		return nil, err
	}
	d.Kind, d.Status = hwmail.Kind(kind), delivery.Status(status)
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
		nullTime(d.SentAt), data, d.SealedSecret}, nil
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
