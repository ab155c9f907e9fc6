package e2e_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/status"

	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	"github.com/hellowork-jp/hellowork/libs/seekerportal"
)

const subjWithdrawn = "退会完了通知"

// TestE2E_ApplicantSelection_SelfApplicationToHire walks one applicant through the
// REST edge with bin/seekersim's client playing the seeker portal: a posting is
// published (job-posting's flow), a demo seeker self-applies (APP-4), the employer sees
// the applicant, withdrawal is refused while the self-application has no result
// (ACC-3), the employer messages the seeker and the seeker answers (MSG-1), the
// employer registers 採用 (APP-2), the home counts one hire (LOGIN-6), the seeker's
// notice shows it, and withdrawal is then allowed. No employer response carries the
// seeker's phone number, e-mail or address.
func TestE2E_ApplicantSelection_SelfApplicationToHire(t *testing.T) {
	t.Parallel()
	w := startWorld(t)
	o := open2(t, w, "テスト商事 応募者E2E", "03-4100-0011")
	waitJobPostingKnows(t, o.employer)
	staff := w.staffOf(t, "1301")
	id := draftPosting(t, o.employer, "一般事務")
	w.expect(o.email, subjPostingProv)
	submitPosting(t, o.employer, id)
	must2xx(t, staff.post("/v1/staff/postings/"+id+":accept", map[string]any{}))
	must2xx(t, staff.post("/v1/staff/postings/"+id+":publish", map[string]any{}))

	tokens, err := seekerportal.TokenSource(w.st.Env["TOKEN_SIGNING_KEY"], "hellowork-identity", "hellowork")
	if err != nil {
		t.Fatal(err)
	}
	portal, err := seekerportal.Dial(w.st.Addr("applicant-selection"), tokens)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = portal.Close() })
	ctx := context.Background()
	demo := seekerportal.DemoSeeker(1, asv1.SeekerKind_SEEKER_KIND_ONLINE, time.Now().AddDate(0, 3, 0).Format(time.DateOnly))
	if _, err := portal.RegisterSeeker(ctx, demo); err != nil {
		t.Fatalf("register the demo seeker: %v", err)
	}
	var applicant string
	eventually(t, stepTimeout, func() string { // until job-posting's events reached applicant-selection
		res, err := portal.ApplyOnline(ctx, &asv1.ApplyOnlineRequest{SeekerNumber: demo.GetSeekerNumber(), PostingId: id,
			Channel: asv1.Channel_CHANNEL_ONLINE_SELF, Motivation: "事務の経験を活かしたいと考え応募しました。"})
		if err != nil {
			return "self-application: " + status.Convert(err).Message()
		}
		applicant = res.GetApplicantId()
		return ""
	})

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
	notices, err := portal.ListSelectionNotices(ctx, &asv1.ListSelectionNoticesRequest{SeekerNumber: demo.GetSeekerNumber()})
	if err != nil || len(notices.GetNotices()) != 1 || notices.GetNotices()[0].GetDecision() != asv1.Decision_DECISION_HIRED {
		t.Fatalf("the seeker's notice: %v %v", notices, err)
	}
	// The seeker's identifying data never reaches an employer response.
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
