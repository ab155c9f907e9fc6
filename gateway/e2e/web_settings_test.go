package e2e_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/gateway/e2e"
)

// TestE2E_Web_Settings runs gateway/web/tests/browser/settings.test.mjs: the employer's
// 事業所情報・設定 screens in a real browser (issue 12 item 3):
//   - ACC-2: an additional account sees neither アカウントを編集 nor マイページを退会; the
//     primary account with 10 additional accounts is refused the 11th;
//   - ACC-3: マイページ退会 refused while an online self-application has no selection
//     result, allowed once it has one; the session ends; ACC-4 restores it;
//   - ACC-1: ログインアカウント編集 with the current password (a wrong one is shown on its
//     field), 確認, the key mailed to the new address;
//   - EST-1: 事業所情報 and a change application with its review status;
//   - IMG-1: an image previewed, uploaded, listed under review and deleted; the server's
//     refusal of a file that is not an image on the file field.
//
// Fixtures done here as the other actors: the counter registration and OPEN-2 (staff),
// 10 additional accounts (the first one confirmed), a published posting with a seeker's
// self-application; FIXTURES_URL serves a PNG and registers the selection result.
func TestE2E_Web_Settings(t *testing.T) {
	needBrowser(t)
	t.Parallel()

	st := e2e.StartWith(t, suiteEnv, allServices...)
	w := &world{st: st, mb: newMailbox(st), want: map[mailKey]int{}, staff: map[string]*browser{}, secrets: map[string]bool{}}
	const name = "テスト商事 設定"
	o := open2(t, w, name, "03-5555-0101")

	// ACC-2: ten additional accounts; the first one can sign in.
	var extra string
	for i := 1; i <= 10; i++ {
		email := uniqueEmail(fmt.Sprintf("web-settings-extra%02d", i))
		must2xx(t, o.employer.post("/v1/identity/accounts", map[string]any{"email": email, "email_confirmation": email,
			"password": employerPassword, "password_confirmation": employerPassword}))
		if i == 1 {
			extra = email
			w.confirmAdditional(t, newBrowser(t, st, "web-settings-extra"), o.email, email)
		}
	}

	// ACC-3's condition: a published posting with an online self-application.
	waitJobPostingKnows(t, o.employer)
	staff := w.staffOf(t, "1301")
	posting := draftPosting(t, o.employer, "一般事務")
	submitPosting(t, o.employer, posting)
	must2xx(t, staff.post("/v1/staff/postings/"+posting+":accept", map[string]any{}))
	must2xx(t, staff.post("/v1/staff/postings/"+posting+":publish", map[string]any{}))
	_, applicant := selfApply(t, w, dialPortal(t, w), 1, posting, o.email)

	fixtures := http.NewServeMux()
	png := pngImage(t, 64, 48)
	fixtures.HandleFunc("GET /image.png", func(rw http.ResponseWriter, _ *http.Request) {
		rw.Header().Set("Content-Type", "image/png")
		_, _ = rw.Write(png)
	})
	// The employer registers the selection result (applicant screens are another area's).
	fixtures.HandleFunc("POST /selection-result", func(rw http.ResponseWriter, _ *http.Request) {
		r := o.employer.post("/v1/applicants/"+applicant+":registerResult", map[string]any{"result": map[string]any{
			"decision": "DECISION_HIRED", "condition_mismatch": false, "hire_date": time.Now().AddDate(0, 1, 0).Format(time.DateOnly)}})
		if r.Code != http.StatusOK {
			t.Errorf("fixture: registering the selection result: %s", r)
			http.Error(rw, r.String(), http.StatusBadGateway)
			return
		}
		rw.WriteHeader(http.StatusNoContent)
	})

	runBrowserTests(t, w, "settings.test.mjs", fixtures,
		"SETTINGS_EMAIL="+o.email,
		"SETTINGS_EXTRA_EMAIL="+extra,
		"SETTINGS_NAME="+name,
		"SETTINGS_NUMBER="+o.number,
	)
}
