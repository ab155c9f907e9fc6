package e2e_test

import (
	"testing"
)

// carrierEmail is a Japanese carrier address of the kind docomo and au handed out for
// years: a dot right before the "@". RFC 5322 calls it malformed (net/mail refuses it),
// EMAIL-1 accepts it on purpose, so every mail to it must arrive.
const carrierEmail = "hello.@docomo.ne.jp"

// TestE2E_EMAIL1_CarrierAddressReceivesItsMails runs a self-registration (OPEN-1) with
// a carrier-style address through the real processes: identity accepts the address at
// every step, and notification must deliver the auth-key mail and, at sign-in, the
// one-time password (LOGIN-2) and the new-device notice to it instead of
// dead-lettering them (EMAIL-1).
func TestE2E_EMAIL1_CarrierAddressReceivesItsMails(t *testing.T) {
	t.Parallel()
	w := startWorld(t)
	b := newBrowser(t, w.st, "carrier")

	must2xx(t, b.post("/v1/identity/registrations:start", map[string]any{"email": carrierEmail, "email_confirmation": carrierEmail,
		"agreed_to_privacy_policy": true, "agreed_to_terms": true}))
	w.expect(carrierEmail, subjAccountProvisional)
	key := w.mb.authKey(t, carrierEmail, subjAccountProvisional)

	r := must2xx(t, b.post("/v1/identity/registrations:complete", map[string]any{"email": carrierEmail, "auth_key": key,
		"password": employerPassword, "password_confirmation": employerPassword}))
	if role := r.str(t, "account.role"); role != "ACCOUNT_ROLE_PROVISIONAL" {
		t.Fatalf("OPEN-1 with a carrier address creates a provisional account, got %s: %s", role, r)
	}

	// Both sign-in steps; the one-time password is read from its mail.
	w.signIn(t, b, carrierEmail, employerPassword, false)
	if got := me(t, b).str(t, "email"); got != carrierEmail {
		t.Fatalf("signed in as %q, want the carrier address %q exactly as typed", got, carrierEmail)
	}
	// newWorld's cleanup checks that exactly the expected mails arrived, once each.
}
