package e2e_test

import (
	"net/http"
	"testing"
)

// TestE2E_SignIn_OTPSkipDeviceAndReset covers sign-in through the gateway's cookies:
//   - LOGIN-3: the OTP step with "remember this device" sets the __Host- device cookie;
//     the next sign-in from that browser skips the OTP, another browser is asked for it;
//   - RESET-1 through the mails revokes the skip everywhere (and answers an unknown
//     address exactly like a known one);
//   - LOGIN-1: after 5 wrong passwords the right one gets the wrong one's answer and the
//     owner is mailed 「アカウントロック通知」.
func TestE2E_SignIn_OTPSkipDeviceAndReset(t *testing.T) {
	t.Parallel()
	w := startWorld(t)
	acc := open2(t, w, "テスト商事 SIGNIN", "03-7777-8888")
	email, password := acc.email, employerPassword

	// LOGIN-3: remember this browser.
	trusted := newBrowser(t, w.st, "trusted")
	w.signIn(t, trusted, email, password, true)
	dev := trusted.cookie(deviceCookie)
	if dev == nil {
		t.Fatal("no trusted-device cookie after the OTP step with remember_device")
	}
	for _, c := range trusted.setCookies {
		if c.Name == sessionCookie || c.Name == deviceCookie {
			if !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Domain != "" {
				t.Errorf("cookie %s must be Secure, HttpOnly, SameSite=Lax, Path=/, host-only: %+v", c.Name, c)
			}
		}
	}
	devices := must2xx(t, trusted.get("/v1/identity/trustedDevices")).obj(t)["devices"].([]any)
	if len(devices) != 1 {
		t.Fatalf("trusted devices: %v", devices)
	}
	must2xx(t, trusted.post("/v1/identity/sessions:signOut", map[string]any{}))
	if trusted.cookie(sessionCookie) != nil {
		t.Fatal("sign-out must clear the session cookie")
	}
	r := must2xx(t, trusted.post("/v1/identity/sessions:signIn", map[string]any{"email": email, "password": password}))
	if r.str(t, "one_time_password_required") == "true" || trusted.cookie(sessionCookie) == nil {
		t.Fatalf("the trusted browser must skip the OTP (LOGIN-3): %s", r)
	}
	if me(t, trusted).str(t, "email") != email {
		t.Fatal("the OTP-less session does not work")
	}

	// Another browser (no device cookie) is asked for the OTP.
	other := newBrowser(t, w.st, "other")
	r = must2xx(t, other.post("/v1/identity/sessions:signIn", map[string]any{"email": email, "password": password}))
	if r.str(t, "one_time_password_required") != "true" {
		t.Fatalf("a browser without the device cookie skipped the OTP: %s", r)
	}
	w.expect(email, subjOTP)
	w.mb.otp(t, email) // delivered, not used

	// RESET-1 through the mails: unknown and known addresses get the same answer.
	unknown := uniqueEmail("nobody")
	a := other.post("/v1/identity/passwordResets:request", map[string]any{"email": unknown})
	b := must2xx(t, other.post("/v1/identity/passwordResets:request", map[string]any{"email": email}))
	if a.Code != b.Code || len(a.obj(t)) != len(b.obj(t)) {
		t.Fatalf("reset answers differ for unknown and known addresses:\n%s\n%s", a, b)
	}
	newPassword := "Atarashii#2026"
	w.completeReset(t, other, email, newPassword)
	if r := trusted.post("/v1/identity/sessions:signIn", map[string]any{"email": email, "password": password}); r.Code != 401 {
		t.Fatalf("the old password still signs in after RESET-1: %s", r)
	}
	r = must2xx(t, trusted.post("/v1/identity/sessions:signIn", map[string]any{"email": email, "password": newPassword}))
	if r.str(t, "one_time_password_required") != "true" {
		t.Fatalf("RESET-1 must revoke the OTP skip of every device, yet: %s", r)
	}
	w.expect(email, subjOTP)
	w.mb.otp(t, email)

	// LOGIN-1: five wrong passwords lock; the right one then gets the same answer.
	attacker := newBrowser(t, w.st, "attacker")
	var wrong *response
	for i := range 5 {
		wrong = attacker.post("/v1/identity/sessions:signIn", map[string]any{"email": email, "password": "Wrong#pass" + string(rune('0'+i))})
		wantError(t, wrong, 401, "INVALID_CREDENTIALS")
	}
	right := attacker.post("/v1/identity/sessions:signIn", map[string]any{"email": email, "password": newPassword})
	if right.errorShape() != wrong.errorShape() {
		t.Fatalf("a locked account must answer the right password like a wrong one:\nwrong: %s\nright: %s", wrong, right)
	}
	w.expect(email, subjLocked)
	w.mb.next(t, email, subjLocked)
	// The trusted browser's skip was revoked: it is locked out like everyone else.
	if r := trusted.post("/v1/identity/sessions:signIn", map[string]any{"email": email, "password": newPassword}); r.errorShape() != wrong.errorShape() {
		t.Fatalf("locked account, yet: %s", r)
	}
}
