package e2e_test

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/hellowork-jp/hellowork/libs/testkit"
)

// Job postings (求人) through the REST edge: the helpers the tests share and the happy
// path from a draft to the public search.

// postingSections are the eight sections of a complete, lawful full-time posting in
// 千代田区 (job-posting's component-test fixture, services/job-posting/internal/service):
// 230,000-280,000 yen a month plus 20,000 yen 職務手当 for 8 h a day and 20 days a
// month, well above Tokyo's minimum wage. Gateway JSON, proto field names.
func postingSections(occupation string) []map[string]any {
	return []map[string]any{
		{"category": map[string]any{"category": "CATEGORY_GENERAL", "time_class": "TIME_CLASS_FULL_TIME", "scope": "SCOPE_FULL",
			"online_application": "ONLINE_APPLICATION_ACCEPTED", "openings": 2, "recruitment_reason": "増員"}},
		{"workplace": map[string]any{"postal_code": "100-8916", "municipality": "13101", "address": "霞が関1-2-2",
			"nearest_station": "霞ケ関駅", "transport": "徒歩", "travel_minutes": 3, "smoking_measure": true, "smoking_note": "屋内禁煙"}},
		{"job": map[string]any{"occupation": occupation, "description": "書類作成、電話応対、データ入力などの事務",
			"employment_form": "EMPLOYMENT_FORM_REGULAR", "dispatch": "DISPATCH_CONTRACT_NONE", "education": "REQUIREMENT_NOT_REQUIRED",
			"experience": "REQUIREMENT_NOT_REQUIRED", "licences": "REQUIREMENT_NOT_REQUIRED", "driver_licence": "DRIVER_LICENCE_NOT_NEEDED"}},
		{"wage": map[string]any{"pay": map[string]any{"form": "PAY_FORM_MONTHLY", "base": map[string]any{"lower": 230000, "upper": 280000},
			"allowances": []any{map[string]any{"name": "職務手当", "kind": "ALLOWANCE_KIND_REGULAR", "amount": map[string]any{"lower": 20000}}}},
			"monthly_work_days_tenths": 200, "closing_day": 31, "pay_month": 1, "pay_day": 25}},
		{"hours": map[string]any{"shifts": []any{map[string]any{"start": 540, "end": 1080}}, "break_minutes": 60,
			"annual_holidays": 120, "days_off": []string{"WEEKDAY_SATURDAY", "WEEKDAY_SUNDAY", "WEEKDAY_NATIONAL_HOLIDAYS"},
			"two_days_off": "WEEKLY_TWO_DAYS_OFF_EVERY_WEEK", "paid_leave_after_6m": 10}},
		{"benefits": map[string]any{"insurances": []string{"INSURANCE_EMPLOYMENT", "INSURANCE_WORKERS_COMPENSATION", "INSURANCE_HEALTH",
			"INSURANCE_PENSION"}, "retirement_age": 60, "reemployment": true, "reemployment_up_to": 65}},
		{"pr": map[string]any{"pr": "未経験の方も歓迎します。", "features": []string{"FEATURE_SMOKING_MEASURES"}}},
		{"selection": map[string]any{"methods": []string{"SELECTION_METHOD_DOCUMENTS", "SELECTION_METHOD_INTERVIEW"}, "result_days": 7, "documents": "履歴書、職務経歴書",
			"contact": map[string]any{"title": "総務課長", "name": "厚労 太郎", "phone": "03-5253-1111", "email": "saiyo@example.co.jp"}}},
	}
}

// postingContent is the same posting as one Content (a change application's body).
func postingContent(occupation string) map[string]any {
	c := map[string]any{}
	for _, s := range postingSections(occupation) {
		for k, v := range s {
			c[k] = v
		}
	}
	return c
}

// waitJobPostingKnows waits until job-posting has consumed employer-registration's
// events about b's establishment: until then its list answers ESTABLISHMENT_NOT_FOUND.
func waitJobPostingKnows(t *testing.T, b *browser) {
	t.Helper()
	var last *response
	testkit.Eventually(t, stepTimeout, func() bool {
		last = b.get("/v1/postings")
		return last.Code == 200
	}, "job-posting to know the establishment of %s (last answer %v)", b.name, stringerFunc(func() string { return last.String() }))
}

