package e2e_test

import (
	"strings"
	"testing"
	"time"
)

// Security notices (the mails that tell an account's owner about a lock, a changed
// password or login account, a new device) and the staff audit trail.

// Subjects of the ACC-1 e-mail change mails (notification's mail kinds).
const (
	subjLoginEmailChange    = "ログインアカウント変更申込受付通知"
	subjLoginAccountChanged = "ログインアカウント変更完了通知"
)

// TestAuth_NotificationsSent [ASVS 6.3.7; ACC-1, RESET-1]: a password change, a login
// e-mail change and a password reset each mail the security notice exactly once (the
// e-mail change to the former and to the new address).
func TestAuth_NotificationsSent(t *testing.T) {
	t.Parallel()
	w := startWorld(t)
	acc := open2(t, w, "テスト商事 NOTICES", "03-5200-0001")
	staff := w.staffOf(t, "1301")
	employer, oldEmail := acc.employer, acc.email

	// ACC-1: the password, behind the current one.
	secondPassword := "Henkou#2026pw"
	w.secret(secondPassword)
	r := must2xx(t, employer.post("/v1/identity/account:changeLoginAccount", map[string]any{"current_password": employerPassword,
		"new_password": secondPassword, "new_password_confirmation": secondPassword}))
	if r.str(t, "password_changed") != "true" || r.str(t, "email_change_pending") == "true" {
		t.Fatalf("ACC-1 password change: %s", r)
	}
	w.expect(oldEmail, subjPasswordChanged)
	w.mb.next(t, oldEmail, subjPasswordChanged)
	if r := employer.get("/v1/identity/account"); r.Code != 200 {
		// The change may end the other sessions; this browser signs in again.
		employer = newBrowser(t, w.st, "notices-again")
		w.signIn(t, employer, oldEmail, secondPassword, false)
	}

	// ACC-1: the e-mail, confirmed with the key mailed to the new address.
	newEmail := uniqueEmail("notices-new")
	r = must2xx(t, employer.post("/v1/identity/account:changeLoginAccount", map[string]any{"current_password": secondPassword,
		"new_email": newEmail, "new_email_confirmation": newEmail}))
	if r.str(t, "email_change_pending") != "true" {
		t.Fatalf("ACC-1 e-mail change: %s", r)
	}
	w.expect(newEmail, subjLoginEmailChange)
	key := w.mb.authKey(t, newEmail, subjLoginEmailChange)
	r = must2xx(t, employer.post("/v1/identity/account:confirmLoginEmailChange", map[string]any{"auth_key": key}))
	if !strings.EqualFold(r.str(t, "account.email"), newEmail) {
		t.Fatalf("confirmed e-mail change: %s", r)
	}
	w.expect(oldEmail, subjLoginAccountChanged)
	w.expect(newEmail, subjLoginAccountChanged)
	w.mb.next(t, oldEmail, subjLoginAccountChanged)
	w.mb.next(t, newEmail, subjLoginAccountChanged)

	// RESET-1 at the new address.
	anon := newBrowser(t, w.st, "notices-reset")
	must2xx(t, anon.post("/v1/identity/passwordResets:request", map[string]any{"email": newEmail}))
	w.completeReset(t, anon, newEmail, "Saitouroku#2026")

	// Everything asked for is delivered and committed: now count, exactly once each.
	w.settled(t, staff)
	got := w.received(t)
	for _, c := range []struct {
		what, to, subject string
	}{
		{"password change (ACC-1)", oldEmail, subjPasswordChanged},
		{"e-mail change, former address (ACC-1)", oldEmail, subjLoginAccountChanged},
		{"e-mail change, new address (ACC-1)", newEmail, subjLoginAccountChanged},
		{"password reset (RESET-1)", newEmail, subjPasswordChanged},
	} {
		if n := got[mailKey{strings.ToLower(c.to), c.subject}]; n != 1 {
			t.Errorf("%s: 「%s」 to %s arrived %d times, want exactly 1", c.what, c.subject, c.to, n)
		}
	}
	t.Logf("METRIC security_notices_password_change=%d email_change_old=%d email_change_new=%d password_reset=%d",
		got[mailKey{strings.ToLower(oldEmail), subjPasswordChanged}], got[mailKey{strings.ToLower(oldEmail), subjLoginAccountChanged}],
		got[mailKey{strings.ToLower(newEmail), subjLoginAccountChanged}], got[mailKey{strings.ToLower(newEmail), subjPasswordChanged}])
}

