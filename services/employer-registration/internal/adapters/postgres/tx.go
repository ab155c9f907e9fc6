package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/libs/outbox"
)

// TODO(libs/pgkit, libs/outbox): interim until pgkit.Transactor/Q and outbox.TxAppender land.

type txKey struct{}

// Transactor runs functions in a transaction carried by their ctx.
type Transactor struct{ pool *pgxpool.Pool }

// NewTransactor returns a Transactor on pool.
func NewTransactor(pool *pgxpool.Pool) *Transactor { return &Transactor{pool: pool} }

// InTx runs fn in a transaction carried by ctx; a nested call joins the outer one.
func (t *Transactor) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(pgx.Tx); ok {
		return fn(ctx)
	}
	return pgx.BeginFunc(ctx, t.pool, func(tx pgx.Tx) error { return fn(context.WithValue(ctx, txKey{}, tx)) })
}

type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func q(ctx context.Context, pool *pgxpool.Pool) querier {
	if tx, ok := ctx.Value(txKey{}).(pgx.Tx); ok {
		return tx
	}
	return pool
}

// Appender appends events in the ctx transaction.
type Appender struct{}

// Append implements app.Appender.
func (Appender) Append(ctx context.Context, evs ...outbox.Event) error {
	tx, ok := ctx.Value(txKey{}).(pgx.Tx)
	if !ok {
		panic("postgres: Append outside a transaction")
	}
	return outbox.Append(ctx, tx, evs...)
}
