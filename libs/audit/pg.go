package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
)

// TableDDL returns the standard layout of an audit table named table (optionally
// "schema.table"), with the trigger that makes it append-only: UPDATE, DELETE and
// TRUNCATE raise. A service's migration creates its table with it, e.g. for table
// "audit_log":
//
//	CREATE TABLE audit_log (
//	    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
//	    occurred_at       timestamptz NOT NULL,
//	    action            text NOT NULL,
//	    outcome           text NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
//	    reason            text NOT NULL DEFAULT '',
//	    actor_id          text NOT NULL DEFAULT '',
//	    actor_role        text NOT NULL DEFAULT '',
//	    actor_office_code text NOT NULL DEFAULT '',
//	    establishment_id  text NOT NULL DEFAULT '',
//	    subject_id        text NOT NULL DEFAULT '',
//	    detail            jsonb NOT NULL DEFAULT '{}'
//	);
//	CREATE INDEX audit_log_establishment ON audit_log (establishment_id, occurred_at);
//	CREATE INDEX audit_log_subject ON audit_log (subject_id, occurred_at);
//	CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
//	BEGIN
//	    RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
//	END;
//	$$;
//	CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
//	    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
//	CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
//	    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
//
// IDs are text, not uuid, because actors include service principals and anonymous
// callers. In a goose .sql migration wrap the function in StatementBegin/StatementEnd.
func TableDDL(table string) string {
	mustTableName(table)
	base := table[strings.LastIndexByte(table, '.')+1:]
	r := strings.NewReplacer("{t}", table, "{b}", base)
	return r.Replace(`CREATE TABLE {t} (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at       timestamptz NOT NULL,
    action            text NOT NULL,
    outcome           text NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
    reason            text NOT NULL DEFAULT '',
    actor_id          text NOT NULL DEFAULT '',
    actor_role        text NOT NULL DEFAULT '',
    actor_office_code text NOT NULL DEFAULT '',
    establishment_id  text NOT NULL DEFAULT '',
    subject_id        text NOT NULL DEFAULT '',
    detail            jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX {b}_establishment ON {t} (establishment_id, occurred_at);
CREATE INDEX {b}_subject ON {t} (subject_id, occurred_at);
CREATE FUNCTION {t}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{b} is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER {b}_no_update BEFORE UPDATE OR DELETE ON {t}
    FOR EACH ROW EXECUTE FUNCTION {t}_append_only();
CREATE TRIGGER {b}_no_truncate BEFORE TRUNCATE ON {t}
    FOR EACH STATEMENT EXECUTE FUNCTION {t}_append_only();
`)
}

var tableName = regexp.MustCompile(`^([a-z][a-z0-9_]{0,62}\.)?[a-z][a-z0-9_]{0,62}$`)

func mustTableName(table string) {
	if !tableName.MatchString(table) {
		panic(fmt.Sprintf("audit: invalid table name %q", table))
	}
}

// PGWriter records entries into a table of the TableDDL layout.
type PGWriter struct {
	pool *pgxpool.Pool
	sql  string
}

// NewPGWriter returns a writer into table (a constant of the service; it panics on a
// name that is not a plain identifier, since it is written into the SQL).
func NewPGWriter(pool *pgxpool.Pool, table string) *PGWriter {
	mustTableName(table)
	var ident pgx.Identifier = strings.Split(table, ".")
	return &PGWriter{pool: pool, sql: `INSERT INTO ` + ident.Sanitize() + ` (occurred_at, action, outcome, reason,
  actor_id, actor_role, actor_office_code, establishment_id, subject_id, detail)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`}
}

// Record validates e and inserts it in the transaction ctx carries (else on the pool),
// so an OK entry commits or rolls back with the change it reports.
func (w *PGWriter) Record(ctx context.Context, e Entry) error {
	if err := e.Validate(); err != nil {
		return err
	}
	detail := e.Detail
	if detail == nil {
		detail = map[string]string{}
	}
	b, err := json.Marshal(detail)
	if err != nil {
		return fmt.Errorf("audit: detail: %w", err)
	}
	_, err = pgkit.Q(ctx, w.pool).Exec(ctx, w.sql, e.At.UTC(), e.Action, string(e.Outcome), e.Reason,
		e.Actor.ID, e.Actor.Role, e.Actor.OfficeCode, e.EstablishmentID, e.SubjectID, b)
	if err != nil {
		return fmt.Errorf("audit: record %s: %w", e.Action, err)
	}
	return nil
}
