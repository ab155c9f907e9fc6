package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
)

const (
	qHitRateLimit = `INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1)
  ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1 RETURNING hits`
	qPruneRateLimit = `DELETE FROM rate_limits WHERE bucket = $1 AND window_start < $2`
)

// RateLimits implements app.RateLimits: fixed windows counted in PostgreSQL, so that
// every replica shares the count.
type RateLimits struct{ pool *pgxpool.Pool }

// NewRateLimits returns the counters on pool.
func NewRateLimits(pool *pgxpool.Pool) *RateLimits { return &RateLimits{pool: pool} }

// Hit implements app.RateLimits.
func (r *RateLimits) Hit(ctx context.Context, bucket string, window time.Time) (int, error) {
	q := pgkit.Q(ctx, r.pool)
	if _, err := q.Exec(ctx, qPruneRateLimit, bucket, window); err != nil {
		return 0, err
	}
	var n int
	err := q.QueryRow(ctx, qHitRateLimit, bucket, window).Scan(&n)
	return n, err
}
