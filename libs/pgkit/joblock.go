package pgkit

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
)

// JobLock makes a scheduled job run in one replica at a time. Every replica of a
// service runs the same periodic loops (expiry, reminders, purges, batches) against
// the same schema; each run takes a PostgreSQL session advisory lock named after the
// schema and the job, and a replica that finds it taken skips that run: the holder is
// doing the work, and the next run (the holder's or anyone's) sees its committed
// result. The lock lives in the session, so a replica that dies mid-run releases it
// with its connection.
//
// A job under JobLock must still be correct when it runs again right after another
// replica's run (it selects what is still due, as every job here does): the lock
// stops two runs overlapping, not a second run later.
type JobLock struct {
	pool   *pgxpool.Pool
	schema string
}

// NewJobLock returns the job lock of pool's schema (its search_path, as pgkit.Open
// sets it): the same job name in two services' schemas are two locks.
func NewJobLock(pool *pgxpool.Pool) *JobLock {
	return &JobLock{pool: pool, schema: pool.Config().ConnConfig.RuntimeParams["search_path"]}
}

// Key is the advisory lock key of job (pg_locks shows it as classid = the high and
// objid = the low 32 bits).
func (l *JobLock) Key(job string) int64 { return lockKey("job:" + l.schema + ":" + job) }

// Run runs fn if no other session holds job's lock, holding it until fn returns, and
// reports whether fn ran. fn uses the pool as usual (the lock takes one connection of
// its own for the run). An error taking the lock is returned without running fn.
func (l *JobLock) Run(ctx context.Context, job string, fn func(ctx context.Context) error) (ran bool, err error) {
	conn, err := l.pool.Acquire(ctx)
	if err != nil {
		return false, fmt.Errorf("pgkit: job %s: %w", job, err)
	}
	defer conn.Release()
	key := l.Key(job)
	var got bool
	if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", key).Scan(&got); err != nil {
		return false, fmt.Errorf("pgkit: job %s lock: %w", job, err)
	}
	if !got {
		return false, nil
	}
	defer func() {
		// A fresh context: the lock must go even when ctx ended. If the unlock fails the
		// connection is closed instead, which releases every lock of its session.
		uctx := context.WithoutCancel(ctx)
		var released bool
		if err := conn.QueryRow(uctx, "SELECT pg_advisory_unlock($1)", key).Scan(&released); err != nil || !released {
			_ = conn.Conn().Close(uctx)
		}
	}()
	return true, fn(ctx)
}