// stringerFunc formats what it returns when a failure message is printed.
type stringerFunc func() string

func (f stringerFunc) String() string { return f() }

// draftPosting creates a draft as b and saves the eight sections; it returns the id.
func draftPosting(t *testing.T, b *browser, occupation string) string {
	t.Helper()
	r := must2xx(t, b.post("/v1/postings", map[string]any{}))
	id := r.str(t, "posting_id")
	if id == "" || r.str(t, "state") != "POSTING_STATE_DRAFT" {
		t.Fatalf("new posting: %s", r)
	}
	for _, s := range postingSections(occupation) {
		must2xx(t, b.post("/v1/postings/"+id+":updateSection", s))
	}
	return id
}

// submitPosting submits a draft as b, confirming the warnings the check names (the
// employer's second click), and returns the posting.
func submitPosting(t *testing.T, b *browser, id string) *response {
	t.Helper()
	r := b.post("/v1/postings/"+id+":submit", map[string]any{})
	if r.Code >= 400 && r.reason() == "WARNINGS_NOT_CONFIRMED" {
		r = b.post("/v1/postings/"+id+":submit", map[string]any{"confirmed_warnings": warningCodes(t, r)})
	}
	must2xx(t, r)
	if st := r.str(t, "posting.state"); st != "POSTING_STATE_PROVISIONAL" {
		t.Fatalf("submitted posting in state %s: %s", st, r)
	}
	return r
}

