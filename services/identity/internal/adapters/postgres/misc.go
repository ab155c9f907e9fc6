package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
)

// RateLimits counts calls in fixed one-minute windows.
type RateLimits struct{ db }

// NewRateLimits returns the rate-limit counters on pool.
func NewRateLimits(pool *pgxpool.Pool) *RateLimits { return &RateLimits{db{pool}} }

// Hit counts one call in each bucket's window and returns the hits so far, in the
// order of buckets, in one statement.
func (r *RateLimits) Hit(ctx context.Context, window time.Time, buckets ...string) ([]int, error) {
	if len(buckets) == 0 {
		return nil, nil
	}
	rows, err := r.q(ctx).Query(ctx, qHitRateLimits, buckets, window)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	hits := map[string]int{}
	for rows.Next() {
		var b string
		var n int
		if err := rows.Scan(&b, &n); err != nil {
			return nil, err
		}
		hits[b] = n
	}
	out := make([]int, len(buckets))
	for i, b := range buckets {
		out[i] = hits[b]
	}
	return out, rows.Err()
}

// Audit is the append-only audit trail.
type Audit struct{ db }

// NewAudit returns the audit trail on pool.
func NewAudit(pool *pgxpool.Pool) *Audit { return &Audit{db{pool}} }

// Record appends one entry.
func (r *Audit) Record(ctx context.Context, e account.AuditEntry) error {
	_, err := r.q(ctx).Exec(ctx, qInsertAudit, e.OccurredAt, e.Action, e.Outcome, e.ActorAccountID, e.ActorRole,
		e.SubjectAccountID, e.EstablishmentID, e.OfficeCode, e.IP, e.UserAgent, e.Detail, e.Reason)
	return err
}

func (r *Audit) list(ctx context.Context, sql string, args ...any) ([]account.AuditEntry, error) {
	rows, err := r.q(ctx).Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []account.AuditEntry
	for rows.Next() {
		var e account.AuditEntry
		if err := rows.Scan(&e.OccurredAt, &e.Action, &e.Outcome, &e.ActorAccountID, &e.ActorRole, &e.SubjectAccountID,
			&e.EstablishmentID, &e.OfficeCode, &e.IP, &e.UserAgent, &e.Detail, &e.Reason); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// OfSubject lists an account's entries of the given actions, newest first.
func (r *Audit) OfSubject(ctx context.Context, accountID string, actions []string, limit int) ([]account.AuditEntry, error) {
	return r.list(ctx, qAuditOfSubject, accountID, actions, limit)
}

// OfEstablishment lists an establishment's entries, newest first.
func (r *Audit) OfEstablishment(ctx context.Context, establishmentID string, limit int) ([]account.AuditEntry, error) {
	return r.list(ctx, qAuditOfEstablishment, establishmentID, limit)
}

// Events appends outbox events to the context's transaction.
type Events struct{}

// Append adds events to the context's transaction; they are published after it commits.
func (Events) Append(ctx context.Context, events ...outbox.Event) error {
	tx, ok := txOf(ctx)
	if !ok {
		return errors.New("postgres: outbox events need a transaction")
	}
	return outbox.Append(ctx, tx, events...)
}

// AppendDecoy costs at commit what Append does (the outbox wakes its relay through a
// cluster-wide NOTIFY that dominates the commit) without recording an event: the
// "dummy hash" of answers that must not tell a known address from an unknown one.
func (Events) AppendDecoy(ctx context.Context) error {
	tx, ok := txOf(ctx)
	if !ok {
		return errors.New("postgres: outbox events need a transaction")
	}
	_, err := tx.Exec(ctx, qAppendDecoy)
	return err
}

// Housekeeping deletes rows no rule needs any more.
type Housekeeping struct{ db }

// NewHousekeeping returns the housekeeping on pool.
func NewHousekeeping(pool *pgxpool.Pool) *Housekeeping { return &Housekeeping{db{pool}} }

// Prune deletes rate-limit windows, login attempts, OTP issuance records, sessions,
// devices and auth keys older than before.
func (r *Housekeeping) Prune(ctx context.Context, before time.Time) error {
	for _, q := range []string{qPruneRateLimits, qPruneAttempts, qPruneIssuances, qPruneSessions, qPruneDevices, qPruneAuthKeys} {
		if _, err := r.q(ctx).Exec(ctx, q, before); err != nil {
			return err
		}
	}
	return nil
}
