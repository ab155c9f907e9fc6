package e2e_test

import (
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/calendar"
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

// TestE2E_OPEN2_CounterRegistrationWithoutLoginTakesCounterPostings walks the most
// common counter case: staff register an establishment (本登録) at the counter WITHOUT a
// login e-mail (no MyPage, no mail), job-posting learns it from
// EstablishmentRegisteredAtCounter, and staff enter its posting from the paper form at
// once (求人の窓口入力, JOB-2 other channels): created, filled in, submitted; the office's
// worklist lists it with the 7-open-day publication target, under the establishment's
// name and not as a provisional establishment, and asks no counter visit.
func TestE2E_OPEN2_CounterRegistrationWithoutLoginTakesCounterPostings(t *testing.T) {
	t.Parallel()
	w := startWorld(t)
	staff := w.staffOf(t, "1301")
	name := "テスト商事 窓口登録のみ " + uniqueEmail("x")[:8]
	est := registerWithoutLogin(t, staff, name, "03-3100-0791")
	if !estNumberRe.MatchString(est.number) {
		t.Fatalf("counter registration without login: number %q (ESTNO-1)", est.number)
	}
	before := time.Now()
	id := counterPosting(t, staff, est.id, "窓口事務")
	r := submitPosting(t, staff, id)
	after := time.Now()
	if r.str(t, "posting.channel") != "POSTING_CHANNEL_COUNTER" || r.str(t, "posting.counter_visit_by") != "" {
		t.Errorf("counter posting: channel %s, counter visit %q", r.str(t, "posting.channel"), r.str(t, "posting.counter_visit_by"))
	}
	// JOB-2: 7 open days after the day of application (the stack runs on the wall clock).
	targets := []string{calendar.AddOpenDays(before, 7).Format(time.DateOnly), calendar.AddOpenDays(after, 7).Format(time.DateOnly)}
	type item struct {
		Posting struct {
			ID        string `json:"posting_id"`
			PublishBy string `json:"publish_by"`
		} `json:"posting"`
		EstablishmentName        string `json:"establishment_name"`
		EstablishmentProvisional bool   `json:"establishment_provisional"`
	}
	var wl struct {
		Items []item `json:"items"`
	}
	must2xx(t, staff.get("/v1/staff/postings?page_size=100")).decode(t, &wl)
	i := slices.IndexFunc(wl.Items, func(it item) bool { return it.Posting.ID == id })
	if i < 0 {
		t.Fatalf("the counter posting %s is missing from the office's worklist", id)
	}
	if it := wl.Items[i]; !slices.Contains(targets, it.Posting.PublishBy) || it.EstablishmentName != name || it.EstablishmentProvisional {
		t.Errorf("worklist item: publish_by %s (want %v), establishment %q provisional %v", it.Posting.PublishBy, targets,
			it.EstablishmentName, it.EstablishmentProvisional)
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
