package pgkit_test

import (
	"context"
	"errors"
	"os"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.DropPackageDatabase()
	os.Exit(code)
}

func TestMigrate_ConcurrentStartsApplyOnceIntoOwnSchema(t *testing.T) {
	url := pgtest.NewDatabase(t)
	ctx := context.Background()
	migrations := os.DirFS("testdata/migrations")
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pool, err := pgkit.Open(ctx, url, "svc_a")
			if err != nil {
				errs <- err
				return
			}
			defer pool.Close()
			errs <- pgkit.Migrate(ctx, pool, "svc_a", migrations)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	pool := pgtest.Pool(t, url, "svc_a", nil)
	var n int
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM svc_a.goose_db_version WHERE version_id = 1").Scan(&n); err != nil || n != 1 {
		t.Fatalf("migration rows = %d, err %v; want 1", n, err)
	}
	// The pool's search_path is the service schema: unqualified names resolve there.
	if _, err := pool.Exec(ctx, "INSERT INTO widgets VALUES (1, 'a')"); err != nil {
		t.Fatal(err)
	}
	other := pgtest.Pool(t, url, "svc_b", nil)
	if _, err := other.Exec(ctx, "SELECT 1 FROM widgets"); err == nil {
		t.Fatal("another schema's pool resolved svc_a's table")
	}
}

func TestWithTx_RollsBackOnErrorAndDetectsUniqueViolation(t *testing.T) {
	url := pgtest.PackageURL(t)
	ctx := context.Background()
	pool := pgtest.Pool(t, url, "txtest", os.DirFS("testdata/migrations"))
	boom := errors.New("boom")
	err := pgkit.WithTx(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "INSERT INTO widgets VALUES (10, 'rolled back')"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	var n int
	_ = pool.QueryRow(ctx, "SELECT count(*) FROM widgets WHERE id = 10").Scan(&n)
	if n != 0 {
		t.Fatal("row of a failed transaction was committed")
	}
	_, _ = pool.Exec(ctx, "INSERT INTO widgets VALUES (11, 'dup')")
	_, err = pool.Exec(ctx, "INSERT INTO widgets VALUES (12, 'dup')")
	if !pgkit.IsUniqueViolation(err, "widgets_name_key") || pgkit.IsUniqueViolation(err, "other") {
		t.Fatalf("unique violation not recognised: %v", err)
	}
}
