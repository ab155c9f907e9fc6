package runner_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"testing"
	"testing/fstest"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/libs/config"
	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
)

const auditMigration = `-- +goose Up
CREATE TABLE things (id bigint PRIMARY KEY, v text);
CREATE TABLE audit_log (id bigserial PRIMARY KEY, what text NOT NULL);
-- +goose StatementBegin
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
-- +goose Down
DROP TABLE audit_log;
DROP FUNCTION audit_log_append_only();
DROP TABLE things;
`

// runtimeRole creates a login role for the test (trust authentication, as in the
// test cluster) and returns DATABASE_URL as that role. It is dropped after the database.
func runtimeRole(t *testing.T, ownerURL string) string {
	t.Helper()
	ctx := context.Background()
	role := fmt.Sprintf("hw_rt_%d", time.Now().UnixNano())
	admin, err := pgx.Connect(ctx, ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE ROLE "+role+" LOGIN"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), pgtest.ServerURL())
		if err == nil {
			_, _ = c.Exec(context.Background(), "DROP ROLE IF EXISTS "+role)
			_ = c.Close(context.Background())
		}
	})
	u, _ := url.Parse(ownerURL)
	u.User = url.User(role)
	return u.String()
}

// M4: audit tables are append-only for the role the service runs as. Migrations run as
// the owner; the runtime role gets INSERT and SELECT on them and owns nothing, so it
// cannot update, delete, truncate, or drop or disable the trigger.
func TestMigrate_RuntimeRoleCannotAlterTheAuditTable(t *testing.T) {
	rtURL := runtimeRole(t, pgtest.ServerURL()) // registered first: dropped after the database
	ownerURL := pgtest.NewDatabase(t)
	u, _ := url.Parse(ownerURL)
	ru, _ := url.Parse(rtURL)
	u.User = ru.User
	rtURL = u.String()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	spec := runner.Spec{
		Name: "audited", Schema: "audited", Log: zap.NewNop(),
		Migrations: fstest.MapFS{"00001_init.sql": {Data: []byte(auditMigration)}},
		Common:     config.Common{DatabaseURL: rtURL, MigrationDatabaseURL: ownerURL},
	}
	if err := runner.Migrate(ctx, spec); err != nil {
		t.Fatal(err)
	}
	rt, err := pgkit.Open(ctx, rtURL, "audited")
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()

	for _, q := range []string{
		"INSERT INTO audit_log (what) VALUES ('read')",
		"SELECT count(*) FROM audit_log",
		"INSERT INTO things VALUES (1, 'a')",
		"UPDATE things SET v = 'b'",
		"DELETE FROM things",
		"DELETE FROM outbox", // the relay deletes what JetStream acknowledged
		"DELETE FROM inbox",  // inbox pruning
	} {
		if _, err := rt.Exec(ctx, q); err != nil {
			t.Errorf("runtime role: %s: %v", q, err)
		}
	}
	for _, q := range []string{
		"UPDATE audit_log SET what = 'forged'",
		"DELETE FROM audit_log",
		"TRUNCATE audit_log",
		"DROP TRIGGER audit_log_no_update ON audit_log",
		"ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update",
		"DROP TABLE audit_log",
		"CREATE TABLE sneaky (x int)",
		"DELETE FROM goose_db_version",
	} {
		_, err := rt.Exec(ctx, q)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "42501" { // insufficient_privilege / must be owner
			t.Errorf("runtime role: %s: got %v, want a privilege error (42501)", q, err)
		}
	}

	// The service runs as the runtime role: it migrates through the owner's connection
	// at start-up and needs nothing more (make run), or not at all (MIGRATIONS_BY_JOB).
	if err := runner.Migrate(ctx, spec); err != nil {
		t.Fatalf("migrating again: %v", err)
	}
}

// TestMigrate_ConcurrentRunsWithRuntimeRole: migration runs that start together (two
// replicas, a retried Job next to the first) wait for each other and all succeed,
// granting the runtime role included (concurrent GRANTs on one object otherwise fail
// with "tuple concurrently updated"); make test-deploy-cluster runs the same with the
// hook Job's real binary and environment.
func TestMigrate_ConcurrentRunsWithRuntimeRole(t *testing.T) {
	rtURL := runtimeRole(t, pgtest.ServerURL()) // registered first: dropped after the database
	ownerURL := pgtest.NewDatabase(t)
	u, _ := url.Parse(ownerURL)
	ru, _ := url.Parse(rtURL)
	u.User = ru.User
	rtURL = u.String()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	spec := runner.Spec{
		Name: "audited", Schema: "audited", Log: zap.NewNop(),
		Migrations: fstest.MapFS{"00001_init.sql": {Data: []byte(auditMigration)}},
		Common:     config.Common{DatabaseURL: rtURL, MigrationDatabaseURL: ownerURL},
	}
	errs := make(chan error, 4)
	for range cap(errs) {
		go func() { errs <- runner.Migrate(ctx, spec) }()
	}
	for range cap(errs) {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	owner := pgtest.Pool(t, ownerURL, "audited", nil)
	var n int
	if err := owner.QueryRow(ctx, "SELECT count(*) FROM goose_db_version WHERE version_id = 1").Scan(&n); err != nil || n != 1 {
		t.Fatalf("migration 1 recorded %d times (%v); want once", n, err)
	}
}