// warningCodes are the REASON@field codes of the warnings an error answer lists.
func warningCodes(t *testing.T, r *response) []string {
	t.Helper()
	var st struct {
		Details []struct {
			Type       string `json:"@type"`
			Violations []struct {
				Field  string `json:"field"`
				Reason string `json:"reason"`
			} `json:"field_violations"`
		} `json:"details"`
	}
	r.decode(t, &st)
	var out []string
	for _, d := range st.Details {
		if strings.HasSuffix(d.Type, "google.rpc.BadRequest") {
			for _, v := range d.Violations {
				out = append(out, v.Reason+"@"+v.Field)
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("warnings to confirm, but none listed: %s", r)
	}
	return out
}

// publicSearch runs the public job search with query q as b and returns the posting ids found.
func publicSearch(t *testing.T, b *browser, q url.Values) []string {
	t.Helper()
	r := must2xx(t, b.get("/v1/public/postings?"+q.Encode()))
	var res struct {
		Postings []struct {
			ID string `json:"posting_id"`
		} `json:"postings"`
	}
	r.decode(t, &res)
	ids := make([]string, 0, len(res.Postings))
	for _, p := range res.Postings {
		ids = append(ids, p.ID)
	}
	return ids
}

func contains(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// jobNumberRe is a 求人番号 of ハローワーク飯田橋 (office 1301, main office: prefix 13010).
var jobNumberRe = regexp.MustCompile(`^13010-[0-9]{8}$`)

// TestE2E_JobPosting_DraftToPublicSearch walks a posting through the REST edge: the
// primary account of an establishment opened at the counter (OPEN-2) creates a draft,
// saves the eight sections and submits (申込み中); staff of its office see it in their
// worklist, accept it (求人番号 of their office) and publish it (JOB-2); a seeker who
// never signed in finds it in the public search (a two-character keyword inside a
// longer word, the municipality, full time) and opens its detail by id and by 求人番号.
// Until publication the public side shows nothing of it.
func TestE2E_JobPosting_DraftToPublicSearch(t *testing.T) {
	t.Parallel()
	w := startWorld(t)
	name := "テスト商事 求人E2E"
	o := open2(t, w, name, "03-4100-0001")
	waitJobPostingKnows(t, o.employer)
	staff := w.staffOf(t, "1301")
	seeker := newBrowser(t, w.st, "seeker") // no session at all
	search := url.Values{"keyword": {"事務"}, "municipalities": {"13101"}, "time_class": {"TIME_CLASS_FULL_TIME"}}

	id := draftPosting(t, o.employer, "一般事務")
	r := must2xx(t, o.employer.get("/v1/postings/"+id))
	if r.str(t, "establishment_id") != o.establishmentID || r.str(t, "office_code") != "1301" ||
		r.str(t, "content.job.occupation") != "一般事務" || r.str(t, "content.wage.pay.base.lower") != "230000" {
		t.Fatalf("the saved draft is not the establishment's posting with its sections: %s", r)
	}
	if r := seeker.get("/v1/postings/" + id); r.Code != 401 {
		t.Fatalf("a posting read without signing in: %s", r)
	}

	w.expect(o.email, subjPostingProv) // JOB-1: the submitting account is mailed
	r = submitPosting(t, o.employer, id)
	if r.str(t, "posting.submitted_by") != me(t, o.employer).str(t, "account_id") || r.str(t, "posting.publish_by") == "" {
		t.Errorf("the submission records the submitting account and the JOB-2 publication deadline: %s", r)
	}
	wl := must2xx(t, staff.get("/v1/staff/postings?page_size=100"))
	if !strings.Contains(string(wl.Body), id) {
		t.Fatalf("the application is missing from its office's worklist: %s", wl)
	}
	if other := must2xx(t, w.staffOf(t, "1306").get("/v1/staff/postings?page_size=100")); strings.Contains(string(other.Body), id) {
		t.Fatalf("another office's worklist shows the application: %s", other)
	}
	if ids := publicSearch(t, seeker, search); contains(ids, id) {
		t.Fatalf("an application not yet accepted is in the public search: %v", ids)
	}

	w.expect(o.email, subjPostingAccepted) // JOB-2: 求人番号, 受付年月日 and 紹介期限日 by mail
	r = must2xx(t, staff.post("/v1/staff/postings/"+id+":accept", map[string]any{}))
	number := r.str(t, "job_number")
	if r.str(t, "state") != "POSTING_STATE_ACCEPTED" || !jobNumberRe.MatchString(number) ||
		r.str(t, "accepted_on") == "" || r.str(t, "referral_deadline") == "" {
		t.Fatalf("accepted posting: state, 求人番号 of office 1301, 受付年月日 and 紹介期限日: %s", r)
	}
	if ids := publicSearch(t, seeker, search); contains(ids, id) {
		t.Fatalf("an accepted posting is in the public search before its publication: %v", ids)
	}
	if r := seeker.get("/v1/public/postings/" + id); r.Code != 404 {
		t.Fatalf("the public detail of an unpublished posting: %s", r)
	}

	r = must2xx(t, staff.post("/v1/staff/postings/"+id+":publish", map[string]any{}))
	if r.str(t, "state") != "POSTING_STATE_PUBLISHED" || r.str(t, "published_at") == "" {
		t.Fatalf("published posting: %s", r)
	}

	// The seeker's side: no cookie, no token.
	if ids := publicSearch(t, seeker, search); !contains(ids, id) {
		t.Fatalf("the published posting is not found by 事務 in 千代田区, full time: %v", ids)
	}
	if ids := publicSearch(t, seeker, url.Values{"keyword": {"介護"}}); contains(ids, id) {
		t.Errorf("a keyword the posting does not hold finds it: %v", ids)
	}
	for _, key := range []string{id, number} {
		r := must2xx(t, seeker.get("/v1/public/postings/"+key))
		if r.str(t, "posting_id") != id || r.str(t, "job_number") != number || r.str(t, "establishment_name") != name {
			t.Errorf("public detail by %s: %s", key, r)
		}
		var ld map[string]any
		if err := json.Unmarshal([]byte(r.str(t, "json_ld")), &ld); err != nil || ld["@type"] != "JobPosting" {
			t.Errorf("public detail by %s: the JSON-LD is no schema.org JobPosting (%v): %s", key, err, r.str(t, "json_ld"))
		}
	}
	if seeker.cookie(sessionCookie) != nil {
		t.Fatal("the public search gave the seeker a session")
	}

	// The employer's home list shows it as valid (JOB-4).
	if r := must2xx(t, o.employer.get("/v1/postings?list=POSTING_LIST_VALID")); !strings.Contains(string(r.Body), number) {
		t.Errorf("the employer's valid postings do not list %s: %s", number, r)
	}
}
