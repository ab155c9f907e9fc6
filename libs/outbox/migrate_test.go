package outbox

import (
	"context"
	"testing"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
)

func TestMigrate_IdempotentAndOwnVersionTable(t *testing.T) {
	ctx := context.Background()
	url := pgtest.PackageURL(t)
	pool := pgtest.Pool(t, url, "t_migrate", nil)
	for i := 0; i < 2; i++ {
		if err := Migrate(ctx, pool, "t_migrate"); err != nil {
			t.Fatalf("run %d: %v", i+1, err)
		}
	}
	var tables int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM information_schema.tables
		WHERE table_schema = 't_migrate' AND table_name IN ('outbox','inbox','dead_letter','outbox_goose_db_version')`).Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables != 4 {
		t.Fatalf("tables = %d, want 4", tables)
	}
	// A pool whose search_path is another schema must be refused, not migrated into the
	// wrong place.
	other, err := pgkit.Open(ctx, url, "t_elsewhere")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := Migrate(ctx, other, "t_migrate2"); err == nil {
		t.Fatal("Migrate accepted a pool with the wrong search_path")
	}
	if err := Migrate(ctx, pool, "Bad-Name"); err == nil {
		t.Fatal("invalid schema name accepted")
	}
	t.Logf("METRIC outbox_tables=%d", tables)
}
