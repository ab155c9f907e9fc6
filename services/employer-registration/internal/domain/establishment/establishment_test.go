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

// OPEN-1 review transitions from every state: which are allowed and where they lead.
func TestEstablishment_Transitions(t *testing.T) {
	now := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	n, _ := AssignNumber("1301", 1)
	checked, _ := CheckInput(validProfile(), 2026)
	inState := func(s State) *Establishment {
		e := NewProvisional("id", "acct", "a@example.jp", now)
		_ = e.SaveSections(checked, "1301", now)
		e.State = s
		return e
	}
	ops := map[string]func(e *Establishment) error{
		"submit":   func(e *Establishment) error { _, err := e.Submit(now); return err },
		"accept":   func(e *Establishment) error { return e.Accept(n, SourceAssigned, now) },
		"return":   func(e *Establishment) error { return e.Return("直してください", now) },
		"reject":   func(e *Establishment) error { return e.Reject("対象外です", now) },
		"transfer": func(e *Establishment) error { return e.Transfer("1306", now) },
	}
	all := []State{StateDraft, StateProvisional, StateReturned, StateRegistered, StateRejected}
	// want[op][from] = state after, or "" when refused with INVALID_STATE.
	want := map[string]map[State]State{
		"submit":   {StateDraft: StateProvisional, StateReturned: StateProvisional},
		"accept":   {StateProvisional: StateRegistered},
		"return":   {StateProvisional: StateReturned},
		"reject":   {StateProvisional: StateRejected, StateReturned: StateRejected},
		"transfer": {StateDraft: StateDraft, StateProvisional: StateProvisional, StateReturned: StateReturned, StateRegistered: StateRegistered},
	}
	for op, do := range ops {
		for _, from := range all {
			t.Run(op+"/"+string(from), func(t *testing.T) {
				e := inState(from)
				v := e.Version
				err := do(e)
				to, ok := want[op][from]
				if !ok {
					if !errors.Is(err, ErrInvalidState) || e.State != from || e.Version != v {
						t.Fatalf("%s from %s: err %v, state %s, version %d→%d; want INVALID_STATE and no change", op, from, err, e.State, v, e.Version)
					}
					return
				}
				if err != nil || e.State != to || e.Version != v+1 {
					t.Fatalf("%s from %s: err %v, state %s (want %s), version %d→%d", op, from, err, e.State, to, v, e.Version)
				}
			})
		}
	}
}

// OPEN-1: a resubmission after a return is counted and reported; acceptance clears the
// office's message; a return or rejection keeps it.
func TestEstablishment_TransitionEffects(t *testing.T) {
	now := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	checked, _ := CheckInput(validProfile(), 2026)
	e := NewProvisional("id", "acct", "", now)
	_ = e.SaveSections(checked, "1301", now)
	if re, _ := e.Submit(now); re || e.Resubmissions != 0 || !e.SubmittedAt.Equal(now) {
		t.Fatalf("first submit: resubmitted %v, count %d", re, e.Resubmissions)
	}
	_ = e.Return("従業員数をご確認ください。", now)
	if e.OfficeMessage != "従業員数をご確認ください。" || !e.Editable() {
		t.Fatalf("returned: %q editable %v", e.OfficeMessage, e.Editable())
	}
	later := now.Add(time.Hour)
	if re, _ := e.Submit(later); !re || e.Resubmissions != 1 || !e.SubmittedAt.Equal(later) {
		t.Fatalf("resubmit: resubmitted %v, count %d", re, e.Resubmissions)
	}
	n, _ := AssignNumber("1301", 7)
	_ = e.Accept(n, SourceAssigned, later)
	if e.OfficeMessage != "" || e.Number != n || !e.RegisteredAt.Equal(later) || e.Editable() {
		t.Fatalf("accepted: %+v", e)
	}
	if e.CanIssueCode() != nil || e.CanAddLoginEmail() != nil {
		t.Fatal("a registered establishment refuses codes or login e-mails")
	}
	d := NewProvisional("id2", "acct2", "", now)
	if !errors.Is(d.CanIssueCode(), ErrInvalidState) || !errors.Is(d.CanAddLoginEmail(), ErrInvalidState) {
		t.Fatal("a draft accepts codes or login e-mails")
	}
}

// EST-1: an approved change moves the office with the address unless staff chose it.
func TestEstablishment_ApplyChange(t *testing.T) {
	now := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	checked, _ := CheckInput(validProfile(), 2026)
	n, _ := AssignNumber("1301", 1)
	e, _ := NewAtCounter("id", checked, "1301", n, SourceAssigned, now)
	e.OfficeOverridden = false
	if err := e.ApplyChange(Profile{PR: &PR{PRText: "新しいPR"}}, "1306", now); err != nil || e.OfficeCode != "1306" || e.Profile.PR.PRText != "新しいPR" {
		t.Fatalf("apply: %v office %s", err, e.OfficeCode)
	}
	_ = e.Transfer("1301", now)
	_ = e.ApplyChange(Profile{}, "1306", now)
	if e.OfficeCode != "1301" {
		t.Fatalf("staff's choice overridden: %s", e.OfficeCode)
	}
	d := NewProvisional("id2", "acct", "", now)
	if err := d.ApplyChange(Profile{}, "", now); !errors.Is(err, ErrInvalidState) {
		t.Fatalf("change of a draft: %v", err)
	}
	if _, err := NewChange("c", "id", Profile{}, nil, "acct", now); !errors.Is(err, ErrChangeEmpty) {
		t.Fatalf("empty change: %v", err)
	}
}

// OPEN-3: the telephone number is compared on its digits, at least 10 of them.
func TestEstablishment_PhoneMatches(t *testing.T) {
	e := &Establishment{Profile: Profile{Basic: &Basic{PhoneNumber: "03-1234-5678"}}}
	for typed, want := range map[string]bool{
		"03-1234-5678": true, "0312345678": true, "０３－１２３４－５６７８": true,
		"03-1234-5679": false, "": false, "1234-5678": false,
	} {
		if got := e.PhoneMatches(typed); got != want {
			t.Errorf("PhoneMatches(%q) = %v, want %v", typed, got, want)
		}
	}
	if (&Establishment{}).PhoneMatches("") {
		t.Error("no phone matches the empty input")
	}
}
