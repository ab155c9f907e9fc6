package e2e_test

import (
	"context"
	"fmt"
	"maps"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hellowork-jp/hellowork/gateway/e2e"
	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	"github.com/hellowork-jp/hellowork/libs/seekerportal"
)

const (
	subjWithdrawn = "退会完了通知"
	subjReminder  = "選考結果未入力通知"
)

// TestE2E_ApplicantSelection_SelfApplicationToHire walks one applicant through the
// REST edge with bin/seekersim's client playing the seeker portal: a posting is
// published (job-posting's flow), a demo seeker self-applies (APP-4), the employer sees
// the applicant, withdrawal is refused while the self-application has no result
// (ACC-3) and so is 募集停止 (§2.4, the message naming the count), the employer
// messages the seeker and the seeker answers (MSG-1), the employer registers 採用
// (APP-2), the home counts one hire (LOGIN-6), the seeker's notice shows it, the stop
// now goes to the office, and withdrawal is then allowed. No employer response carries
// the seeker's phone number, e-mail or address.
func TestE2E_ApplicantSelection_SelfApplicationToHire(t *testing.T) {
	t.Parallel()
	w := startWorld(t)
	o := open2(t, w, "テスト商事 応募者E2E", "03-4100-0011")
	waitJobPostingKnows(t, o.employer)
	staff := w.staffOf(t, "1301")
	id := draftPosting(t, o.employer, "一般事務")
	w.expect(o.email, subjPostingProv)
	submitPosting(t, o.employer, id)
	w.expect(o.email, subjPostingAccepted)
	must2xx(t, staff.post("/v1/staff/postings/"+id+":accept", map[string]any{}))
	must2xx(t, staff.post("/v1/staff/postings/"+id+":publish", map[string]any{}))

	portal := dialPortal(t, w)
	ctx := context.Background()
	demo, applicant := selfApply(t, w, portal, 1, id, o.email) // the employer is mailed 応募通知

	var employerBodies []string
	seen := func(r *response) *response { employerBodies = append(employerBodies, string(r.Body)); return r }
	list := seen(must2xx(t, o.employer.get("/v1/applicants?posting_id="+id)))
	if !strings.Contains(string(list.Body), applicant) || !strings.Contains(string(list.Body), "CHANNEL_ONLINE_SELF") {
		t.Fatalf("the employer's applicant list: %s", list)
	}
	d := seen(must2xx(t, o.employer.get("/v1/applicants/"+applicant)))
	if d.str(t, "posting_version.content.job.occupation") != "一般事務" {
		t.Fatalf("the applicant's posting version: %s", d)
	}

	// ACC-3: refused while the self-application has no result.
	r := o.employer.post("/v1/identity/account:withdraw", map[string]any{"current_password": employerPassword})
	wantError(t, r, 400, "PENDING_SELF_APPLICATIONS")
	// §2.4 (S17): no 募集停止 while an applicant has no result; the message names the count
	// (job-posting asks applicant-selection on the employer's behalf).
	r = o.employer.post("/v1/postings/"+id+":requestStop", map[string]any{"note": "充足のため"})
	wantError(t, r, 400, "SELECTION_RESULTS_PENDING")
	if !strings.Contains(string(r.Body), "選考結果が未登録の応募者が1名います。先に選考結果を登録してください。") {
		t.Errorf("the stop's refusal names the count: %s", r)
	}

	// MSG-1 both ways.
	seen(must2xx(t, o.employer.post("/v1/applicants/"+applicant+"/messages", map[string]any{"body": "面接日程のご相談です。"})))
	th, err := portal.ListSeekerMessages(ctx, &asv1.ListSeekerMessagesRequest{SeekerNumber: demo.GetSeekerNumber(), ApplicantId: applicant})
	if err != nil || len(th.GetMessages()) != 1 {
		t.Fatalf("the seeker's thread: %v %v", th, err)
	}
	if _, err := portal.SendSeekerMessage(ctx, &asv1.SendSeekerMessageRequest{SeekerNumber: demo.GetSeekerNumber(), ApplicantId: applicant,
		Body: "よろしくお願いいたします。"}); err != nil {
		t.Fatal(err)
	}
	// 新着メッセージ通知 to the primary login e-mail, without the body.
	w.expect(o.email, subjNewMessage)
	if m := w.mb.next(t, o.email, subjNewMessage); strings.Contains(m.Body, "よろしくお願いいたします") {
		t.Errorf("the new-message mail carries the body:\n%s", m.Body)
	}
	if m := w.mb.next(t, o.email, subjApplicationReceived); strings.Contains(m.Body, demo.GetName()) || strings.Contains(m.Body, demo.GetPhone()) {
		t.Errorf("応募通知 names the seeker:\n%s", m.Body)
	}
	home := seen(must2xx(t, o.employer.get("/v1/applicants:homeCounts")))
	if home.str(t, "new_messages") != "1" {
		t.Fatalf("home after the seeker's reply: %s", home)
	}
	seen(must2xx(t, o.employer.get("/v1/applicants/"+applicant+"/messages")))

	// APP-2: 採用.
	seen(must2xx(t, o.employer.post("/v1/applicants/"+applicant+":registerResult", map[string]any{"result": map[string]any{
		"decision": "DECISION_HIRED", "condition_mismatch": false, "hire_date": time.Now().AddDate(0, 1, 0).Format(time.DateOnly)}})))
	home = seen(must2xx(t, o.employer.get("/v1/applicants:homeCounts")))
	if !strings.Contains(string(home.Body), `"hired":1`) {
		t.Fatalf("home after 採用: %s", home)
	}
	// §2.4: with every result registered the stop goes to the office.
	if p := must2xx(t, o.employer.post("/v1/postings/"+id+":requestStop", map[string]any{"note": "充足のため"})); p.str(t, "pending_application") != "STOP" {
		t.Errorf("the stop after the result: %s", p)
	}
	notices, err := portal.ListSelectionNotices(ctx, &asv1.ListSelectionNoticesRequest{SeekerNumber: demo.GetSeekerNumber()})
	if err != nil || len(notices.GetNotices()) != 1 || notices.GetNotices()[0].GetDecision() != asv1.Decision_DECISION_HIRED {
		t.Fatalf("the seeker's notice: %v %v", notices, err)
	}
	// The seeker's contact data and birth date never reach an employer response; the
	// name may, on the routes of the employer's own applicant only (seekerscan_test.go
	// scans every answer of the suite for that decision).
	for _, b := range employerBodies {
		for _, secret := range []string{demo.GetPhone(), demo.GetEmail(), demo.GetAddress(), demo.GetBirthDate()} {
			if strings.Contains(b, secret) {
				t.Fatalf("an employer response carries %q: %s", secret, b)
			}
		}
	}

	// ACC-3: allowed once nothing is pending.
	w.expect(o.email, subjWithdrawn)
	must2xx(t, o.employer.post("/v1/identity/account:withdraw", map[string]any{"current_password": employerPassword}))
}

