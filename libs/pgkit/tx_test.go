package pgkit_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
)

func txPool(t *testing.T) *pgxpool.Pool {
	t.Helper()
	pool := pgtest.Pool(t, pgtest.NewDatabase(t), "svc_tx", nil)
	if _, err := pool.Exec(context.Background(), "CREATE TABLE items (id int PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	return pool
}

func insert(ctx context.Context, pool *pgxpool.Pool, id int) error {
	_, err := pgkit.Q(ctx, pool).Exec(ctx, "INSERT INTO items VALUES ($1)", id)
	return err
}

func count(t *testing.T, pool *pgxpool.Pool) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), "SELECT count(*) FROM items").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestInTx_CommitsWhenFnSucceeds(t *testing.T) {
	pool := txPool(t)
	ctx := context.Background()
	tr := pgkit.NewTransactor(pool)
	err := tr.InTx(ctx, func(ctx context.Context) error {
		if _, ok := pgkit.TxFrom(ctx); !ok {
			t.Fatal("fn's ctx carries no transaction")
		}
		if err := insert(ctx, pool, 1); err != nil {
			return err
		}
		// Outside the transaction the row is not visible yet: Q really used the tx.
		if n := count(t, pool); n != 0 {
			t.Fatalf("uncommitted row visible outside the tx: %d", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, pool); n != 1 {
		t.Fatalf("rows = %d, want 1", n)
	}
	if _, ok := pgkit.TxFrom(ctx); ok {
		t.Fatal("the caller's ctx must not carry the transaction")
	}
}

func TestInTx_RollsBackOnError(t *testing.T) {
	pool := txPool(t)
	boom := errors.New("boom")
	err := pgkit.NewTransactor(pool).InTx(context.Background(), func(ctx context.Context) error {
		if err := insert(ctx, pool, 1); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if n := count(t, pool); n != 0 {
		t.Fatalf("rows = %d after rollback", n)
	}
}

func TestInTx_NestedJoinsOuter(t *testing.T) {
	pool := txPool(t)
	tr := pgkit.NewTransactor(pool)
	boom := errors.New("boom")
	err := tr.InTx(context.Background(), func(ctx context.Context) error {
		outer, _ := pgkit.TxFrom(ctx)
		if err := tr.InTx(ctx, func(ctx context.Context) error {
			inner, _ := pgkit.TxFrom(ctx)
			if inner != outer {
				t.Fatal("nested InTx began a new transaction")
			}
			return insert(ctx, pool, 1)
		}); err != nil {
			return err
		}
		// The inner one did not commit on its own.
		if n := count(t, pool); n != 0 {
			t.Fatalf("nested InTx committed early: %d rows", n)
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if n := count(t, pool); n != 0 {
		t.Fatalf("rows = %d: the outer rollback must undo the nested work", n)
	}
}

func TestInTx_PanicRollsBackAndRepanics(t *testing.T) {
	pool := txPool(t)
	func() {
		defer func() {
			if p := recover(); p != "kaboom" {
				t.Fatalf("recovered %v, want the original panic", p)
			}
		}()
		_ = pgkit.NewTransactor(pool).InTx(context.Background(), func(ctx context.Context) error {
			if err := insert(ctx, pool, 1); err != nil {
				t.Fatal(err)
			}
			panic("kaboom")
		})
	}()
	if n := count(t, pool); n != 0 {
		t.Fatalf("rows = %d after panic", n)
	}
	// The connection went back to the pool usable.
	if err := insert(context.Background(), pool, 2); err != nil {
		t.Fatal(err)
	}
}

func TestQ_WithoutTxUsesPool(t *testing.T) {
	pool := txPool(t)
	if q := pgkit.Q(context.Background(), pool); q != pgkit.Querier(pool) {
		t.Fatalf("Q without tx = %T, want the pool", q)
	}
	tx, err := pool.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(context.Background())
	ctx := pgkit.ContextWithTx(context.Background(), tx)
	if q := pgkit.Q(ctx, pool); q != pgkit.Querier(tx) {
		t.Fatal("Q with ctx tx must return the tx")
	}
}
