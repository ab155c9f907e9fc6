package outbox

import (
	"context"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"
	"regexp"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

var schemaName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// Migrate creates the outbox, inbox and dead_letter tables in schema (creating the
// schema if needed). It keeps its own goose version table,
// <schema>.outbox_goose_db_version, so its numbering never collides with the service's
// migrations, and holds an advisory lock so replicas starting together migrate once.
//
// pool must have schema as its search_path (pgkit.Open does that): the tables are
// created unqualified, exactly where Append, the relay and Consume will look for them.
// Call it before the service's own migrations, so those may reference these tables.
func Migrate(ctx context.Context, pool *pgxpool.Pool, schema string) error {
	if !schemaName.MatchString(schema) {
		return fmt.Errorf("outbox: invalid schema name %q", schema)
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("outbox: migrate: %w", err)
	}
	defer conn.Release()
	key := lockKey("outbox-migrate:" + schema)
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", key); err != nil {
		return fmt.Errorf("outbox: migrate lock: %w", err)
	}
	defer func() {
		// A fresh context: the lock must be released even if ctx was cancelled.
		_, _ = conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", key)
	}()
	if _, err := conn.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+pgx.Identifier{schema}.Sanitize()); err != nil {
		return fmt.Errorf("outbox: create schema: %w", err)
	}
	var current *string
	if err := conn.QueryRow(ctx, "SELECT current_schema()").Scan(&current); err != nil {
		return fmt.Errorf("outbox: migrate: %w", err)
	}
	if current == nil || *current != schema {
		got := "<none>"
		if current != nil {
			got = *current
		}
		return fmt.Errorf("outbox: pool's search_path resolves to %s, want %s (open it with pgkit.Open)", got, schema)
	}
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return err
	}
	db := stdlib.OpenDBFromPool(pool)
	defer db.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub,
		goose.WithTableName(schema+".outbox_goose_db_version"),
		goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return fmt.Errorf("outbox: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("outbox: migrate %s: %w", schema, err)
	}
	return nil
}

func lockKey(s string) int64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(s))
	return int64(h.Sum64())
}
