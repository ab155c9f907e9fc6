package e2e_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/hellowork-jp/hellowork/gateway/e2e"
)

// TestE2E_Web_Postings runs the browser tests of the employer's posting screens
// (gateway/web/tests/browser/postings.test.mjs): an employer whose MyPage was opened
// at the counter (OPEN-2) signs in, fills the eight-section wizard out of order
// (leaving a section and reloading keep what was typed), sees a section error and a
// warning, submits (JOB-1); staff return it with a message, the employer reads it,
// edits and resubmits; staff accept and publish (JOB-2); the home shows the posting
// as valid with its 求人番号 (LOGIN-6, JOB-4), the detail opens, reuse starts a new
// draft (JOB-1), a change (the whole content) and an extension are applied for (JOB-3)
// and a renewal before its window is refused with the service's message (JOB-5).
//
// The staff steps are served at FIXTURES_URL (POST /staff/{return,accept,publish,acceptApplication}?
// posting=ID[&message=...]) through the staff REST client, until the staff screens
// exist. The mails of this test are not checked here (the REST tests check them).
func TestE2E_Web_Postings(t *testing.T) {
	needBrowser(t)
	t.Parallel()

	st := e2e.StartWith(t, suiteEnv, allServices...)
	w := &world{st: st, mb: newMailbox(st), want: map[mailKey]int{}, staff: map[string]*browser{}, secrets: map[string]bool{}}
	name := "テスト商事 求人ブラウザ"
	o := open2(t, w, name, "03-4100-0201")
	waitJobPostingKnows(t, o.employer)
	staff := w.staffOf(t, "1301")

	fixtures := http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(rw, "POST only", http.StatusMethodNotAllowed)
			return
		}
		id := r.URL.Query().Get("posting")
		if id == "" || strings.ContainsAny(id, "/?#") {
			http.Error(rw, "posting=ID missing", http.StatusBadRequest)
			return
		}
		var res *response
		switch r.URL.Path {
		case "/staff/return": // 修正依頼 with a message
			res = staff.post("/v1/staff/postings/"+id+":return", map[string]any{"message": r.URL.Query().Get("message")})
		case "/staff/accept": // 受理: the 求人番号 is issued
			res = staff.post("/v1/staff/postings/"+id+":accept", map[string]any{})
		case "/staff/publish": // JOB-2 publication
			res = staff.post("/v1/staff/postings/"+id+":publish", map[string]any{})
		case "/staff/acceptApplication": // JOB-3: the pending change, stop or extension
			res = staff.post("/v1/staff/postings/"+id+":acceptApplication", map[string]any{})
		default:
			http.NotFound(rw, r)
			return
		}
		rw.Header().Set("Content-Type", "application/json")
		rw.WriteHeader(res.Code)
		_, _ = rw.Write(res.Body)
	})

	runBrowserTests(t, w, "postings.test.mjs", fixtures,
		"EMPLOYER_EMAIL="+o.email,
		"EMPLOYER_NAME="+name,
	)
}
