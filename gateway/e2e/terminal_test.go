package e2e_test

import (
	"net/http"
	"strings"
	"testing"
)

const terminalCookie = "__Host-hw_terminal"

// TestE2E_VisitorTerminal [LOGIN-4, D4; issue 9 H3] through the REST edge: staff enrol
// a visitor terminal from its own browser, which receives the credential only as an
// HttpOnly, SameSite=Strict __Host- cookie (never in the answer); after the staff
// member signs out, a visitor signs in on that browser without the one-time password,
// gets a browser-session cookie and the new-device mail; another browser that writes
// the credential into the body is asked for the one-time password; the staff member
// never skips it, even on the terminal.
func TestE2E_VisitorTerminal(t *testing.T) {
	t.Parallel()
	w := startWorld(t)
	acc := open2(t, w, "テスト商事 TERMINAL", "03-7777-1234")

	term := newBrowser(t, w.st, "terminal")
	staffEmail := w.bootstrapStaff(t, term, "1301")
	r := must2xx(t, term.post("/v1/identity/staff/visitorTerminals", map[string]any{"display_name": "窓口端末 1"}))
	c := term.cookie(terminalCookie)
	if c == nil || r.str(t, "terminal.terminal_id") == "" {
		t.Fatalf("enrolment: no terminal cookie or terminal: %s", r)
	}
	w.secret(c.Value)
	if strings.Contains(string(r.Body), c.Value) {
		t.Fatal("the terminal credential must live only in the HttpOnly cookie, never in the body")
	}
	for _, sc := range term.setCookies {
		if sc.Name == terminalCookie && (!sc.Secure || !sc.HttpOnly || sc.SameSite != http.SameSiteStrictMode || sc.Path != "/" || sc.Domain != "" || sc.MaxAge <= 0) {
			t.Errorf("terminal cookie must be Secure, HttpOnly, SameSite=Strict, Path=/, host-only, persistent: %+v", sc)
		}
	}
	must2xx(t, term.post("/v1/identity/sessions:signOut", map[string]any{}))

	// Staff never skip the one-time password, not even on a terminal of their office.
	r = must2xx(t, term.post("/v1/identity/sessions:signIn", map[string]any{"email": staffEmail, "password": staffPassword}))
	if r.str(t, "one_time_password_required") != "true" {
		t.Fatalf("a staff account skipped the OTP on a visitor terminal: %s", r)
	}
	w.expect(staffEmail, subjOTP)
	w.mb.otp(t, staffEmail) // delivered, not used

	// The visitor: no OTP, a browser-session cookie, and the new-device mail.
	term.setCookies = nil
	r = must2xx(t, term.post("/v1/identity/sessions:signIn", map[string]any{"email": acc.email, "password": employerPassword}))
	if r.str(t, "one_time_password_required") == "true" || term.cookie(sessionCookie) == nil {
		t.Fatalf("the visitor terminal must skip the OTP (LOGIN-4): %s", r)
	}
	w.secret(term.cookie(sessionCookie).Value)
	w.expect(acc.email, subjNewDevice)
	for _, sc := range term.setCookies {
		if sc.Name == sessionCookie && (sc.MaxAge != 0 || !sc.Expires.IsZero()) {
			t.Errorf("a terminal session must be a browser-session cookie: %+v", sc)
		}
	}
	if me(t, term).str(t, "email") != acc.email {
		t.Fatal("the terminal session does not work")
	}
	must2xx(t, term.post("/v1/identity/sessions:signOut", map[string]any{}))

	// The credential written into the body by another browser counts for nothing.
	other := newBrowser(t, w.st, "not-a-terminal")
	r = must2xx(t, other.post("/v1/identity/sessions:signIn", map[string]any{"email": acc.email, "password": employerPassword,
		"terminal_credential": c.Value}))
	if r.str(t, "one_time_password_required") != "true" {
		t.Fatalf("a terminal credential in the body skipped the OTP: %s", r)
	}
	w.expect(acc.email, subjOTP)
	w.mb.otp(t, acc.email)
}
