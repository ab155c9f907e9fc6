package service

import (
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/hellowork-jp/hellowork/libs/authn"
	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	jpv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/libs/testkit"
)

const (
	postA  = "posting-a-00000001"
	postB  = "posting-b-00000002"
	sk1    = "13010-00000001"
	sk2    = "13010-00000002"
	skReg  = "13010-00000003"
	skNoMP = "13010-00000004"
)

// TestSelfApplication_ToHire [APP-4, APP-2, ACC-3, LOGIN-6]: a seeker self-applies
// through the portal; the employer lists the applicant, opens the detail with the
// posting version, registers 採用; the result is reported, the seeker's notice shows
// it, ACC-3's count drops to zero and the home counts one hire in 一般.
func TestSelfApplication_ToHire(t *testing.T) {
	h := newHarness(t, jst(2026, 6, 1, 10, 0))
	h.primary(estA)
	h.posting(postA, estA, nil)
	h.seeker(sk1, asv1.SeekerKind_SEEKER_KIND_ONLINE, true)
	id := h.selfApply(sk1, postA)

	ctx := h.as(employer(estA))
	list, err := h.client.ListApplicants(ctx, &asv1.ListApplicantsRequest{PostingId: postA})
	if err != nil || len(list.GetApplicants()) != 1 || list.GetApplicants()[0].GetApplicantId() != id {
		t.Fatalf("list: %v %v", list, err)
	}
	a := list.GetApplicants()[0]
	if a.GetChannel() != asv1.Channel_CHANNEL_ONLINE_SELF || a.GetDecision() != asv1.Decision_DECISION_UNSPECIFIED || a.GetSeekerAge() != 36 {
		t.Fatalf("applicant = %v", a)
	}
	d, err := h.client.GetApplicant(ctx, &asv1.GetApplicantRequest{ApplicantId: id})
	if err != nil {
		t.Fatal(err)
	}
	if d.GetPostingVersion().GetContent().GetJob().GetOccupation() != "一般事務" || d.GetLetter() != nil || d.GetMotivation() == "" {
		t.Fatalf("detail = %v", d)
	}
	pending, err := h.client.CountPendingSelfApplications(h.as(service("identity")), &asv1.CountPendingSelfApplicationsRequest{EstablishmentId: estA})
	if err != nil || pending.GetCount() != 1 {
		t.Fatalf("ACC-3 count = %v, %v; want 1", pending, err)
	}
	if _, err := h.client.RegisterSelectionResult(ctx, &asv1.RegisterSelectionResultRequest{ApplicantId: id,
		Result: &asv1.SelectionResultInput{Decision: asv1.Decision_DECISION_HIRED}}); reasonOf(err) != "VALIDATION_FAILED" {
		t.Fatalf("採用 without the condition mismatch answer: %v", err)
	}
	d, err = h.client.RegisterSelectionResult(ctx, &asv1.RegisterSelectionResultRequest{ApplicantId: id, Result: hired()})
	if err != nil || d.GetApplicant().GetDecision() != asv1.Decision_DECISION_HIRED || len(d.GetResults()) != 1 {
		t.Fatalf("register: %v %v", d, err)
	}
	var rec asv1.SelectionResultRecorded
	testkit.Eventually(t, 10*time.Second, func() bool { return h.events(&rec) == 1 }, "SelectionResultRecorded")
	if rec.GetReportToOfficeCode() != "1301" || !rec.GetNotifySeeker() || rec.GetDecision() != "HIRED" {
		t.Fatalf("event = %v", &rec)
	}
	pending, _ = h.client.CountPendingSelfApplications(h.as(service("identity")), &asv1.CountPendingSelfApplicationsRequest{EstablishmentId: estA})
	if pending.GetCount() != 0 {
		t.Fatalf("ACC-3 count after the result = %d", pending.GetCount())
	}
	home, err := h.client.GetHomeCounts(ctx, &asv1.GetHomeCountsRequest{})
	if err != nil || home.GetHires()[0].GetGroup() != "一般" || home.GetHires()[0].GetHired() != 1 {
		t.Fatalf("home = %v %v", home, err)
	}
	notices, err := h.portal.ListSelectionNotices(h.portalCtx(), &asv1.ListSelectionNoticesRequest{SeekerNumber: sk1})
	if err != nil || len(notices.GetNotices()) != 1 || notices.GetNotices()[0].GetHireDate() != "2026-07-01" {
		t.Fatalf("notices = %v %v", notices, err)
	}
	// A correction to 不採用 removes the hire; both versions are kept.
	d, err = h.client.CorrectSelectionResult(ctx, &asv1.CorrectSelectionResultRequest{ApplicantId: id,
		Result: &asv1.SelectionResultInput{Decision: asv1.Decision_DECISION_NOT_HIRED}})
	if err != nil || len(d.GetResults()) != 2 {
		t.Fatalf("correct: %v %v", d, err)
	}
	if home, _ = h.client.GetHomeCounts(ctx, &asv1.GetHomeCountsRequest{}); home.GetHires()[0].GetHired() != 0 {
		t.Fatalf("hires after the correction = %v", home)
	}
}

