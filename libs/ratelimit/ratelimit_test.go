package ratelimit_test

import (
	"context"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/libs/ratelimit"
	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.DropPackageDatabase()
	os.Exit(code)
}

var minute = time.Date(2026, 4, 1, 9, 30, 0, 0, time.UTC)

func counter(t *testing.T, schema string) *ratelimit.Counter {
	t.Helper()
	pool := pgtest.Pool(t, pgtest.PackageURL(t), schema, nil)
	if _, err := pool.Exec(context.Background(), ratelimit.TableDDL); err != nil {
		t.Fatal(err)
	}
	return ratelimit.New(pool)
}

func hit(t *testing.T, c *ratelimit.Counter, window time.Time, buckets ...string) []int {
	t.Helper()
	return hitIn(context.Background(), t, c, window, buckets...)
}

func hitIn(ctx context.Context, t *testing.T, c *ratelimit.Counter, window time.Time, buckets ...string) []int {
	t.Helper()
	n, err := c.Hit(ctx, window, buckets...)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCounter_CountsPerBucketAndWindow(t *testing.T) {
	c := counter(t, "rl_count")
	steps := []struct {
		name    string
		window  time.Time
		buckets []string
		want    []int
	}{
		{"first hit of two buckets", minute, []string{"ip:a", "email:x"}, []int{1, 1}},
		{"second hit, answered in the caller's order", minute, []string{"email:x", "ip:a"}, []int{2, 2}},
		{"a bucket named twice counts once", minute, []string{"ip:a", "ip:a"}, []int{3, 3}},
		{"another bucket starts at one", minute, []string{"ip:b"}, []int{1}},
		{"the next window starts again", minute.Add(time.Minute), []string{"ip:a"}, []int{1}},
		{"no bucket, no count", minute, nil, nil},
	}
	for _, s := range steps {
		if got := hit(t, c, s.window, s.buckets...); !slices.Equal(got, s.want) {
			t.Fatalf("%s: hits = %v, want %v", s.name, got, s.want)
		}
	}
}

func TestCounter_ConcurrentHitsAreAllCounted(t *testing.T) {
	c := counter(t, "rl_concurrent")
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() { hit(t, c, minute, "ip:a", "network:n") })
	}
	wg.Wait()
	if got := hit(t, c, minute, "ip:a", "network:n"); !slices.Equal(got, []int{21, 21}) {
		t.Fatalf("after 20 concurrent hits and one more: %v, want [21 21]", got)
	}
}

func TestCounter_HitDropsTheBucketsEarlierWindowsAndPruneTheRest(t *testing.T) {
	ctx := context.Background()
	pool := pgtest.Pool(t, pgtest.PackageURL(t), "rl_prune", nil)
	if _, err := pool.Exec(ctx, ratelimit.TableDDL); err != nil {
		t.Fatal(err)
	}
	c := ratelimit.New(pool)
	rows := func() int {
		var n int
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM rate_limits`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	hit(t, c, minute, "ip:a", "ip:b")
	hit(t, c, minute.Add(time.Minute), "ip:a")
	if got := rows(); got != 2 {
		t.Fatalf("rows after ip:a moved on = %d, want 2 (ip:a's new window, ip:b's old one)", got)
	}
	n, err := c.Prune(ctx, minute.Add(time.Minute))
	if err != nil || n != 1 || rows() != 1 {
		t.Fatalf("Prune = %d, %v; rows %d, want 1 pruned and 1 left", n, err, rows())
	}
}

func TestCounter_CountsInTheCallersTransaction(t *testing.T) {
	ctx := context.Background()
	pool := pgtest.Pool(t, pgtest.PackageURL(t), "rl_tx", nil)
	if _, err := pool.Exec(ctx, ratelimit.TableDDL); err != nil {
		t.Fatal(err)
	}
	c := ratelimit.New(pool)
	errRollback := context.Canceled
	_ = pgkit.NewTransactor(pool).InTx(ctx, func(ctx context.Context) error {
		hitIn(ctx, t, c, minute, "ip:a")
		return errRollback
	})
	if got := hit(t, c, minute, "ip:a"); !slices.Equal(got, []int{1}) {
		t.Fatalf("hits after a rolled-back hit = %v, want [1]", got)
	}
}
