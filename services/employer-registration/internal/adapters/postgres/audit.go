package postgres

import (
	"context"
	"encoding/json"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/app"
)

// Audit writes the audit trail to the append-only audit_log table.
type Audit struct{ pool *pgxpool.Pool }

// NewAudit returns the writer on pool.
func NewAudit(pool *pgxpool.Pool) *Audit { return &Audit{pool: pool} }

// Record implements app.Auditor, in the ctx transaction.
func (r *Audit) Record(ctx context.Context, e app.AuditEntry) error {
	detail := e.Detail
	if detail == nil {
		detail = map[string]string{}
	}
	b, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	_, err = q(ctx, r.pool).Exec(ctx, qAudit, e.At, e.Action, e.Actor.ID, e.Actor.Role, e.Actor.OfficeCode, e.EstablishmentID,
		e.SubjectID, e.Outcome, e.Reason, b)
	return err
}

var _ app.Auditor = (*Audit)(nil)
