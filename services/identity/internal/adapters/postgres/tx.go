// Package postgres is the identity service's storage: one small repository per
// aggregate (accounts, auth keys, login attempts, sessions, trusted devices, visitor
// terminals), the rate-limit windows, the audit trail and the outbox decoy, in the
// "identity" schema. Every query is in queries.go. Each repository joins the
// transaction the context carries (libs/pgkit), so everything a use case does in one
// InTx commits together or not at all.
package postgres

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
)

// Schema is the PostgreSQL schema identity owns.
const Schema = "identity"

// db is what every repository holds: the pool to fall back on outside a transaction.
type db struct{ pool *pgxpool.Pool }

// q is the context's transaction, else the pool.
func (d db) q(ctx context.Context) pgkit.Querier { return pgkit.Q(ctx, d.pool) }

// inTx runs fn in the context's transaction, opening one if there is none (a load
// FOR UPDATE and its save must share one).
func (d db) inTx(ctx context.Context, fn func(ctx context.Context) error) error {
	return pgkit.NewTransactor(d.pool).InTx(ctx, fn)
}
