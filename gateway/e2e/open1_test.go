package e2e_test

import (
	"strings"
	"testing"
)

// TestE2E_OPEN1_SelfRegistrationToOpenedMyPage walks OPEN-1 through the gateway the way
// an employer and the office do, with every secret read from the mails:
// e-mail + both consents → 「アカウント仮登録完了通知」 with the auth key (AUTHKEY-1) →
// password twice → a provisional account (signs in with the OTP of LOGIN-2) that can
// only continue its provisional registration → sections 1-6 saved, submitted →
// 「事業所情報仮登録完了通知」 → staff of the jurisdiction office (and only of that
// office) see it in their worklist and accept it, assigning the 事業所番号 (ESTNO-1) →
// identity opens the account (EstablishmentAccepted) → the employer signs in again as
// the primary account, and the home data (LOGIN-6) shows the name and the office.
func TestE2E_OPEN1_SelfRegistrationToOpenedMyPage(t *testing.T) {
	t.Parallel()
	open1(t, startWorld(t))
}

// open1Result is what the OPEN-1 flow leaves behind.
type open1Result struct {
	employer        *browser
	email           string
	establishmentID string
	number          string
}

func open1(t *testing.T, w *world) open1Result {
	t.Helper()
	email := uniqueEmail("open1")
	employer := newBrowser(t, w.st, "open1-employer")

	// OPEN-1: both consents are required; a missing one changes nothing and mails nothing.
	r := employer.post("/v1/identity/registrations:start", map[string]any{"email": email, "email_confirmation": email,
		"agreed_to_privacy_policy": true, "agreed_to_terms": false})
	wantError(t, r, 400, "CONSENT_REQUIRED")
	must2xx(t, employer.post("/v1/identity/registrations:start", map[string]any{"email": email, "email_confirmation": email,
		"agreed_to_privacy_policy": true, "agreed_to_terms": true}))
	w.expect(email, subjAccountProvisional)
	mailed := w.mb.next(t, email, subjAccountProvisional)
	key := extract(t, mailed, authKeyRe, "認証キー")
	w.secret(key)
	if !strings.Contains(mailed.Body, "50分") {
		t.Errorf("the auth-key mail should state its 50-minute validity (AUTHKEY-1):\n%s", mailed.Body)
	}

	// PW-1: the confirmation must match; nothing is created by a refused attempt.
	r = employer.post("/v1/identity/registrations:complete", map[string]any{"email": email, "auth_key": key,
		"password": employerPassword, "password_confirmation": employerPassword + "x"})
	if r.Code != 400 {
		t.Fatalf("mismatching password confirmation: %s", r)
	}
	r = must2xx(t, employer.post("/v1/identity/registrations:complete", map[string]any{"email": email, "auth_key": key,
		"password": employerPassword, "password_confirmation": employerPassword}))
	if role := r.str(t, "account.role"); role != "ACCOUNT_ROLE_PROVISIONAL" {
		t.Fatalf("OPEN-1 creates a provisional account, got %s", role)
	}
	// AUTHKEY-1: the key is single use.
	r = employer.post("/v1/identity/registrations:complete", map[string]any{"email": email, "auth_key": key,
		"password": employerPassword, "password_confirmation": employerPassword})
	if r.Code < 400 {
		t.Fatalf("an auth key must work once: %s", r)
	}

	w.signIn(t, employer, email, employerPassword, false)
	if role := me(t, employer).str(t, "role"); role != "ACCOUNT_ROLE_PROVISIONAL" {
		t.Fatalf("signed in as %s, want provisional", role)
	}
	// OPEN-1 (inferred): a provisional account only continues its provisional registration.
	if r := employer.get("/v1/identity/accounts"); r.Code != 403 {
		t.Fatalf("a provisional account must not manage login accounts: %s", r)
	}
	if r := employer.get("/v1/staff/registrations"); r.Code != 403 {
		t.Fatalf("a provisional account must not read the staff worklist: %s", r)
	}

	// The wizard: create, save sections 1-5 (confirming warnings when asked), 6 = images.
	name := "テスト商事 OPEN1 " + email[:12]
	r = must2xx(t, employer.post("/v1/establishments", map[string]any{}))
	estID := r.str(t, "establishment_id")
	if st := r.str(t, "state"); st != "ESTABLISHMENT_STATE_DRAFT" {
		t.Fatalf("new provisional establishment in state %s", st)
	}
	saveSections(t, employer, estID, sections(name, "０３－１２３４－５６７８"))
	must2xx(t, employer.upload("/v1/establishments/"+estID+"/images", "gaikan.png", "image/png", pngImage(t, 64, 48), map[string]string{"caption": "外観"}))
	r = must2xx(t, employer.get("/v1/establishments:mine"))
	if got := r.obj(t)["completed_sections"]; len(got.([]any)) != 5 {
		t.Fatalf("completed sections %v, want 1-5", got)
	}
	r = must2xx(t, employer.post("/v1/establishments/"+estID+":submit", map[string]any{}))
	if st := r.str(t, "state"); st != "ESTABLISHMENT_STATE_PROVISIONAL" {
		t.Fatalf("submitted establishment in state %s", st)
	}
	if r.str(t, "office_code") != "1301" {
		t.Fatalf("千代田区 belongs to ハローワーク飯田橋 (1301), resolved %s", r.str(t, "office_code"))
	}
	officeName := r.str(t, "office_name")
	if r.str(t, "profile.basic.phone_number") != "03-1234-5678" {
		t.Errorf("full-width telephone number not normalised: %q", r.str(t, "profile.basic.phone_number"))
	}
	w.expect(email, subjEstablishmentProv)
	done := w.mb.next(t, email, subjEstablishmentProv)
	if !strings.Contains(done.Body, name) || !strings.Contains(done.Body, officeName) {
		t.Errorf("「事業所情報仮登録完了通知」 should name the establishment %q and the office %q:\n%s", name, officeName, done.Body)
	}

	// Office review: only the jurisdiction office sees and accepts it.
	other := w.staffOf(t, "1306")
	if r := must2xx(t, other.get("/v1/staff/registrations")); strings.Contains(string(r.Body), estID) {
		t.Fatalf("another office's staff see the registration: %s", r)
	}
	if r := other.post("/v1/staff/registrations/"+estID+":accept", map[string]any{}); r.Code < 400 {
		t.Fatalf("another office's staff accepted the registration: %s", r)
	}
	staff := w.staffOf(t, "1301")
	if r := must2xx(t, staff.get("/v1/staff/registrations")); !strings.Contains(string(r.Body), estID) {
		t.Fatalf("the registration is missing from its office's worklist: %s", r)
	}
	r = must2xx(t, staff.post("/v1/staff/registrations/"+estID+":accept", map[string]any{}))
	number := r.str(t, "establishment_number")
	if !estNumberRe.MatchString(number) || !strings.HasPrefix(number, "1301-") {
		t.Fatalf("accepted establishment number %q is not ESTNO-1 of office 1301", number)
	}
	if r := must2xx(t, staff.get("/v1/staff/registrations")); strings.Contains(string(r.Body), estID) {
		t.Fatalf("an accepted registration stays in the worklist: %s", r)
	}

	w.expect(email, subjMyPageOpened)
	// Identity opens the account when it consumes EstablishmentAccepted.
	took := eventually(t, stepTimeout, func() string {
		if role := me(t, employer).str(t, "role"); role != "ACCOUNT_ROLE_PRIMARY" {
			return "account still " + role
		}
		return ""
	})
	t.Logf("METRIC open1_accept_to_open_ms=%d", took.Milliseconds())

	// The employer signs in again and now acts as the primary account of the establishment.
	must2xx(t, employer.post("/v1/identity/sessions:signOut", map[string]any{}))
	if r := employer.get("/v1/identity/account"); r.Code != 401 {
		t.Fatalf("signed out, yet: %s", r)
	}
	w.signIn(t, employer, email, employerPassword, false)
	acc := me(t, employer)
	if acc.str(t, "role") != "ACCOUNT_ROLE_PRIMARY" || acc.str(t, "establishment_id") != estID {
		t.Fatalf("after acceptance the employer is %s of %q, want primary of %s", acc.str(t, "role"), acc.str(t, "establishment_id"), estID)
	}
	home := must2xx(t, employer.get("/v1/establishments/"+estID+"/home"))
	if home.str(t, "establishment_name") != name || home.str(t, "office_name") != officeName || home.str(t, "establishment_number") != number {
		t.Fatalf("LOGIN-6 home data: %s", home)
	}
	if r := must2xx(t, employer.get("/v1/identity/accounts")); !strings.Contains(string(r.Body), email) {
		t.Fatalf("the primary account lists its establishment's accounts: %s", r)
	}
	// LOGIN-5: the office looks up the primary login ID.
	waitPrimaryLogin(t, staff, number, email)
	return open1Result{employer: employer, email: email, establishmentID: estID, number: number}
}

// saveSections saves each section as the wizard does: when the service answers with
// warnings to confirm (saved=false), the employer confirms them and saves again.
func saveSections(t *testing.T, b *browser, estID string, secs []map[string]any) {
	t.Helper()
	for i, s := range secs {
		body := map[string]any{}
		for k, v := range s {
			body[k] = v
		}
		r := must2xx(t, b.post("/v1/establishments/"+estID+":saveSection", body))
		var res struct {
			Saved    bool             `json:"saved"`
			Warnings []map[string]any `json:"warnings"`
		}
		r.decode(t, &res)
		if !res.Saved {
			if len(res.Warnings) == 0 {
				t.Fatalf("section %d not saved and no warning to confirm: %s", i+1, r)
			}
			body["confirm_warnings"] = true
			r = must2xx(t, b.post("/v1/establishments/"+estID+":saveSection", body))
			r.decode(t, &res)
			if !res.Saved {
				t.Fatalf("section %d not saved after confirming the warnings: %s", i+1, r)
			}
		}
	}
}
