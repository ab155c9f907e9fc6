// Package postgres is the identity service's storage: one small repository per
// aggregate (accounts, auth keys, login attempts, sessions, trusted devices, visitor
// terminals), the rate-limit windows, the audit trail and the outbox appender, in the
// "identity" schema. Every query is in queries.go. Each repository joins the
// transaction carried by the context (InTx), so everything a use case does in one InTx
// commits together or not at all.
package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Schema is the PostgreSQL schema identity owns.
const Schema = "identity"

type txKey struct{}

// querier is what a repository runs its SQL on: the context's transaction or the pool.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Transactor opens transactions carried by the context.
type Transactor struct{ pool *pgxpool.Pool }

// NewTransactor returns a transactor on pool.
func NewTransactor(pool *pgxpool.Pool) Transactor { return Transactor{pool: pool} }

// InTx runs fn in a transaction carried by the context fn receives; a nested InTx
// joins the outer transaction. The transaction commits when fn returns nil.
func (t Transactor) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(pgx.Tx); ok {
		return fn(ctx)
	}
	return pgx.BeginFunc(ctx, t.pool, func(tx pgx.Tx) error { return fn(WithTx(ctx, tx)) })
}

// WithTx carries tx in ctx (an event consumer's inbox transaction).
func WithTx(ctx context.Context, tx pgx.Tx) context.Context {
	return context.WithValue(ctx, txKey{}, tx)
}

// txOf returns the context's transaction, if any.
func txOf(ctx context.Context) (pgx.Tx, bool) {
	tx, ok := ctx.Value(txKey{}).(pgx.Tx)
	return tx, ok
}

// db is the pool a repository falls back to outside a transaction.
type db struct{ pool *pgxpool.Pool }

func (d db) q(ctx context.Context) querier {
	if tx, ok := txOf(ctx); ok {
		return tx
	}
	return d.pool
}

// inTx runs fn in the context's transaction, opening one if there is none (a load
// FOR UPDATE and its save must share one).
func (d db) inTx(ctx context.Context, fn func(ctx context.Context) error) error {
	return Transactor{pool: d.pool}.InTx(ctx, fn)
}
