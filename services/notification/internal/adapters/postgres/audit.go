package postgres

import (
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/libs/audit"
)

// AuditTable is the service's append-only audit trail (migrations/00002_audit_log.sql,
// the libs/audit layout).
const AuditTable = "audit_log"

// NewAuditLog returns the app.Auditor writing into AuditTable, in the transaction the
// context carries.
func NewAuditLog(pool *pgxpool.Pool) *audit.PGWriter { return audit.NewPGWriter(pool, AuditTable) }
