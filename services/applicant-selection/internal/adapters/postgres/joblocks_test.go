package postgres_test

import (
	"context"
	"testing"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/adapters/postgres"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/migrations"
)

// TestJobLocks_OneHolderAcrossReplicasUntilItsTransactionEnds: while one replica's
// transaction holds a job's lock, another replica's transaction cannot take it (it
// skips the pass); another job's lock is free; once the first transaction ends the
// lock can be taken again.
func TestJobLocks_OneHolderAcrossReplicasUntilItsTransactionEnds(t *testing.T) {
	url := pgtest.NewDatabase(t)
	a := pgtest.Pool(t, url, "applicant_selection", migrations.FS)
	b := pgtest.Pool(t, url, "applicant_selection", nil) // a second replica's pool
	la, lb := postgres.NewJobLocks(a), postgres.NewJobLocks(b)
	ctx := context.Background()
	held := make(chan struct{})
	release := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- pgkit.NewTransactor(a).InTx(ctx, func(ctx context.Context) error {
			if ok, err := la.TryLock(ctx, "message-purge"); err != nil || !ok {
				t.Errorf("first replica: %v %v", ok, err)
			}
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	try := func(job string) bool {
		var got bool
		if err := pgkit.NewTransactor(b).InTx(ctx, func(ctx context.Context) error {
			ok, err := lb.TryLock(ctx, job)
			got = ok
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return got
	}
	if try("message-purge") {
		t.Error("the second replica took the lock the first holds")
	}
	if !try("another-job") {
		t.Error("another job's lock is not free")
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !try("message-purge") {
		t.Error("the lock was not released with the transaction")
	}
}