// TestIntake_Channels [APP-1, APP-4]: the channel rules as the portal and the counter
// meet them.
func TestIntake_Channels(t *testing.T) {
	h := newHarness(t, jst(2026, 6, 1, 10, 0))
	h.primary(estA)
	h.posting(postA, estA, nil)
	h.posting(postB, estA, func(c *jpv1.PostingConditions) { c.Scope = jpv1.Scope_SCOPE_ANONYMOUS })
	h.seeker(sk1, asv1.SeekerKind_SEEKER_KIND_ONLINE, true)
	h.seeker(skReg, asv1.SeekerKind_SEEKER_KIND_REGISTERED, true)
	h.seeker(skNoMP, asv1.SeekerKind_SEEKER_KIND_ONLINE, false)
	apply := func(n, p string, ch asv1.Channel) error {
		_, err := h.portal.ApplyOnline(h.portalCtx(), &asv1.ApplyOnlineRequest{SeekerNumber: n, PostingId: p, Channel: ch, Motivation: "志望動機です。"})
		return err
	}
	if err := apply(sk1, postB, asv1.Channel_CHANNEL_ONLINE_SELF); reasonOf(err) != "SELF_APPLICATION_NOT_ACCEPTED" {
		t.Errorf("self-application to scope 3: %v", err)
	}
	if err := apply(skNoMP, postA, asv1.Channel_CHANNEL_ONLINE_SELF); reasonOf(err) != "SEEKER_NO_MYPAGE" {
		t.Errorf("self-application without a MyPage: %v", err)
	}
	if err := apply(sk1, postA, asv1.Channel_CHANNEL_ONLINE_REFERRAL); reasonOf(err) != "ONLINE_REFERRAL_SEEKER_NOT_REGISTERED" {
		t.Errorf("online referral of an オンライン登録者: %v", err)
	}
	if err := apply(skReg, postA, asv1.Channel_CHANNEL_ONLINE_REFERRAL); reasonOf(err) != "ONLINE_REFERRAL_NOT_OFFERED" {
		t.Errorf("online referral without the office's offer: %v", err)
	}
	// The office sends the posting; the 利用登録者 applies online and gets a 紹介状; the
	// employer finds the 応募通知 in the thread.
	if _, err := h.client.OfferOnlineReferral(h.as(staff("1302")), &asv1.OfferOnlineReferralRequest{PostingId: postA, SeekerNumber: skReg,
		OfficeName: "ハローワーク品川"}); err != nil {
		t.Fatal(err)
	}
	res, err := h.portal.ApplyOnline(h.portalCtx(), &asv1.ApplyOnlineRequest{SeekerNumber: skReg, PostingId: postA,
		Channel: asv1.Channel_CHANNEL_ONLINE_REFERRAL})
	if err != nil || res.GetLetter().GetReferringOffice().GetCode() != "1302" {
		t.Fatalf("online referral: %v %v", res, err)
	}
	if err := apply(skReg, postA, asv1.Channel_CHANNEL_ONLINE_REFERRAL); reasonOf(err) != "APPLICATION_DUPLICATE" {
		t.Errorf("second application without a result: %v", err)
	}
	msgs, err := h.client.ListApplicantMessages(h.as(employer(estA)), &asv1.ListApplicantMessagesRequest{ApplicantId: res.GetApplicantId()})
	if err != nil || len(msgs.GetMessages()) != 1 || !strings.Contains(msgs.GetMessages()[0].GetBody(), "ハローワーク品川") {
		t.Fatalf("応募通知: %v %v", msgs, err)
	}
	// Counter referral by any office (APP-1): the 紹介状 without the staff member for the employer.
	a, err := h.client.ReferAtCounter(h.as(staff("2701")), &asv1.ReferAtCounterRequest{PostingId: postB, SeekerNumber: skNoMP,
		OfficeName: "ハローワーク大阪東", Selection: &asv1.Selection{Method: "面接", Place: "本社"}, Documents: "履歴書"})
	if err != nil || a.GetChannel() != asv1.Channel_CHANNEL_COUNTER_REFERRAL {
		t.Fatalf("counter referral: %v %v", a, err)
	}
	d, err := h.client.GetApplicant(h.as(employer(estA)), &asv1.GetApplicantRequest{ApplicantId: a.GetApplicantId()})
	if err != nil || d.GetLetter().GetReferringOffice().GetCode() != "2701" || d.GetLetter().GetReferringStaff() != "" ||
		!strings.HasPrefix(d.GetLetter().GetLetterNumber(), "2701-") {
		t.Fatalf("letter for the employer: %v %v", d.GetLetter(), err)
	}
	d, err = h.client.GetApplicant(h.as(staff("2701")), &asv1.GetApplicantRequest{ApplicantId: a.GetApplicantId()})
	if err != nil || d.GetLetter().GetReferringStaff() != "staff-2701" {
		t.Fatalf("letter for the referring office: %v %v", d.GetLetter(), err)
	}
	// Filters: channel and pending only; paging.
	page, err := h.client.ListApplicants(h.as(employer(estA)), &asv1.ListApplicantsRequest{Channels: []asv1.Channel{asv1.Channel_CHANNEL_COUNTER_REFERRAL}})
	if err != nil || len(page.GetApplicants()) != 1 {
		t.Fatalf("channel filter: %v %v", page, err)
	}
	page, err = h.client.ListApplicants(h.as(employer(estA)), &asv1.ListApplicantsRequest{PageSize: 1})
	if err != nil || len(page.GetApplicants()) != 1 || page.GetNextPageToken() == "" {
		t.Fatalf("page 1: %v %v", page, err)
	}
	page2, err := h.client.ListApplicants(h.as(employer(estA)), &asv1.ListApplicantsRequest{PageSize: 1, PageToken: page.GetNextPageToken()})
	if err != nil || len(page2.GetApplicants()) != 1 || page2.GetApplicants()[0].GetApplicantId() == page.GetApplicants()[0].GetApplicantId() {
		t.Fatalf("page 2: %v %v", page2, err)
	}
	if _, err := h.client.ListApplicants(h.as(employer(estA)), &asv1.ListApplicantsRequest{PageSize: 1, PageToken: page.GetNextPageToken(),
		PendingOnly: true}); reasonOf(err) != "PAGE_TOKEN_INVALID" {
		t.Errorf("a token of another filter: %v", err)
	}
}

