package e2e_test

import (
	"sort"
	"strings"
	"testing"
)

// TestE2E_OPEN2_CounterRegistration walks OPEN-2: staff register an establishment
// (本登録) with its login e-mail at the counter → identity learns the address from
// employer-registration's event → the employer asks for password registration with
// that e-mail → 「パスワード登録申込受付通知」 with the auth key → password twice → the
// MyPage is open: sign-in with the OTP (LOGIN-1, LOGIN-2) as the primary account. An
// address nobody registered gets the same answer and no mail (no enumeration).
func TestE2E_OPEN2_CounterRegistration(t *testing.T) {
	t.Parallel()
	w := startWorld(t)
	res := open2(t, w, "テスト商事 OPEN2", "03-2222-3333")

	// LOGIN-6 home data of the opened establishment.
	home := must2xx(t, res.employer.get("/v1/establishments/"+res.establishmentID+"/home"))
	if home.str(t, "establishment_name") != "テスト商事 OPEN2" || home.str(t, "office_code") != "1301" || home.str(t, "office_name") == "" {
		t.Fatalf("LOGIN-6 home data: %s", home)
	}
}

// opened is an establishment whose primary account is signed in.
type opened struct {
	employer        *browser
	email           string
	establishmentID string
	number          string
}

// open2 registers an establishment at the counter of office 1301 and opens its MyPage
// through OPEN-2; the employer browser is signed in as the primary account.
func open2(t *testing.T, w *world, name, phone string) opened {
	t.Helper()
	staff := w.staffOf(t, "1301")
	email := uniqueEmail("open2")
	estID, number := w.registerAtCounter(t, staff, name, phone, email)
	// LOGIN-5: once identity consumed LoginEmailRegistered, the office can look it up.
	waitPrimaryLogin(t, staff, number, email)

	employer := newBrowser(t, w.st, "open2-"+email[:10])
	// No enumeration: a registered and an unknown address get the same answer.
	unknown := uniqueEmail("nobody")
	a := employer.post("/v1/identity/passwordRegistrations:request", map[string]any{"email": unknown, "email_confirmation": unknown, "agreed_to_terms": true})
	b := must2xx(t, employer.post("/v1/identity/passwordRegistrations:request", map[string]any{"email": email, "email_confirmation": email, "agreed_to_terms": true}))
	if a.Code != b.Code || strings.Join(keys(a.obj(t)), ",") != strings.Join(keys(b.obj(t)), ",") {
		t.Fatalf("answers differ for unknown and registered addresses:\n%s\n%s", a, b)
	}
	w.expect(email, subjPasswordRegistered)
	key := w.mb.authKey(t, email, subjPasswordRegistered)
	r := must2xx(t, employer.post("/v1/identity/passwordRegistrations:complete", map[string]any{"email": email, "auth_key": key,
		"password": employerPassword, "password_confirmation": employerPassword}))
	if r.str(t, "account.role") != "ACCOUNT_ROLE_PRIMARY" || r.str(t, "account.establishment_id") != estID {
		t.Fatalf("OPEN-2 opens the primary account of the establishment: %s", r)
	}
	w.signIn(t, employer, email, employerPassword, false)
	acc := me(t, employer)
	if acc.str(t, "role") != "ACCOUNT_ROLE_PRIMARY" || acc.str(t, "establishment_id") != estID {
		t.Fatalf("signed in as %s", acc)
	}
	return opened{employer: employer, email: email, establishmentID: estID, number: number}
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