// TestE2E_ApplicantSelection_SeekerSearchAndDirectRequest (SEEK-1) through the REST
// edge, with the seeker portal's client: the search is refused while the establishment
// has no valid posting; once a posting is published it finds the demo seeker who
// publishes a profile and not the one who does not, and no answer carries either one's
// name, contact data, address, birth date or 求職番号; the employer sends the posting
// as a 直接リクエスト (a second one to the same seeker is refused), the seeker sees it on
// the portal and applies through it, arriving as an オンライン自主応募 that marks the
// request applied.
func TestE2E_ApplicantSelection_SeekerSearchAndDirectRequest(t *testing.T) {
	t.Parallel()
	w := startWorld(t)
	o := open2(t, w, "テスト商事 求職者検索E2E", "03-4100-0012")
	waitJobPostingKnows(t, o.employer)
	wantError(t, o.employer.get("/v1/seekers"), 400, "SEEKER_SEARCH_NEEDS_VALID_POSTING")

	staff := w.staffOf(t, "1301")
	id := draftPosting(t, o.employer, "一般事務")
	w.expect(o.email, subjPostingProv)
	submitPosting(t, o.employer, id)
	w.expect(o.email, subjPostingAccepted)
	must2xx(t, staff.post("/v1/staff/postings/"+id+":accept", map[string]any{}))
	must2xx(t, staff.post("/v1/staff/postings/"+id+":publish", map[string]any{}))

	portal := dialPortal(t, w)
	ctx := context.Background()
	valid := time.Now().AddDate(0, 3, 0).Format(time.DateOnly)
	published := seekerportal.DemoSeeker(1, asv1.SeekerKind_SEEKER_KIND_ONLINE, valid)
	private := seekerportal.DemoSeeker(2, asv1.SeekerKind_SEEKER_KIND_ONLINE, valid)
	private.Profile = nil
	for _, s := range []*asv1.RegisterSeekerRequest{published, private} {
		if _, err := portal.RegisterSeeker(ctx, s); err != nil {
			t.Fatal(err)
		}
	}

	var bodies []string
	var ref string
	eventually(t, stepTimeout, func() string { // until job-posting's events reached applicant-selection
		r := o.employer.get("/v1/seekers?keyword=" + url.QueryEscape("事務　経験") + "&prefecture=13")
		if r.Code != 200 {
			return r.String()
		}
		var res struct {
			Seekers []struct {
				Ref string `json:"seeker_ref"`
			} `json:"seekers"`
		}
		r.decode(t, &res)
		if len(res.Seekers) != 1 {
			return fmt.Sprintf("%d seekers, want the one who publishes: %s", len(res.Seekers), r)
		}
		ref, bodies = res.Seekers[0].Ref, append(bodies, string(r.Body))
		return ""
	})
	if r := o.employer.get("/v1/seekers?prefecture=27"); r.Code != 200 || strings.Contains(string(r.Body), ref) {
		t.Errorf("a search for another prefecture: %s", r)
	}
	d := must2xx(t, o.employer.get("/v1/seekers/"+url.PathEscape(ref)))
	bodies = append(bodies, string(d.Body))
	if d.str(t, "contact_office.name") != "ハローワーク飯田橋" || d.str(t, "age_band") == "" {
		t.Errorf("the seeker's detail: %s", d)
	}

	dr := must2xx(t, o.employer.post("/v1/direct-requests", map[string]any{"seeker_ref": ref, "posting_id": id,
		"message": "ご経験を拝見しました。ぜひご応募ください。"}))
	bodies = append(bodies, string(dr.Body))
	request := dr.str(t, "direct_request_id")
	wantError(t, o.employer.post("/v1/direct-requests", map[string]any{"seeker_ref": ref, "posting_id": id, "message": "再送です。"}),
		400, "DIRECT_REQUEST_DUPLICATE")
	l := must2xx(t, o.employer.get("/v1/direct-requests?posting_id="+id))
	bodies = append(bodies, string(l.Body))
	if l.str(t, "remaining") != "9" {
		t.Errorf("the posting's requests: %s", l)
	}

	rs, err := portal.ListSeekerDirectRequests(ctx, &asv1.ListSeekerDirectRequestsRequest{SeekerNumber: published.GetSeekerNumber()})
	if err != nil || len(rs.GetDirectRequests()) != 1 || rs.GetDirectRequests()[0].GetDirectRequestId() != request {
		t.Fatalf("the seeker's requests: %v %v", rs, err)
	}
	res, err := portal.ApplyOnline(ctx, &asv1.ApplyOnlineRequest{SeekerNumber: published.GetSeekerNumber(), PostingId: id,
		Channel: asv1.Channel_CHANNEL_ONLINE_SELF, Motivation: "リクエストをいただき応募しました。", DirectRequestId: request})
	if err != nil {
		t.Fatal(err)
	}
	w.expect(o.email, subjApplicationReceived)
	list := must2xx(t, o.employer.get("/v1/applicants?posting_id="+id))
	bodies = append(bodies, string(list.Body))
	if !strings.Contains(string(list.Body), res.GetApplicantId()) || !strings.Contains(string(list.Body), "CHANNEL_ONLINE_SELF") {
		t.Errorf("the applicant list: %s", list)
	}
	l = must2xx(t, o.employer.get("/v1/direct-requests?posting_id="+id))
	if !strings.Contains(string(l.Body), `"APPLIED"`) || !strings.Contains(string(l.Body), res.GetApplicantId()) {
		t.Errorf("the answered request: %s", l)
	}
	// The applicant list may name its applicant (the decision in seekerscan_test.go);
	// the search, profile and direct-request answers name no one.
	for _, b := range bodies[:len(bodies)-1] {
		for _, s := range []*asv1.RegisterSeekerRequest{published, private} {
			for _, v := range []string{s.GetName(), s.GetPhone(), s.GetEmail(), s.GetAddress(), s.GetBirthDate(), s.GetSeekerNumber()} {
				if strings.Contains(b, v) {
					t.Errorf("an employer response carries %q: %s", v, b)
				}
			}
		}
	}
	// ACC-3: the self-application answering the request counts.
	wantError(t, o.employer.post("/v1/identity/account:withdraw", map[string]any{"current_password": employerPassword}),
		400, "PENDING_SELF_APPLICATIONS")
}