// TestTenancy_EveryRPC: another establishment's employer, staff of an unrelated office
// and callers without the right credential never reach an applicant.
func TestTenancy_EveryRPC(t *testing.T) {
	h := newHarness(t, jst(2026, 6, 1, 10, 0))
	h.primary(estA)
	h.posting(postA, estA, nil)
	h.seeker(sk1, asv1.SeekerKind_SEEKER_KIND_ONLINE, true)
	id := h.selfApply(sk1, postA)
	other := h.as(employer(estB))
	_, err := h.client.GetApplicant(other, &asv1.GetApplicantRequest{ApplicantId: id})
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
	_, err = h.client.GetApplicant(h.as(staff("2701")), &asv1.GetApplicantRequest{ApplicantId: id})
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
	_, err = h.client.RegisterSelectionResult(other, &asv1.RegisterSelectionResultRequest{ApplicantId: id, Result: hired()})
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
	_, err = h.client.CorrectSelectionResult(other, &asv1.CorrectSelectionResultRequest{ApplicantId: id, Result: hired()})
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
	_, err = h.client.ListApplicantMessages(other, &asv1.ListApplicantMessagesRequest{ApplicantId: id})
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
	_, err = h.client.SendApplicantMessage(other, &asv1.SendApplicantMessageRequest{ApplicantId: id, Body: "こんにちは"})
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
	if l, err := h.client.ListApplicants(other, &asv1.ListApplicantsRequest{PostingId: postA}); err != nil || len(l.GetApplicants()) != 0 {
		t.Errorf("another establishment lists %v, %v", l, err)
	}
	if c, err := h.client.GetHomeCounts(other, &asv1.GetHomeCountsRequest{}); err != nil || c.GetNewMessages() != 0 {
		t.Errorf("another establishment's home %v, %v", c, err)
	}
	// The staff of the posting's office see it.
	if _, err := h.client.GetApplicant(h.as(staff("1301")), &asv1.GetApplicantRequest{ApplicantId: id}); err != nil {
		t.Errorf("the posting's office: %v", err)
	}
	// Only staff refer; only identity counts; only the portal's credential reaches the portal API.
	_, err = h.client.ReferAtCounter(h.as(employer(estA)), &asv1.ReferAtCounterRequest{PostingId: postA, SeekerNumber: sk1})
	wantCode(t, err, codes.PermissionDenied, "")
	_, err = h.client.CountPendingSelfApplications(h.as(employer(estA)), &asv1.CountPendingSelfApplicationsRequest{EstablishmentId: estA})
	wantCode(t, err, codes.PermissionDenied, "")
	for _, p := range []string{"identity", "job-posting"} {
		_, err = h.portal.RegisterSeeker(h.as(service(p)), &asv1.RegisterSeekerRequest{SeekerNumber: sk2, Kind: 1})
		wantCode(t, err, codes.PermissionDenied, "")
	}
	_, err = h.portal.ListSelectionNotices(h.as(employer(estA)), &asv1.ListSelectionNoticesRequest{SeekerNumber: sk1})
	wantCode(t, err, codes.PermissionDenied, "")
	// Another seeker's application through the portal answers NOT_FOUND.
	h.seeker(sk2, asv1.SeekerKind_SEEKER_KIND_ONLINE, true)
	_, err = h.portal.ListSeekerMessages(h.portalCtx(), &asv1.ListSeekerMessagesRequest{SeekerNumber: sk2, ApplicantId: id})
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
	// SEEK-1: employers only; the seeker portal's list only with its credential; another
	// establishment's posting is not theirs to send (search_test.go has the rest).
	for _, p := range []authn.Principal{staff("1301"), service("seeker-portal"), service("identity")} {
		_, err = h.client.SearchSeekers(h.as(p), &asv1.SearchSeekersRequest{})
		wantCode(t, err, codes.PermissionDenied, "")
		_, err = h.client.GetSeekerProfile(h.as(p), &asv1.GetSeekerProfileRequest{SeekerRef: "x"})
		wantCode(t, err, codes.PermissionDenied, "")
		_, err = h.client.SendDirectRequest(h.as(p), &asv1.SendDirectRequestRequest{SeekerRef: "x", PostingId: postA, Message: "x"})
		wantCode(t, err, codes.PermissionDenied, "")
		_, err = h.client.ListDirectRequests(h.as(p), &asv1.ListDirectRequestsRequest{})
		wantCode(t, err, codes.PermissionDenied, "")
	}
	_, err = h.client.SendDirectRequest(other, &asv1.SendDirectRequestRequest{SeekerRef: "x", PostingId: postA, Message: "x"})
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
	_, err = h.portal.ListSeekerDirectRequests(h.as(employer(estA)), &asv1.ListSeekerDirectRequestsRequest{SeekerNumber: sk1})
	wantCode(t, err, codes.PermissionDenied, "")
}

