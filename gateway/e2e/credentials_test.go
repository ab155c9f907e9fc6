package e2e_test

import (
	"testing"
)

// TestE2E_CredentialChange_EndsOtherSessions [ACC-1, RESET-1, ASVS 7.4.3; issue 9 item
// 11]: through the REST edge, a login e-mail change and a password change end every
// other browser's session while the browser that made the change goes on; a reset ends
// them all.
func TestE2E_CredentialChange_EndsOtherSessions(t *testing.T) {
	t.Parallel()
	w := startWorld(t)
	acc := open2(t, w, "テスト商事 SESSIONS", "03-5200-0002")
	mine, email := acc.employer, acc.email
	wantEnded := func(b *browser, what string) {
		t.Helper()
		if r := b.get("/v1/identity/account"); r.Code != 401 {
			t.Fatalf("%s: another browser's session still works: %s", what, r)
		}
	}
	wantAlive := func(b *browser, what string) {
		t.Helper()
		if r := b.get("/v1/identity/account"); r.Code != 200 {
			t.Fatalf("%s: the browser that made the change lost its session: %s", what, r)
		}
	}

	// ACC-1: the login e-mail.
	other := newBrowser(t, w.st, "sessions-other-1")
	w.signIn(t, other, email, employerPassword, false)
	newEmail := uniqueEmail("sessions-new")
	must2xx(t, mine.post("/v1/identity/account:changeLoginAccount", map[string]any{"current_password": employerPassword,
		"new_email": newEmail, "new_email_confirmation": newEmail}))
	w.expect(newEmail, subjLoginEmailChange)
	key := w.mb.authKey(t, newEmail, subjLoginEmailChange)
	must2xx(t, mine.post("/v1/identity/account:confirmLoginEmailChange", map[string]any{"auth_key": key}))
	w.expect(email, subjLoginAccountChanged)
	w.expect(newEmail, subjLoginAccountChanged)
	wantEnded(other, "e-mail change")
	wantAlive(mine, "e-mail change")

	// ACC-1: the password.
	other = newBrowser(t, w.st, "sessions-other-2")
	w.signIn(t, other, newEmail, employerPassword, false)
	second := "Sesshon#2026pw"
	w.secret(second)
	must2xx(t, mine.post("/v1/identity/account:changeLoginAccount", map[string]any{"current_password": employerPassword,
		"new_password": second, "new_password_confirmation": second}))
	w.expect(newEmail, subjPasswordChanged)
	wantEnded(other, "password change")
	wantAlive(mine, "password change")

	// RESET-1: every session, this browser's too.
	anon := newBrowser(t, w.st, "sessions-reset")
	must2xx(t, anon.post("/v1/identity/passwordResets:request", map[string]any{"email": newEmail}))
	w.completeReset(t, anon, newEmail, "Saisettei#2026")
	wantEnded(mine, "reset")
}
