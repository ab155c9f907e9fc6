package establishment

import (
	"errors"
	"testing"
	"time"
)

// OPEN-1 lifecycle: draft → provisional → returned → provisional → registered.
func TestEstablishment_Lifecycle(t *testing.T) {
	now := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	e := NewProvisional("id", "acct", "a@example.jp", now)
	if _, err := e.Submit(now); !errors.Is(err, ErrSectionsIncomplete) {
		t.Fatalf("incomplete submit: %v", err)
	}
	checked, _ := CheckInput(validProfile(), 2026)
	if err := e.SaveSections(checked, "1301", now); err != nil {
		t.Fatal(err)
	}
	if re, err := e.Submit(now); err != nil || re || e.State != StateProvisional {
		t.Fatalf("submit: %v %v %s", re, err, e.State)
	}
	if err := e.SaveSections(Profile{PR: &PR{}}, "", now); !errors.Is(err, ErrInvalidState) {
		t.Fatalf("edit while provisional: %v", err)
	}
	if err := e.Return("直してください", now); err != nil {
		t.Fatal(err)
	}
	if re, err := e.Submit(now); err != nil || !re {
		t.Fatalf("resubmit: %v %v", re, err)
	}
	n, _ := AssignNumber("1301", 1)
	if err := e.Accept(n, SourceAssigned, now); err != nil || e.State != StateRegistered || e.Number != n {
		t.Fatalf("accept: %v", err)
	}
	if err := e.Reject("x", now); !errors.Is(err, ErrInvalidState) {
		t.Fatalf("reject after acceptance: %v", err)
	}
	// A staff override pins the office: later address changes do not move it.
	d := NewProvisional("id2", "acct2", "", now)
	_ = d.Transfer("1306", now)
	_ = d.SaveSections(checked, "1301", now)
	if d.OfficeCode != "1306" {
		t.Fatalf("override lost: %s", d.OfficeCode)
	}
}
