package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/libs/audit"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/libs/ratelimit"
)

// AuditTable is identity's append-only audit trail (libs/audit layout).
const AuditTable = "audit_trail"

// Audit is the audit trail: libs/audit's writer, and the reads the API offers.
type Audit struct {
	db
	*audit.PGWriter
}

// NewAudit returns the audit trail on pool.
func NewAudit(pool *pgxpool.Pool) *Audit {
	return &Audit{db{pool}, audit.NewPGWriter(pool, AuditTable)}
}

func (r *Audit) list(ctx context.Context, sql string, args ...any) ([]audit.Entry, error) {
	rows, err := r.q(ctx).Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		var e audit.Entry
		var outcome string
		if err := rows.Scan(&e.At, &e.Action, &outcome, &e.Reason, &e.Actor.ID, &e.Actor.Role, &e.Actor.OfficeCode,
			&e.EstablishmentID, &e.SubjectID, &e.Detail); err != nil {
			return nil, err
		}
		e.Outcome = audit.Outcome(outcome)
		out = append(out, e)
	}
	return out, rows.Err()
}

// OfSubject lists an account's entries of the given actions, newest first.
func (r *Audit) OfSubject(ctx context.Context, accountID string, actions []string, limit int) ([]audit.Entry, error) {
	return r.list(ctx, qAuditOfSubject, accountID, actions, limit)
}

// OfEstablishment lists an establishment's entries, newest first.
func (r *Audit) OfEstablishment(ctx context.Context, establishmentID string, limit int) ([]audit.Entry, error) {
	return r.list(ctx, qAuditOfEstablishment, establishmentID, limit)
}

// Decoy costs at commit what an outbox append does (the outbox wakes its relay through
// a cluster-wide NOTIFY that dominates the commit) without recording an event: the
// "dummy hash" of answers that must not tell a known address from an unknown one.
type Decoy struct{}

// AppendDecoy wakes the relay in the context's transaction exactly as an append would.
func (Decoy) AppendDecoy(ctx context.Context) error {
	tx, ok := pgkit.TxFrom(ctx)
	if !ok {
		return outbox.ErrNoTx
	}
	_, err := tx.Exec(ctx, qAppendDecoy)
	return err
}

// Housekeeping deletes rows no rule needs any more.
type Housekeeping struct{ db }

// NewHousekeeping returns the housekeeping on pool.
func NewHousekeeping(pool *pgxpool.Pool) *Housekeeping { return &Housekeeping{db{pool}} }

// PrunePendingAdditional deletes the additional accounts created before createdBefore
// whose address has no live key at now (ACC-2, M3), returning how many.
func (r *Housekeeping) PrunePendingAdditional(ctx context.Context, createdBefore, now time.Time) (int64, error) {
	tag, err := r.q(ctx).Exec(ctx, qPrunePendingAdditional, createdBefore, now)
	return tag.RowsAffected(), err
}

// Prune deletes rate-limit windows, login attempts, OTP issuance records, sessions,
// devices and auth keys older than before.
func (r *Housekeeping) Prune(ctx context.Context, before time.Time) error {
	if _, err := ratelimit.New(r.pool).Prune(ctx, before); err != nil {
		return err
	}
	for _, q := range []string{qPruneAttempts, qPruneIssuances, qPruneSessions, qPruneDevices, qPruneAuthKeys} {
		if _, err := r.q(ctx).Exec(ctx, q, before); err != nil {
			return err
		}
	}
	return nil
}
