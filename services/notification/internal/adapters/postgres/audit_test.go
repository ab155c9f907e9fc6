package postgres

import (
	"context"
	"testing"

	"github.com/hellowork-jp/hellowork/libs/audit"
	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
	"github.com/hellowork-jp/hellowork/services/notification/migrations"
)

// TestAuditLog_AppendOnly: entries are written, and never changed or removed.
func TestAuditLog_AppendOnly(t *testing.T) {
	pool := pgtest.Pool(t, pgtest.NewDatabase(t), "notification", migrations.FS)
	ctx := context.Background()
	a := NewAuditLog(pool)
	err := a.Record(ctx, audit.Entry{At: t0, Action: "delivery_log.read", Outcome: audit.OK,
		Actor: audit.Actor{ID: "staff-1", Role: "staff", OfficeCode: "1301"}, Detail: map[string]string{"returned": "3"}})
	if err != nil {
		t.Fatal(err)
	}
	var actor, detail string
	if err := pool.QueryRow(ctx, `SELECT actor_id, detail->>'returned' FROM audit_log WHERE action = 'delivery_log.read'`).Scan(&actor, &detail); err != nil {
		t.Fatal(err)
	}
	if actor != "staff-1" || detail != "3" {
		t.Errorf("stored actor %q returned %q", actor, detail)
	}
	for _, stmt := range []string{`UPDATE audit_log SET outcome = 'failed'`, `DELETE FROM audit_log`, `TRUNCATE audit_log`} {
		if _, err := pool.Exec(ctx, stmt); err == nil {
			t.Errorf("%s succeeded on the append-only audit log", stmt)
		}
	}
}