// TestCountUnresolvedApplicants [§2.4 S17]: the count job-posting asks before a stop,
// a cancellation or fewer openings: every channel of the posting without a result, of
// the caller's establishment only; no staff or service credential may ask.
func TestCountUnresolvedApplicants(t *testing.T) {
	h := newHarness(t, jst(2026, 6, 1, 10, 0))
	h.primary(estA)
	h.posting(postA, estA, nil)
	h.posting(postB, estA, nil)
	h.seeker(sk1, asv1.SeekerKind_SEEKER_KIND_ONLINE, true)
	h.seeker(sk2, asv1.SeekerKind_SEEKER_KIND_ONLINE, true)
	h.seeker(skNoMP, asv1.SeekerKind_SEEKER_KIND_ONLINE, false)
	decided := h.selfApply(sk1, postA)
	h.selfApply(sk2, postA)
	h.selfApply(sk1, postB)
	if _, err := h.client.ReferAtCounter(h.as(staff("2701")), &asv1.ReferAtCounterRequest{PostingId: postA, SeekerNumber: skNoMP,
		OfficeName: "ハローワーク大阪東"}); err != nil {
		t.Fatalf("counter referral: %v", err)
	}
	if _, err := h.client.RegisterSelectionResult(h.as(employer(estA)), &asv1.RegisterSelectionResultRequest{ApplicantId: decided,
		Result: &asv1.SelectionResultInput{Decision: asv1.Decision_DECISION_NOT_HIRED}}); err != nil {
		t.Fatalf("register: %v", err)
	}
	count := func(p authn.Principal, posting string) (int32, error) {
		res, err := h.client.CountUnresolvedApplicants(h.as(p), &asv1.CountUnresolvedApplicantsRequest{PostingId: posting})
		return res.GetCount(), err
	}
	cases := []struct {
		name    string
		caller  authn.Principal
		posting string
		want    int32
	}{
		{"self-application and counter referral without a result, the decided one left out", employer(estA), postA, 2},
		{"an additional account of the establishment", additional(estA, "acc-add-1"), postA, 2},
		{"another posting counts its own", employer(estA), postB, 1},
		{"another establishment's posting counts 0", employer(estB), postA, 0},
		{"an unknown posting counts 0", employer(estA), "posting-none", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if n, err := count(c.caller, c.posting); err != nil || n != c.want {
				t.Fatalf("count = %d, %v; want %d", n, err, c.want)
			}
		})
	}
	for _, p := range []authn.Principal{staff("1301"), service("identity"), service("job-posting"), service("seeker-portal")} {
		_, err := count(p, postA)
		wantCode(t, err, codes.PermissionDenied, "")
	}
}

