package e2e_test

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestE2E_JobPosting_OPEN1FirstPostingToRenewalAndReuse walks the life of a posting
// through the REST edge, with every mail it causes read or expected:
//
//   - OPEN-1: a provisional account registers its establishment and, right after, drafts
//     and submits its first posting (「求人情報仮登録完了通知」 follows the establishment's
//     mail); the office's worklist shows the first posting beside the establishment;
//     staff accept the establishment (求人者マイページ開設通知), return the posting with a
//     message (求人情報修正依頼通知), accept it once resubmitted (求人情報受理通知 with its
//     求人番号) and publish it; a seeker finds it.
//   - JOB-3 change: the employer applies for a change of 職種; the live posting keeps its
//     accepted content until the office accepts the change; then the public search shows
//     the new 職種 (the stored search card follows the posting).
//   - JOB-5 renewal: the office brings the 紹介期限日 forward to 15 days from today: the
//     renewal is refused with the first allowed date; to 14 days: the renewal window opens
//     (求人情報更新受付開始通知) and the renewal is reserved as a new draft.
//   - JOB-3 stop: the employer applies for 募集停止, the office accepts it, the posting is
//     invalid and leaves the public search.
//   - JOB-1 reuse (転用): a new draft from the stopped posting.
//
// The e2e stack runs on the wall clock: the renewal window is reached by bringing the
// 紹介期限日 forward, which staff may do (job-posting's scheduled job runs every second here).
func TestE2E_JobPosting_OPEN1FirstPostingToRenewalAndReuse(t *testing.T) {
	t.Parallel()
	w := startWorld(t)
	staff := w.staffOf(t, "1301")
	seeker := newBrowser(t, w.st, "seeker")

	// OPEN-1: provisional account, establishment submitted.
	email := uniqueEmail("lifecycle")
	emp := newBrowser(t, w.st, "lifecycle-employer")
	must2xx(t, emp.post("/v1/identity/registrations:start", map[string]any{"email": email, "email_confirmation": email,
		"agreed_to_privacy_policy": true, "agreed_to_terms": true}))
	w.expect(email, subjAccountProvisional)
	key := w.mb.authKey(t, email, subjAccountProvisional)
	must2xx(t, emp.post("/v1/identity/registrations:complete", map[string]any{"email": email, "auth_key": key,
		"password": employerPassword, "password_confirmation": employerPassword}))
	w.signIn(t, emp, email, employerPassword, false)
	name := "テスト商事 LIFECYCLE " + email[:14]
	estID := must2xx(t, emp.post("/v1/establishments", map[string]any{})).str(t, "establishment_id")
	saveSections(t, emp, estID, sections(name, "03-3100-0099"))
	must2xx(t, emp.post("/v1/establishments/"+estID+":submit", map[string]any{}))
	w.expect(email, subjEstablishmentProv)
	w.mb.next(t, email, subjEstablishmentProv)

	// The first posting, by the provisional account, right after its establishment.
	waitJobPostingKnows(t, emp)
	id := draftPosting(t, emp, "一般事務")
	w.expect(email, subjPostingProv)
	submitPosting(t, emp, id)
	if m := w.mb.next(t, email, subjPostingProv); !strings.Contains(m.Body, "一般事務") {
		t.Errorf("「求人情報仮登録完了通知」 names the 職種:\n%s", m.Body)
	}
	// The office reviews the establishment and its first posting together: the posting's
	// worklist item names the establishment and flags it as not yet opened (OPEN-1),
	// while the registration waits in the registrations worklist.
	worklistItem := func() (found, provisional bool, estName string) {
		t.Helper()
		var wl struct {
			Items []struct {
				Posting struct {
					ID string `json:"posting_id"`
				} `json:"posting"`
				EstablishmentName        string `json:"establishment_name"`
				EstablishmentProvisional bool   `json:"establishment_provisional"`
			} `json:"items"`
		}
		must2xx(t, staff.get("/v1/staff/postings?page_size=100")).decode(t, &wl)
		for _, it := range wl.Items {
			if it.Posting.ID == id {
				return true, it.EstablishmentProvisional, it.EstablishmentName
			}
		}
		return false, false, ""
	}
	if found, provisional, estName := worklistItem(); !found || !provisional || estName != name {
		t.Fatalf("the first posting in its office's worklist: found %v, establishment provisional %v, name %q", found, provisional, estName)
	}
	if r := must2xx(t, staff.get("/v1/staff/registrations")); !strings.Contains(string(r.Body), estID) {
		t.Fatalf("the establishment is missing from the registrations worklist: %s", r)
	}

	// The office accepts the establishment, then the posting, and publishes it.
	must2xx(t, staff.post("/v1/staff/registrations/"+estID+":accept", map[string]any{}))
	w.expect(email, subjMyPageOpened)
	eventually(t, stepTimeout, func() string {
		if role := me(t, emp).str(t, "role"); role != "ACCOUNT_ROLE_PRIMARY" {
			return "account still " + role
		}
		return ""
	})
	must2xx(t, emp.post("/v1/identity/sessions:signOut", map[string]any{}))
	w.signIn(t, emp, email, employerPassword, false)
	eventually(t, stepTimeout, func() string {
		if found, provisional, _ := worklistItem(); !found || provisional {
			return "the worklist still shows the establishment as provisional"
		}
		return ""
	})

	// JOB-2 修正依頼: the office returns the posting with a message, mailed to the
	// submitter; the employer submits it again (no mail for a resubmission).
	w.expect(email, subjPostingReturned)
	if r := must2xx(t, staff.post("/v1/staff/postings/"+id+":return", map[string]any{"message": "「仕事内容」を具体的に記載してください。"})); r.str(t, "state") != "POSTING_STATE_RETURNED" {
		t.Fatalf("returned posting: %s", r)
	}
	if m := w.mb.next(t, email, subjPostingReturned); !strings.Contains(m.Body, "「仕事内容」を具体的に記載してください。") || !strings.Contains(m.Body, "一般事務") {
		t.Errorf("「求人情報修正依頼通知」 gives the office's message and the 職種:\n%s", m.Body)
	}
	submitPosting(t, emp, id)

	w.expect(email, subjPostingAccepted)
	r := must2xx(t, staff.post("/v1/staff/postings/"+id+":accept", map[string]any{}))
	number, deadline := r.str(t, "job_number"), r.str(t, "referral_deadline")
	if !jobNumberRe.MatchString(number) || deadline == "" {
		t.Fatalf("accepted: %s", r)
	}
	if m := w.mb.next(t, email, subjPostingAccepted); !strings.Contains(m.Body, number) || !strings.Contains(m.Body, japaneseDate(t, deadline)) {
		t.Errorf("「求人情報受理通知」 gives the 求人番号 %s and the 紹介期限日 %s:\n%s", number, deadline, m.Body)
	}
	must2xx(t, staff.post("/v1/staff/postings/"+id+":publish", map[string]any{}))
	found := func(q url.Values) string {
		t.Helper()
		r := must2xx(t, seeker.get("/v1/public/postings?"+q.Encode()))
		var res struct {
			Postings []struct {
				ID         string `json:"posting_id"`
				Occupation string `json:"occupation"`
			} `json:"postings"`
		}
		r.decode(t, &res)
		for _, p := range res.Postings {
			if p.ID == id {
				return p.Occupation
			}
		}
		return ""
	}
	if occ := found(url.Values{"keyword": {"事務"}}); occ != "一般事務" {
		t.Fatalf("the published first posting is not found by 事務 (%q)", occ)
	}

	// JOB-3 change: pending until the office accepts it.
	must2xx(t, emp.post("/v1/postings/"+id+":requestChange", map[string]any{"content": postingContent("経理事務"), "note": "職種の変更"}))
	if r := must2xx(t, emp.get("/v1/postings/"+id)); r.str(t, "content.job.occupation") != "一般事務" || r.str(t, "pending_application") == "" {
		t.Fatalf("before the office accepts the change the posting keeps its content: %s", r)
	}
	if occ := found(url.Values{"keyword": {"事務"}}); occ != "一般事務" {
		t.Fatalf("the public search shows %q before the change is accepted", occ)
	}
	r = must2xx(t, staff.post("/v1/staff/postings/"+id+":acceptApplication", map[string]any{}))
	if r.str(t, "content.job.occupation") != "経理事務" || r.str(t, "content_version") != "2" {
		t.Fatalf("accepted change: %s", r)
	}
	if occ := found(url.Values{"keyword": {"経理"}}); occ != "経理事務" {
		t.Fatalf("the public search shows %q after the change, want 経理事務", occ)
	}

	// JOB-5 renewal: refused on day 15 before the 紹介期限日, reserved from day 14.
	today := time.Now().In(time.FixedZone("JST", 9*3600))
	day15 := today.AddDate(0, 0, 15).Format(time.DateOnly)
	must2xx(t, staff.post("/v1/staff/postings/"+id+":bringForwardReferralDeadline", map[string]any{"referral_deadline": day15}))
	r = emp.post("/v1/postings", map[string]any{"renewal_of": id})
	wantError(t, r, 400, "RENEWAL_TOO_EARLY")
	if first := japaneseDate(t, today.AddDate(0, 0, 1).Format(time.DateOnly)); !strings.Contains(string(r.Body), first) {
		t.Errorf("the refusal names the first allowed date %s: %s", first, r)
	}
	day14 := today.AddDate(0, 0, 14).Format(time.DateOnly)
	w.expect(email, subjPostingRenewal)
	must2xx(t, staff.post("/v1/staff/postings/"+id+":bringForwardReferralDeadline", map[string]any{"referral_deadline": day14}))
	if m := w.mb.next(t, email, subjPostingRenewal); !strings.Contains(m.Body, number) || !strings.Contains(m.Body, japaneseDate(t, day14)) {
		t.Errorf("「求人情報更新受付開始通知」 names the posting %s and its 紹介期限日 %s:\n%s", number, day14, m.Body)
	}
	r = must2xx(t, emp.post("/v1/postings", map[string]any{"renewal_of": id}))
	renewal := r.str(t, "posting_id")
	if r.str(t, "state") != "POSTING_STATE_DRAFT" || r.str(t, "renewal_of") != id || r.str(t, "content.job.occupation") != "経理事務" {
		t.Fatalf("the renewal is a new draft from the accepted content: %s", r)
	}

	// JOB-3 stop: accepted by the office, the posting is invalid and leaves the search.
	must2xx(t, emp.post("/v1/postings/"+id+":requestStop", map[string]any{"note": "充足のため"}))
	r = must2xx(t, staff.post("/v1/staff/postings/"+id+":acceptApplication", map[string]any{}))
	if r.str(t, "state") != "POSTING_STATE_INVALID" {
		t.Fatalf("stopped posting: %s", r)
	}
	if occ := found(url.Values{"keyword": {"経理"}}); occ != "" {
		t.Fatal("a stopped posting is still in the public search")
	}
	if r := seeker.get("/v1/public/postings/" + number); r.Code != 404 {
		t.Fatalf("the public detail of a stopped posting: %s", r)
	}

	// JOB-1 reuse (転用) from the stopped posting.
	r = must2xx(t, emp.post("/v1/postings", map[string]any{"reuse_of": id}))
	if r.str(t, "state") != "POSTING_STATE_DRAFT" || r.str(t, "reused_from") != id || r.str(t, "posting_id") == renewal {
		t.Fatalf("reuse: %s", r)
	}
	list := must2xx(t, emp.get("/v1/postings?page_size=100"))
	for _, want := range []string{id, renewal, r.str(t, "posting_id")} {
		if !strings.Contains(string(list.Body), want) {
			t.Errorf("the employer's postings lack %s: %s", want, list)
		}
	}
}

// japaneseDate is YYYY-MM-DD as the mails and messages write it (2026年6月16日).
func japaneseDate(t *testing.T, s string) string {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatalf("date %q: %v", s, err)
	}
	return d.Format("2006年1月2日")
}
