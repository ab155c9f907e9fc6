// Package ratelimit counts calls in fixed time windows in PostgreSQL, so that every
// replica of a service shares the count. The caller picks the window (its start, from
// the injected clock) and the buckets (what is limited: an address, a network, an
// account); the limits themselves are domain rules and stay with the caller.
//
// Each service keeps its own table with the layout of TableDDL in a numbered migration
// of its own (services never share tables).
package ratelimit

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
)

// TableDDL is the layout of the rate_limits table this package counts in: one row per
// bucket and window start.
const TableDDL = `CREATE TABLE rate_limits (
    bucket       text NOT NULL,
    window_start timestamptz NOT NULL,
    hits         integer NOT NULL,
    PRIMARY KEY (bucket, window_start)
)`

const (
	// qHit counts one hit in every bucket's window in one statement, and drops those
	// buckets' earlier windows (nothing reads them again) in the same round trip.
	qHit = `WITH pruned AS (DELETE FROM rate_limits WHERE bucket = ANY($1::text[]) AND window_start < $2)
INSERT INTO rate_limits (bucket, window_start, hits) SELECT b, $2, 1 FROM unnest($1::text[]) b
  ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1 RETURNING bucket, hits`
	qPrune = `DELETE FROM rate_limits WHERE window_start < $1`
)

// Counter counts hits in the rate_limits table of its pool's schema. Inside a
// transaction carried by ctx (pgkit), it counts in that transaction.
type Counter struct{ pool *pgxpool.Pool }

// New returns the counter on pool.
func New(pool *pgxpool.Pool) *Counter { return &Counter{pool: pool} }

// Hit counts one call in the window starting at window in each bucket and returns the
// hits so far, in the order of buckets (a bucket named twice counts once).
func (c *Counter) Hit(ctx context.Context, window time.Time, buckets ...string) ([]int, error) {
	if len(buckets) == 0 {
		return nil, nil
	}
	rows, err := pgkit.Q(ctx, c.pool).Query(ctx, qHit, dedupe(buckets), window)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	hits := make(map[string]int, len(buckets))
	for rows.Next() {
		var b string
		var n int
		if err := rows.Scan(&b, &n); err != nil {
			return nil, err
		}
		hits[b] = n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]int, len(buckets))
	for i, b := range buckets {
		out[i] = hits[b]
	}
	return out, nil
}

// Prune deletes every window that started before before: the housekeeping of buckets
// that are not hit again.
func (c *Counter) Prune(ctx context.Context, before time.Time) (int64, error) {
	tag, err := pgkit.Q(ctx, c.pool).Exec(ctx, qPrune, before)
	return tag.RowsAffected(), err
}

// dedupe keeps the first of each bucket: ON CONFLICT cannot touch one row twice in a
// statement.
func dedupe(buckets []string) []string {
	seen := make(map[string]bool, len(buckets))
	out := buckets[:0:0]
	for _, b := range buckets {
		if !seen[b] {
			seen[b] = true
			out = append(out, b)
		}
	}
	return out
}