// 雇用形態 and 賃金形態 are job-posting's enums on the API: a number the enum does not
// define (the old int32 fields took any) is refused by protovalidate on its field,
// before any rule runs; the domain keeps its own check behind it.
func TestCodes_UndefinedEnumValuesRefusedOnTheirField(t *testing.T) {
	h := newHarness(t, jst(2026, 6, 1, 10, 0))
	a := h.as(employer(estA))
	for name, c := range map[string]struct {
		field string
		call  func() error
	}{
		"search employment form": {"employment_form", func() error {
			_, err := h.client.SearchSeekers(a, &asv1.SearchSeekersRequest{EmploymentForm: 8})
			return err
		}},
		"search offered wage form": {"offered_wage.form", func() error {
			_, err := h.client.SearchSeekers(a, &asv1.SearchSeekersRequest{OfferedWage: &asv1.DesiredWage{Form: 4, Yen: 1000}})
			return err
		}},
		"hire's employment form": {"result.employment_form", func() error {
			_, err := h.client.RegisterSelectionResult(a, &asv1.RegisterSelectionResultRequest{ApplicantId: "a-1",
				Result: &asv1.SelectionResultInput{Decision: asv1.Decision_DECISION_HIRED, EmploymentForm: 8}})
			return err
		}},
		"profile employment forms": {"profile.employment_forms[1]", func() error {
			_, err := h.portal.RegisterSeeker(h.portalCtx(), &asv1.RegisterSeekerRequest{SeekerNumber: sk1,
				Profile: &asv1.Profile{EmploymentForms: []jpv1.EmploymentForm{jpv1.EmploymentForm_EMPLOYMENT_FORM_REGULAR, 9}}})
			return err
		}},
		"profile desired wage form": {"profile.desired_wage.form", func() error {
			_, err := h.portal.RegisterSeeker(h.portalCtx(), &asv1.RegisterSeekerRequest{SeekerNumber: sk1,
				Profile: &asv1.Profile{DesiredWage: &asv1.DesiredWage{Form: 4, Yen: 200000}}})
			return err
		}},
	} {
		t.Run(name, func(t *testing.T) {
			err := c.call()
			wantCode(t, err, codes.InvalidArgument, "INVALID_ARGUMENT")
			if fields := violationFields(err); !slices.Contains(fields, c.field) {
				t.Errorf("violations on %v, want one on %s", fields, c.field)
			}
		})
	}
}

func violationFields(err error) []string {
	st, _ := status.FromError(err)
	var out []string
	for _, d := range st.Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			for _, v := range br.GetFieldViolations() {
				out = append(out, v.GetField())
			}
		}
	}
	return out
}
