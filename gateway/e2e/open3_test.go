package e2e_test

import (
	"strings"
	"testing"
)

// TestE2E_OPEN3_AccountCreationCode walks OPEN-3 through the gateway: office staff issue
// an アカウント作成コード for an establishment (shown once, at most 10 half-width
// characters, valid through the 5th day after issuance) → the employer gives the e-mail
// twice, 事業所番号, telephone number and the code → identity has employer-registration
// verify them → 「パスワード登録申込受付通知」 with the auth key → password twice → the
// primary account signs in with the OTP.
//
// A second establishment's code is invalidated by 10 mistakes in total across the
// telephone number and the code; then even the right values are refused, with exactly
// the answer a wrong value gets (the answer never says which field was wrong), and no
// auth key is mailed.
func TestE2E_OPEN3_AccountCreationCode(t *testing.T) {
	t.Parallel()
	w := startWorld(t)
	staff := w.staffOf(t, "1301")

	t.Run("code opens the MyPage", func(t *testing.T) {
		staff := staff.in(t)
		email := uniqueEmail("open3")
		estID, number := w.registerAtCounter(t, staff, "テスト商事 OPEN3", "03-3333-4444", email)
		waitPrimaryLogin(t, staff, number, email)
		issued := must2xx(t, staff.post("/v1/staff/establishments/"+estID+":issueAccountCreationCode", map[string]any{}))
		code := issued.str(t, "code")
		w.secret(code)
		if n := len(code); n == 0 || n > 10 || strings.ContainsFunc(code, func(r rune) bool { return r < 0x21 || r > 0x7e }) {
			t.Fatalf("OPEN-3 code %q: want 1-10 half-width characters", code)
		}
		if issued.str(t, "establishment_number") != number || issued.str(t, "expires_on") == "" {
			t.Fatalf("the slip needs the 事業所番号 and the expiry date: %s", issued)
		}
		employer := newBrowser(t, w.st, "open3")
		r := employer.post("/v1/identity/passwordRegistrations:request", map[string]any{"email": email, "email_confirmation": email,
			"agreed_to_terms": true, "account_creation_code": map[string]any{
				"establishment_number": strings.ReplaceAll(number, "-", ""), // typed without hyphens
				"phone_number":         "03-3333-4444", "code": code}})
		must2xx(t, r)
		w.expect(email, subjPasswordRegistered)
		m := w.mb.nextOf(t, email, subjPasswordRegistered, subjRegistrationTried)
		if m.Subject == subjRegistrationTried {
			// The establishment's only login is the address staff registered at the
			// counter (employer-registration requires one), still waiting for its
			// password; the code proves the requester is the establishment, so that
			// pending login should get its auth key.
			t.Fatalf("OPEN-3 with a valid code for the counter-registered login %s mailed 「%s」 instead of 「%s」: "+
				"identity treats the pending (password-less) primary login as an existing account, so no establishment "+
				"registered through the API can ever open its MyPage with an account creation code", email, m.Subject, subjPasswordRegistered)
		}
		key := extract(t, m, authKeyRe, "認証キー")
		w.secret(key)
		r = must2xx(t, employer.post("/v1/identity/passwordRegistrations:complete", map[string]any{"email": email, "auth_key": key,
			"password": employerPassword, "password_confirmation": employerPassword}))
		if r.str(t, "account.role") != "ACCOUNT_ROLE_PRIMARY" || r.str(t, "account.establishment_id") != estID {
			t.Fatalf("OPEN-3 opens the primary account of the establishment: %s", r)
		}
		w.signIn(t, employer, email, employerPassword, false)
		if acc := me(t, employer); acc.str(t, "role") != "ACCOUNT_ROLE_PRIMARY" || acc.str(t, "establishment_id") != estID {
			t.Fatalf("signed in as %s", acc)
		}
	})

	t.Run("ten mistakes invalidate the code", func(t *testing.T) {
		staff := staff.in(t)
		email := uniqueEmail("open3-mistakes")
		estID, number := w.registerAtCounter(t, staff, "テスト商事 OPEN3 B", "03-5555-6666", email)
		waitPrimaryLogin(t, staff, number, email)
		code := must2xx(t, staff.post("/v1/staff/establishments/"+estID+":issueAccountCreationCode", map[string]any{})).str(t, "code")
		w.secret(code)
		employer := newBrowser(t, w.st, "open3-mistakes")
		try := func(phone, c string) *response {
			return employer.post("/v1/identity/passwordRegistrations:request", map[string]any{"email": email, "email_confirmation": email,
				"agreed_to_terms": true, "account_creation_code": map[string]any{"establishment_number": number, "phone_number": phone, "code": c}})
		}
		wrongCode := "x" + code[1:]
		if code[0] == 'x' {
			wrongCode = "y" + code[1:]
		}
		var first *response
		for i := range 10 { // OPEN-3: mistakes across the telephone number and the code
			var r *response
			if i%2 == 0 {
				r = try("03-5555-0000", code)
			} else {
				r = try("03-5555-6666", wrongCode)
			}
			wantError(t, r, 400, "ACCOUNT_CREATION_CODE_INVALID")
			if first == nil {
				first = r
			} else if r.errorShape() != first.errorShape() {
				t.Fatalf("mistake %d answered differently (must not say which field was wrong):\n%s\n%s", i+1, first, r)
			}
		}
		right := try("03-5555-6666", code)
		if right.errorShape() != first.errorShape() {
			t.Fatalf("after 10 mistakes the right values must get the wrong values' answer:\nwrong: %s\nright: %s", first, right)
		}
	})
	// verifyMails (cleanup) proves that no auth key was mailed for the invalidated code.
}
