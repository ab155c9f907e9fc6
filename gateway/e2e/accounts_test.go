package e2e_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/gateway/e2e"
)

// TestE2E_Accounts_AdditionalAndWithdrawal covers the login accounts of an opened
// MyPage through the gateway:
//   - ACC-2: the primary account adds additional accounts, at most 10 (the 11th is
//     refused); an additional account signs in but can neither add nor delete accounts
//     nor withdraw (403); the primary deletes it and its session dies; another
//     establishment cannot delete it (404, like an unknown id);
//   - ACC-3: withdrawal fails closed (503 WITHDRAWAL_CHECK_UNAVAILABLE) while
//     applicant-selection cannot say whether self-applications lack a result, and
//     changes nothing.
func TestE2E_Accounts_AdditionalAndWithdrawal(t *testing.T) {
	t.Parallel()
	// Without applicant-selection: ACC-3 must fail closed (applicantsel_test.go shows
	// the withdrawal refused and then allowed with it).
	w := newWorld(t, e2e.StartWith(t, suiteEnv, e2e.Identity, e2e.EmployerRegistration, e2e.Notification, e2e.JobPosting))
	p := open2(t, w, "テスト商事 ACCOUNTS", "03-1111-2222")
	primary := p.employer

	add := func(email string) *response {
		return primary.post("/v1/identity/accounts", map[string]any{"email": email, "email_confirmation": email,
			"password": employerPassword, "password_confirmation": employerPassword})
	}
	addOK := func(email string) string {
		t.Helper()
		r := must2xx(t, add(email))
		if r.str(t, "role") != "ACCOUNT_ROLE_ADDITIONAL" || r.str(t, "establishment_id") != p.establishmentID {
			t.Fatalf("added account: %s", r)
		}
		// M3: the added address gets a key first; nothing else until it confirms.
		w.expect(email, subjPasswordRegistered)
		return r.str(t, "account_id")
	}
	extraEmail := uniqueEmail("additional")
	extraID := addOK(extraEmail)

	extra := newBrowser(t, w.st, "additional")
	// Not active before its address confirmed the key (ACC-2, M3).
	if r := extra.post("/v1/identity/sessions:signIn", map[string]any{"email": extraEmail, "password": employerPassword}); r.Code != 401 {
		t.Fatalf("an unconfirmed additional account signed in: %s", r)
	}
	w.confirmAdditional(t, extra, p.email, extraEmail)
	w.signIn(t, extra, extraEmail, employerPassword, false)
	if acc := me(t, extra); acc.str(t, "role") != "ACCOUNT_ROLE_ADDITIONAL" || acc.str(t, "establishment_id") != p.establishmentID {
		t.Fatalf("additional account signed in as %s", acc)
	}
	// It works with the establishment's data…
	must2xx(t, extra.get("/v1/establishments/"+p.establishmentID+"/home"))
	// …but ACC-2 forbids it to manage accounts or withdraw.
	someone := uniqueEmail("not-added")
	for _, r := range []*response{
		extra.post("/v1/identity/accounts", map[string]any{"email": someone, "email_confirmation": someone,
			"password": employerPassword, "password_confirmation": employerPassword}),
		extra.delete("/v1/identity/accounts/" + extraID),
		extra.post("/v1/identity/account:withdraw", map[string]any{"current_password": employerPassword}),
	} {
		if r.Code != 403 {
			t.Errorf("ACC-2: an additional account must be refused with 403: %s", r)
		}
	}

	// Another establishment's primary cannot delete it: answered like an unknown id.
	q := open2(t, w, "テスト商事 ACCOUNTS 2", "03-1111-3333")
	if r := q.employer.delete("/v1/identity/accounts/" + extraID); r.Code != 404 {
		t.Fatalf("cross-establishment delete: %s", r)
	}
	if r := must2xx(t, q.employer.get("/v1/identity/accounts")); strings.Contains(string(r.Body), extraEmail) {
		t.Fatalf("another establishment lists our additional account: %s", r)
	}

	// ACC-2: up to 10 additional accounts; the 11th is refused.
	for i := 2; i <= 10; i++ {
		addOK(uniqueEmail(fmt.Sprintf("additional%02d", i)))
	}
	over := uniqueEmail("additional11")
	wantError(t, add(over), 400, "ADDITIONAL_ACCOUNT_LIMIT")
	if n := len(must2xx(t, primary.get("/v1/identity/accounts")).obj(t)["accounts"].([]any)); n != 11 {
		t.Fatalf("primary + 10 additional accounts expected, listed %d", n)
	}

	// The primary deletes the additional account; its session dies with it.
	must2xx(t, primary.delete("/v1/identity/accounts/"+extraID))
	w.expect(p.email, subjAdditionalDeleted)
	w.expect(extraEmail, subjAdditionalDeleted)
	if r := extra.get("/v1/identity/account"); r.Code < 400 {
		t.Fatalf("the deleted account still reads itself: %s", r)
	}
	// The deletion went through this gateway, which empties its session cache
	// (edge/sessioncache.go); a replica that did not see it would take up to
	// SESSION_CACHE_TTL (5 s).
	took := eventually(t, 40*time.Second, func() string {
		if r := extra.get("/v1/establishments/" + p.establishmentID + "/home"); r.Code != 401 {
			return "deleted account's session still works: " + r.String()
		}
		return ""
	})
	t.Logf("METRIC deleted_account_session_dead_after_s=%.1f", took.Seconds())
	if r := extra.post("/v1/identity/sessions:signIn", map[string]any{"email": extraEmail, "password": employerPassword}); r.Code != 401 {
		t.Fatalf("a deleted account signed in: %s", r)
	}
	// A free slot again.
	addOK(uniqueEmail("additional-again"))

	// ACC-3 fails closed while applicant-selection is absent, and changes nothing.
	r := primary.post("/v1/identity/account:withdraw", map[string]any{"current_password": employerPassword})
	wantError(t, r, 503, "WITHDRAWAL_CHECK_UNAVAILABLE")
	if acc := me(t, primary); acc.str(t, "role") != "ACCOUNT_ROLE_PRIMARY" {
		t.Fatalf("after the refused withdrawal: %s", acc)
	}
	if n := len(must2xx(t, primary.get("/v1/identity/accounts")).obj(t)["accounts"].([]any)); n != 11 {
		t.Fatalf("the refused withdrawal changed the accounts: %d listed", n)
	}
}

// confirmAdditional completes an added account's registration through b with the key
// mailed to its address (ACC-2, M3: active only then), keeping the password the
// primary account set; the primary account is told, the new address welcomed.
func (w *world) confirmAdditional(t *testing.T, b *browser, primaryEmail, email string) {
	t.Helper()
	key := w.mb.authKey(t, email, subjPasswordRegistered)
	must2xx(t, b.post("/v1/identity/passwordRegistrations:complete", map[string]any{"email": email, "auth_key": key,
		"password": employerPassword, "password_confirmation": employerPassword}))
	w.expect(primaryEmail, subjAdditionalAdded)
	w.expect(email, subjAdditionalAdded)
}