// TestE2E_ApplicantSelection_ReminderAfterFourteenDays (APP-3) through the whole
// pipeline: applicant-selection's reminder job, its event, notification and SMTP. The
// e2e stack runs on the wall clock (no service takes a clock from outside), so the 14
// days are simulated by back-dating the application in applicant-selection's database;
// the boundary itself (13 days 23:59 → nothing, 14 days → the mail) is
// TestReminder_FourteenDays on the fake clock. The mail goes to the primary login
// e-mail exactly once (verifyMails counts it while the job keeps polling).
func TestE2E_ApplicantSelection_ReminderAfterFourteenDays(t *testing.T) {
	t.Parallel()
	env := maps.Clone(suiteEnv)
	env["APPSEL_REMINDER_POLL_INTERVAL"] = "200ms"
	w := newWorld(t, e2e.StartWith(t, env, allServices...))
	o := open2(t, w, "テスト商事 選考リマインドE2E", "03-4100-0013")
	waitJobPostingKnows(t, o.employer)
	staff := w.staffOf(t, "1301")
	id := draftPosting(t, o.employer, "一般事務")
	w.expect(o.email, subjPostingProv)
	submitPosting(t, o.employer, id)
	w.expect(o.email, subjPostingAccepted)
	must2xx(t, staff.post("/v1/staff/postings/"+id+":accept", map[string]any{}))
	must2xx(t, staff.post("/v1/staff/postings/"+id+":publish", map[string]any{}))
	number := must2xx(t, o.employer.get("/v1/postings/"+id)).str(t, "job_number")
	_, applicant := selfApply(t, w, dialPortal(t, w), 1, id, o.email)

	ctx := context.Background()
	db, err := pgx.Connect(ctx, w.st.DBURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	back := time.Now().Add(-14*24*time.Hour - time.Minute).UTC()
	tag, err := db.Exec(ctx, `UPDATE applicant_selection.applications SET applied_at = $2, next_reminder_at = $2::timestamptz + interval '14 days',
		doc = jsonb_set(doc, '{AppliedAt}', to_jsonb($3::text)) WHERE id = $1`, applicant, back, back.Format(time.RFC3339Nano))
	if err != nil || tag.RowsAffected() != 1 {
		t.Fatalf("back-dating the application: %v %v", tag, err)
	}
	w.expect(o.email, subjReminder)
	m := w.mb.next(t, o.email, subjReminder)
	if !strings.Contains(m.Body, number) || !strings.Contains(m.Body, "一般事務") {
		t.Errorf("選考結果未入力通知 does not name the posting:\n%s", m.Body)
	}
	// Once: the job took the applicant out of its index (APPSEL_REMINDER_REPEAT_DAYS is 0).
	eventually(t, stepTimeout, func() string {
		var left bool
		var reminders string
		if err := db.QueryRow(ctx, `SELECT next_reminder_at IS NOT NULL, coalesce(doc->>'Reminders', '') FROM applicant_selection.applications
			WHERE id = $1`, applicant).Scan(&left, &reminders); err != nil {
			return err.Error()
		}
		if left || reminders != "1" {
			return fmt.Sprintf("still scheduled %v, reminders %q", left, reminders)
		}
		return ""
	})
}
