package audit_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/audit"
	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/errs"
	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.DropPackageDatabase()
	os.Exit(code)
}

var at = time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)

func TestEntry_Validate(t *testing.T) {
	ok := audit.Entry{At: at, Action: "session.sign_in", Outcome: audit.OK}
	tests := []struct {
		name  string
		edit  func(*audit.Entry)
		valid bool
	}{
		{"ok", func(*audit.Entry) {}, true},
		{"denied with reason", func(e *audit.Entry) { e.Outcome, e.Reason = audit.Denied, "PERMISSION_DENIED" }, true},
		{"failed with reason", func(e *audit.Entry) { e.Outcome, e.Reason = audit.Failed, "SIGN_IN_FAILED" }, true},
		{"multi-word noun", func(e *audit.Entry) { e.Action = "delivery_log.read" }, true},
		{"no time", func(e *audit.Entry) { e.At = time.Time{} }, false},
		{"old upper-case action", func(e *audit.Entry) { e.Action = "SIGN_IN_FAILED" }, false},
		{"no verb", func(e *audit.Entry) { e.Action = "session" }, false},
		{"three parts", func(e *audit.Entry) { e.Action = "a.b.c" }, false},
		{"camel case", func(e *audit.Entry) { e.Action = "session.signIn" }, false},
		{"old outcome", func(e *audit.Entry) { e.Outcome = "SUCCESS" }, false},
		{"empty outcome", func(e *audit.Entry) { e.Outcome = "" }, false},
		{"reason on ok", func(e *audit.Entry) { e.Reason = "X" }, false},
		{"denied without reason", func(e *audit.Entry) { e.Outcome = audit.Denied }, false},
		{"failed without reason", func(e *audit.Entry) { e.Outcome = audit.Failed }, false},
		{"lower-case reason", func(e *audit.Entry) { e.Outcome, e.Reason = audit.Failed, "bad" }, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := ok
			tc.edit(&e)
			err := e.Validate()
			if (err == nil) != tc.valid {
				t.Fatalf("Validate() = %v, want valid=%v", err, tc.valid)
			}
			if err != nil && !errors.Is(err, audit.ErrInvalidEntry) {
				t.Fatalf("want ErrInvalidEntry, got %v", err)
			}
		})
	}
}

func TestResult(t *testing.T) {
	locked := errs.New(errs.KindFailedPrecondition, "INVALID_STATE", "invalid state")
	for name, tc := range map[string]struct {
		err     error
		outcome audit.Outcome
		reason  string
	}{
		"nil":          {nil, audit.OK, ""},
		"denied":       {errs.ErrPermissionDenied, audit.Denied, "PERMISSION_DENIED"},
		"unauthent.":   {errs.ErrUnauthenticated, audit.Denied, "UNAUTHENTICATED"},
		"rule refusal": {locked.WithRule("EST-1"), audit.Failed, "INVALID_STATE"},
		"plain error":  {errors.New("db down"), audit.Failed, "INTERNAL"},
	} {
		t.Run(name, func(t *testing.T) {
			e := audit.Entry{At: at, Action: "session.sign_in"}.WithResult(tc.err)
			if e.Outcome != tc.outcome || e.Reason != tc.reason {
				t.Fatalf("got %s/%q, want %s/%q", e.Outcome, e.Reason, tc.outcome, tc.reason)
			}
			if err := e.Validate(); err != nil {
				t.Fatalf("WithResult produced an invalid entry: %v", err)
			}
		})
	}
}

func TestActorFrom(t *testing.T) {
	a := audit.ActorFrom(authn.Principal{AccountID: "acc", Role: authn.RoleStaff, OfficeCode: "1301", Email: "x@example.jp"})
	if a != (audit.Actor{ID: "acc", Role: "staff", OfficeCode: "1301"}) {
		t.Fatalf("ActorFrom = %+v", a)
	}
}

func TestPGWriter_RecordsInCtxTxAndTableIsAppendOnly(t *testing.T) {
	pool := pgtest.Pool(t, pgtest.PackageURL(t), "svc_audit", nil)
	ctx := context.Background()
	if _, err := pool.Exec(ctx, audit.TableDDL("audit_log")); err != nil {
		t.Fatal(err)
	}
	w := audit.NewPGWriter(pool, "audit_log")
	tr := pgkit.NewTransactor(pool)
	e := audit.Entry{At: at, Action: "establishment.accept", Actor: audit.Actor{ID: "staff-1", Role: "staff", OfficeCode: "1301"},
		EstablishmentID: "est-1", SubjectID: "acc-1", Outcome: audit.OK, Detail: map[string]string{"number": "1301-000001-1"}}

	// Rolled back with its transaction: an OK entry is part of the change it reports.
	_ = tr.InTx(ctx, func(ctx context.Context) error {
		if err := w.Record(ctx, e); err != nil {
			t.Fatal(err)
		}
		return errors.New("rollback")
	})
	if err := tr.InTx(ctx, func(ctx context.Context) error { return w.Record(ctx, e) }); err != nil {
		t.Fatal(err)
	}
	// Outside a transaction it goes straight to the pool (denied attempts).
	denied := audit.Entry{At: at, Action: "session.sign_in", Outcome: audit.Denied, Reason: "UNAUTHENTICATED"}
	if err := w.Record(ctx, denied); err != nil {
		t.Fatal(err)
	}
	if err := w.Record(ctx, audit.Entry{At: at, Action: "BAD", Outcome: audit.OK}); !errors.Is(err, audit.ErrInvalidEntry) {
		t.Fatalf("invalid entry recorded: %v", err)
	}

	var n int
	var office, detail string
	if err := pool.QueryRow(ctx, `SELECT count(*), max(actor_office_code), max(detail->>'number') FROM audit_log WHERE action = 'establishment.accept'`).
		Scan(&n, &office, &detail); err != nil {
		t.Fatal(err)
	}
	if n != 1 || office != "1301" || detail != "1301-000001-1" {
		t.Fatalf("rows=%d office=%q detail=%q", n, office, detail)
	}
	var reason string
	if err := pool.QueryRow(ctx, `SELECT reason FROM audit_log WHERE outcome = 'denied'`).Scan(&reason); err != nil || reason != "UNAUTHENTICATED" {
		t.Fatalf("denied row reason %q, err %v", reason, err)
	}
	for _, sql := range []string{`UPDATE audit_log SET outcome = 'ok'`, `DELETE FROM audit_log`, `TRUNCATE audit_log`} {
		if _, err := pool.Exec(ctx, sql); err == nil {
			t.Fatalf("%s succeeded on the append-only table", sql)
		}
	}
}

func TestNewPGWriter_RefusesOddTableNames(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("table name with SQL accepted")
		}
	}()
	audit.NewPGWriter(nil, "audit; DROP TABLE x")
}
