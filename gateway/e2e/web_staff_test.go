package e2e_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/gateway/e2e"
	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	"github.com/hellowork-jp/hellowork/libs/seekerportal"
)

// TestE2E_Web_Staff runs the browser tests of the office staff's screens
// (gateway/web/tests/browser/staff.test.mjs) against the real stack. The stack counts
// loopback as every office's network (OFFICE_NETWORKS in e2e.StartWith), so the
// staff member created here with identity's bootstrap-staff signs in through the
// screens like at the office (issue 9 M4: OTP always).
//
// Set up here, by the other actors: an OPEN-1 employer whose 仮登録 (establishment
// and its first posting) waits in office 1301's worklists, and a registered seeker
// for the counter referral. The fixtures server lets the browser test have the
// employer resubmit the returned posting (JOB-2), a step of the employer's screens.
func TestE2E_Web_Staff(t *testing.T) {
	needBrowser(t)
	t.Parallel()

	st := e2e.StartWith(t, suiteEnv, allServices...)
	w := newWorld(t, st) // every mail the test causes is expected below

	// The staff member of ハローワーク飯田橋 (1301); the browser signs in.
	staffEmail := uniqueEmail("web-staff1301")
	out, err := st.Command(e2e.Identity.Name, map[string]string{"IDENTITY_BOOTSTRAP_PASSWORD": staffPassword},
		"bootstrap-staff", "-office", "1301", "-email", staffEmail)
	if err != nil {
		t.Fatalf("identity bootstrap-staff: %v\n%s", err, out)
	}

	// OPEN-1: a provisional account, its establishment and first posting submitted.
	email := uniqueEmail("web-staff-open1")
	emp := newBrowser(t, st, "web-staff-open1")
	must2xx(t, emp.post("/v1/identity/registrations:start", map[string]any{"email": email, "email_confirmation": email,
		"agreed_to_privacy_policy": true, "agreed_to_terms": true}))
	w.expect(email, subjAccountProvisional)
	key := w.mb.authKey(t, email, subjAccountProvisional)
	must2xx(t, emp.post("/v1/identity/registrations:complete", map[string]any{"email": email, "auth_key": key,
		"password": employerPassword, "password_confirmation": employerPassword}))
	w.signIn(t, emp, email, employerPassword, false)
	name := "テスト商事 職員画面 " + email[:16]
	estID := must2xx(t, emp.post("/v1/establishments", map[string]any{})).str(t, "establishment_id")
	saveSections(t, emp, estID, sections(name, "03-3100-0777"))
	must2xx(t, emp.upload("/v1/establishments/"+estID+"/images", "gaikan.png", "image/png", pngImage(t, 64, 48), map[string]string{"caption": "外観"}))
	must2xx(t, emp.post("/v1/establishments/"+estID+":submit", map[string]any{}))
	w.expect(email, subjEstablishmentProv)
	waitJobPostingKnows(t, emp)
	postingID := draftPosting(t, emp, "一般事務")
	submitPosting(t, emp, postingID)
	w.expect(email, subjPostingProv)

	// An establishment of the office with an additional account (OPEN-2, ACC-2): its
	// mails are in the office's delivery log with the additional address withheld
	// (LOGIN-5).
	other := open2(t, w, "テスト商事 職員画面 追加", "03-3100-0778")
	additional := uniqueEmail("web-staff-additional")
	must2xx(t, other.employer.post("/v1/identity/accounts", map[string]any{"email": additional, "email_confirmation": additional,
		"password": employerPassword, "password_confirmation": employerPassword}))
	w.expect(additional, subjPasswordRegistered)
	w.confirmAdditional(t, newBrowser(t, st, "web-staff-additional"), other.email, additional)

	// A registered seeker for the counter referral (APP-1).
	portal := dialPortal(t, w)
	seeker := seekerportal.DemoSeeker(7, asv1.SeekerKind_SEEKER_KIND_ONLINE, time.Now().AddDate(0, 3, 0).Format(time.DateOnly))
	if _, err := portal.RegisterSeeker(context.Background(), seeker); err != nil {
		t.Fatal(err)
	}

	fixtures := http.NewServeMux()
	// asEmployer runs a step of the employer's own screens through the REST edge. The
	// session from before the acceptance is used while it still works; when it is
	// refused (its role was provisional) the employer signs in again, skipping the
	// one-time password mails the browser already read.
	asEmployer := func(step func() *response) *response {
		res := step()
		if res.Code == 401 || res.Code == 403 {
			emp = newBrowser(t, st, "web-staff-open1-again")
			w.mb.skipAll(email, subjOTP)
			w.signIn(t, emp, email, employerPassword, false)
			res = step()
		}
		return res
	}
	reply := func(rw http.ResponseWriter, res *response) {
		rw.WriteHeader(res.Code)
		_, _ = rw.Write(res.Body)
	}
	// POST /resubmit: the employer submits the returned posting again (JOB-2).
	fixtures.HandleFunc("POST /resubmit", func(rw http.ResponseWriter, r *http.Request) {
		reply(rw, asEmployer(func() *response {
			res := emp.post("/v1/postings/"+postingID+":submit", map[string]any{})
			if res.Code >= 400 && res.reason() == "WARNINGS_NOT_CONFIRMED" {
				res = emp.post("/v1/postings/"+postingID+":submit", map[string]any{"confirmed_warnings": warningCodes(t, res)})
			}
			return res
		}))
	})
	// POST /requestStop: the employer asks to stop the published posting (募集停止, JOB-3).
	fixtures.HandleFunc("POST /requestStop", func(rw http.ResponseWriter, r *http.Request) {
		reply(rw, asEmployer(func() *response {
			return emp.post("/v1/postings/"+postingID+":requestStop", map[string]any{"note": "充足のため募集を停止します。"})
		}))
	})

	// The mails of the browser steps: five staff sign-ins (a one-time password and the
	// new-device notice each; staff never skip it), the acceptance (MyPage opened), the
	// posting returned and accepted (JOB-2), and the employer's sign-in.
	for range 5 {
		w.expect(staffEmail, subjOTP)
		w.expect(staffEmail, subjNewDevice)
	}
	w.expect(email, subjMyPageOpened)
	w.expect(email, subjPostingReturned)
	w.expect(email, subjPostingAccepted)
	w.expect(email, subjOTP)
	w.expect(email, subjNewDevice)

	runBrowserTests(t, w, "staff.test.mjs", fixtures,
		"STAFF_EMAIL="+staffEmail,
		"STAFF_PASSWORD="+staffPassword,
		"EMPLOYER_EMAIL="+email,
		"EMPLOYER_PASSWORD="+employerPassword,
		"EMPLOYER_OTP_READ=1",
		"ESTABLISHMENT_NAME="+name,
		"POSTING_OCCUPATION=一般事務",
		"SEEKER_NUMBER="+seeker.GetSeekerNumber(),
		"SEEKER_NAME="+seeker.GetName(),
		"ADDITIONAL_EMAIL="+additional,
	)
}

// skipAll marks every mail of subject to `to` received so far as handed out, so that
// the next call of next waits for a new one (mails another reader already used).
func (mb *mailbox) skipAll(to, subject string) {
	msgs := mb.st.SMTP.Messages()
	mb.mu.Lock()
	defer mb.mu.Unlock()
	for i, m := range msgs {
		if mb.taken[i] || !addressedTo(m, to) {
			continue
		}
		if r, err := decodeMail(m); err == nil && strings.Contains(r.Subject, subject) {
			mb.taken[i] = true
		}
	}
}