// auditEvent is one row of identity's audit trail as the gateway renders it.
type auditEvent struct {
	OccurTime        time.Time `json:"occur_time"`
	Action           string    `json:"action"`
	Outcome          string    `json:"outcome"`
	ActorAccountID   string    `json:"actor_account_id"`
	SubjectAccountID string    `json:"subject_account_id"`
	IP               string    `json:"ip"`
	UserAgent        string    `json:"user_agent"`
}

// TestAudit_StaffAccessLogged [LOGIN-5; ASVS 16.3.x]: staff looking up an
// establishment's primary login ID, and reading its audit trail, leave rows readable
// through the staff audit RPC with who (the staff account), when, what (the action)
// and the target; staff of another office can neither read the trail nor look the ID up.
func TestAudit_StaffAccessLogged(t *testing.T) {
	t.Parallel()
	w := startWorld(t)
	acc := open2(t, w, "テスト商事 AUDIT", "03-5200-0002")
	staff := w.staffOf(t, "1301")
	staffID := me(t, staff).str(t, "account_id")
	primaryID := me(t, acc.employer).str(t, "account_id")
	trail := "/v1/identity/staff/establishments/" + acc.number + "/auditEvents?page_size=200"

	list := func() []auditEvent {
		t.Helper()
		var out struct {
			Events []auditEvent `json:"events"`
		}
		must2xx(t, staff.get(trail)).decode(t, &out)
		return out.Events
	}
	count := func(evs []auditEvent, action string) int {
		n := 0
		for _, e := range evs {
			if e.Action == action && e.ActorAccountID == staffID {
				n++
			}
		}
		return n
	}
	before := list()
	lookupsBefore := count(before, "primary_login_id.read")

	from := time.Now().Add(-2 * time.Second) // the services' clock and ours are the same host's
	r := must2xx(t, staff.get("/v1/identity/staff/establishments/"+acc.number+"/primaryLoginId"))
	if !strings.EqualFold(r.str(t, "email"), acc.email) {
		t.Fatalf("LOGIN-5 lookup: %s", r)
	}
	to := time.Now().Add(2 * time.Second)

	after := list()
	if n := count(after, "primary_login_id.read"); n != lookupsBefore+1 {
		t.Fatalf("one lookup, %d → %d audit rows; trail: %+v", lookupsBefore, n, after)
	}
	var row *auditEvent
	for i := range after {
		e := &after[i]
		if e.Action == "primary_login_id.read" && (row == nil || e.OccurTime.After(row.OccurTime)) {
			row = e
		}
	}
	if row.ActorAccountID != staffID || row.SubjectAccountID != primaryID || row.Outcome != "ok" ||
		row.OccurTime.Before(from) || row.OccurTime.After(to) || row.UserAgent != "e2e-browser/staff-1301" {
		t.Fatalf("audit row of the lookup: %+v; want actor %s, subject %s, ok, between %v and %v", *row, staffID, primaryID, from, to)
	}
	// Reading the trail is itself audited: the first read shows in the second.
	if n := count(after, "audit_trail.read"); n != count(before, "audit_trail.read")+1 {
		t.Errorf("reading the audit trail is not audited: %d → %d rows", count(before, "audit_trail.read"), n)
	}
	// Secrets never reach the trail.
	if raw := string(must2xx(t, staff.get(trail)).Body); strings.Contains(raw, employerPassword) {
		t.Error("the audit trail holds a password")
	}

	// Another office: refused like an unknown establishment, and nothing is recorded.
	other := w.staffOf(t, "1306")
	for _, p := range []string{"/primaryLoginId", "/auditEvents"} {
		if r := other.get("/v1/identity/staff/establishments/" + acc.number + p); r.Code != 404 {
			t.Errorf("staff of office 1306 on an establishment of 1301 (%s): %s", p, r)
		}
	}
	otherID := me(t, other).str(t, "account_id")
	for _, e := range list() {
		if e.ActorAccountID == otherID && e.Outcome == "ok" {
			t.Errorf("another office's staff succeeded on the trail: %+v", e)
		}
	}
	t.Logf("METRIC audit_rows=%d lookup_rows_added=%d", len(after), count(after, "primary_login_id.read")-lookupsBefore)
}
