package pgkit_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
)

// TestJobLock_OneRunAtATimeAcrossReplicas: replicas (one pool each, as two pods) that
// run the same job together never overlap: while one holds the run the others skip it,
// and once it returns (with or without an error) the next run takes the lock again.
func TestJobLock_OneRunAtATimeAcrossReplicas(t *testing.T) {
	url := pgtest.PackageURL(t)
	ctx := context.Background()
	replicas := []*pgkit.JobLock{
		pgkit.NewJobLock(pgtest.Pool(t, url, "joblock_a", nil)),
		pgkit.NewJobLock(pgtest.Pool(t, url, "joblock_a", nil)),
		pgkit.NewJobLock(pgtest.Pool(t, url, "joblock_a", nil)),
	}

	// One replica holds the run: the others skip it.
	inside, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		_, err := replicas[0].Run(ctx, "expire", func(context.Context) error {
			close(inside)
			<-release
			return errors.New("job failed")
		})
		done <- err
	}()
	<-inside
	for i, r := range replicas[1:] {
		ran, err := r.Run(ctx, "expire", func(context.Context) error { t.Error("ran while another replica held the job"); return nil })
		if err != nil || ran {
			t.Fatalf("replica %d: ran=%v err=%v; want a skipped run", i+1, ran, err)
		}
		// Another job of the same schema is another lock.
		if ran, err := r.Run(ctx, "remind", func(context.Context) error { return nil }); err != nil || !ran {
			t.Fatalf("replica %d: another job: ran=%v err=%v", i+1, ran, err)
		}
	}
	// The same job name in another service's schema is another lock too.
	other := pgkit.NewJobLock(pgtest.Pool(t, url, "joblock_b", nil))
	if ran, err := other.Run(ctx, "expire", func(context.Context) error { return nil }); err != nil || !ran {
		t.Fatalf("another schema: ran=%v err=%v", ran, err)
	}
	close(release)
	if err := <-done; err == nil || err.Error() != "job failed" {
		t.Fatalf("the job's own error = %v, want it returned", err)
	}
	// A failed run released the lock.
	if ran, err := replicas[1].Run(ctx, "expire", func(context.Context) error { return nil }); err != nil || !ran {
		t.Fatalf("after the holder returned: ran=%v err=%v", ran, err)
	}

	// Many runs at once from every replica: never two inside.
	var (
		mu             sync.Mutex
		in, most, runs int
		wg             sync.WaitGroup
	)
	for _, r := range replicas {
		for range 4 {
			wg.Go(func() {
				for range 25 {
					_, err := r.Run(ctx, "batch", func(context.Context) error {
						mu.Lock()
						in++
						most, runs = max(most, in), runs+1
						mu.Unlock()
						mu.Lock()
						in--
						mu.Unlock()
						return nil
					})
					if err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
	}
	wg.Wait()
	if most != 1 || runs == 0 {
		t.Fatalf("at most %d runs at once over %d runs; want exactly 1", most, runs)
	}
}

// TestJobLock_CancelledRunReleases: a run whose context ends (shutdown) still releases
// the lock for the other replicas.
func TestJobLock_CancelledRunReleases(t *testing.T) {
	url := pgtest.PackageURL(t)
	a := pgkit.NewJobLock(pgtest.Pool(t, url, "joblock_c", nil))
	b := pgkit.NewJobLock(pgtest.Pool(t, url, "joblock_c", nil))
	ctx, cancel := context.WithCancel(context.Background())
	ran, err := a.Run(ctx, "purge", func(ctx context.Context) error { cancel(); return ctx.Err() })
	if !ran || !errors.Is(err, context.Canceled) {
		t.Fatalf("ran=%v err=%v", ran, err)
	}
	if ran, err := b.Run(context.Background(), "purge", func(context.Context) error { return nil }); err != nil || !ran {
		t.Fatalf("after a cancelled run: ran=%v err=%v; want the lock free", ran, err)
	}
}
