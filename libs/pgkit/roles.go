package pgkit

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// GrantRuntime gives role, the PostgreSQL role the service runs as, what it needs in
// schema and no more (issue 9, M4): it uses the schema's tables and sequences, but owns
// nothing, so it can neither change the schema nor drop or disable a trigger; and on the
// append-only tables (those with a trigger whose function is named *_append_only, the
// audit tables) it may only INSERT and SELECT. Migrations run as the owner role and call
// this afterwards, so tables a later migration adds are covered too.
func GrantRuntime(ctx context.Context, pool *pgxpool.Pool, schema, role string) error {
	if !schemaName.MatchString(schema) {
		return fmt.Errorf("pgkit: invalid schema name %q", schema)
	}
	var owner string
	if err := pool.QueryRow(ctx, `SELECT current_user`).Scan(&owner); err != nil {
		return fmt.Errorf("pgkit: grant: %w", err)
	}
	if role == "" || role == owner {
		return fmt.Errorf("pgkit: the runtime role %q must differ from the migration role %q", role, owner)
	}
	s, r := pgx.Identifier{schema}.Sanitize(), pgx.Identifier{role}.Sanitize()
	stmts := []string{
		"GRANT USAGE ON SCHEMA " + s + " TO " + r,
		"REVOKE CREATE ON SCHEMA " + s + " FROM " + r,
		"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + s + " TO " + r,
		"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA " + s + " FROM " + r,
		"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA " + s + " TO " + r,
	}
	tables, err := AppendOnlyTables(ctx, pool, schema)
	if err != nil {
		return fmt.Errorf("pgkit: grant: %w", err)
	}
	// The migration bookkeeping is read-only for it.
	for _, bk := range []string{"goose_db_version", "outbox_goose_db_version"} {
		var exists bool
		if err := pool.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL`, schema+"."+bk).Scan(&exists); err != nil {
			return fmt.Errorf("pgkit: grant: %w", err)
		}
		if exists {
			stmts = append(stmts, "REVOKE INSERT, UPDATE, DELETE ON "+s+"."+bk+" FROM "+r)
		}
	}
	for _, t := range tables {
		stmts = append(stmts, "REVOKE UPDATE, DELETE, TRUNCATE ON "+s+"."+pgx.Identifier{t}.Sanitize()+" FROM "+r)
	}
	tx, err := pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("pgkit: grant: %w", err)
	}
	defer tx.Rollback(ctx)
	// Migration runs that waited on each other's migration lock (replicas starting
	// together, a retried Job) reach this point together: concurrent GRANTs on the same
	// objects fail with "tuple concurrently updated", so they take turns.
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", lockKey("grant:"+schema)); err != nil {
		return fmt.Errorf("pgkit: grant lock: %w", err)
	}
	for _, q := range stmts {
		if _, err := tx.Exec(ctx, q); err != nil {
			return fmt.Errorf("pgkit: grant to %s: %s: %w", role, q, err)
		}
	}
	return tx.Commit(ctx)
}

// AppendOnlyTables lists the tables of schema that GrantRuntime treats as append-only.
func AppendOnlyTables(ctx context.Context, db *pgxpool.Pool, schema string) ([]string, error) {
	rows, err := db.Query(ctx, `
SELECT DISTINCT c.relname FROM pg_trigger t
  JOIN pg_class c ON c.oid = t.tgrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_proc p ON p.oid = t.tgfoid
 WHERE n.nspname = $1 AND NOT t.tgisinternal AND p.proname LIKE '%append\_only'
 ORDER BY 1`, schema)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
