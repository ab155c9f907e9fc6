package pgkit

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Querier is what pgx.Tx and *pgxpool.Pool have in common: adapters write their SQL
// against it and do not care whether they run inside a transaction.
type Querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
	CopyFrom(ctx context.Context, tableName pgx.Identifier, columnNames []string, rowSrc pgx.CopyFromSource) (int64, error)
}

var (
	_ Querier = (pgx.Tx)(nil)
	_ Querier = (*pgxpool.Pool)(nil)
)

type txKey struct{}

// ContextWithTx returns ctx carrying tx, so that code called with it (repositories via
// Q, a nested InTx) joins tx instead of using its own connection. Consumers use it to
// hand the inbox transaction to application code.
func ContextWithTx(ctx context.Context, tx pgx.Tx) context.Context {
	return context.WithValue(ctx, txKey{}, tx)
}

// TxFrom returns the transaction ctx carries, if any.
func TxFrom(ctx context.Context) (pgx.Tx, bool) {
	tx, ok := ctx.Value(txKey{}).(pgx.Tx)
	return tx, ok && tx != nil
}

// Q returns the transaction ctx carries, else pool: the one way adapters pick what to
// run a statement on.
func Q(ctx context.Context, pool *pgxpool.Pool) Querier {
	if tx, ok := TxFrom(ctx); ok {
		return tx
	}
	return pool
}

// Transactor runs functions in a transaction carried by their context. Application
// code declares the one-method interface it needs and gets a Transactor in production.
type Transactor struct{ pool *pgxpool.Pool }

// NewTransactor returns a Transactor beginning its transactions on pool.
func NewTransactor(pool *pgxpool.Pool) *Transactor { return &Transactor{pool: pool} }

// InTx runs fn with a ctx carrying a transaction and commits it if fn returns nil; an
// error or a panic in fn rolls it back (the panic is re-raised). If ctx already carries
// a transaction, fn simply joins it: the outermost InTx decides commit or rollback, so a
// use case can call helpers that open their own InTx without splitting its atomicity.
// There is no savepoint: an error inside a joined fn fails the whole transaction.
func (t *Transactor) InTx(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	if _, ok := TxFrom(ctx); ok {
		return fn(ctx)
	}
	tx, err := t.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("pgkit: begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			// A fresh context: the rollback must reach the server even if ctx is done.
			_ = tx.Rollback(context.WithoutCancel(ctx))
			panic(p)
		}
	}()
	if err := fn(ContextWithTx(ctx, tx)); err != nil {
		if rbErr := tx.Rollback(context.WithoutCancel(ctx)); rbErr != nil && !errors.Is(rbErr, pgx.ErrTxClosed) {
			return errors.Join(err, fmt.Errorf("pgkit: rollback: %w", rbErr))
		}
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("pgkit: commit: %w", err)
	}
	return nil
}
