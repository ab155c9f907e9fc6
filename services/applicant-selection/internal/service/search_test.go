package service

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/encoding/protojson"

	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	jpv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/libs/testkit"
)

// publisher registers seeker number n through the portal with a published profile
// (validUntil: the registration's last day) and returns the request, whose personal
// data must never reach an employer.
func (h *harness) publisher(n int, validUntil, pr string) *asv1.RegisterSeekerRequest {
	h.t.Helper()
	req := &asv1.RegisterSeekerRequest{SeekerNumber: fmt.Sprintf("27010-%08d", n), Kind: asv1.SeekerKind_SEEKER_KIND_ONLINE,
		ValidUntil: validUntil, HasMypage: true, ContactOffice: &asv1.Office{Code: "2701", Name: "ハローワーク梅田"},
		Name: fmt.Sprintf("検索 花子%02d", n), Kana: "ケンサク ハナコ", BirthDate: "1991-05-05", Phone: fmt.Sprintf("080-1111-%04d", n),
		Email: fmt.Sprintf("hanako%02d@example.com", n), Address: "大阪市北区梅田1-1-1 検索ビル",
		Profile: &asv1.Profile{DesiredOccupations: []*asv1.Occupation{{Code: "25", Name: "一般事務"}}, DesiredPrefectures: []int32{27},
			EmploymentForms: []jpv1.EmploymentForm{jpv1.EmploymentForm_EMPLOYMENT_FORM_REGULAR},
			DesiredWage:     &asv1.DesiredWage{Form: jpv1.PayForm_PAY_FORM_MONTHLY, Yen: 220000}, Licences: []string{"日商簿記2級"},
			Education: 5, Pr: pr, ResidencePrefecture: 27, ResidenceMunicipality: "大阪市北区"}}
	if _, err := h.portal.RegisterSeeker(h.portalCtx(), req); err != nil {
		h.t.Fatalf("register seeker %d: %v", n, err)
	}
	return req
}

// TestSearch_PublishedAndValidOnly_SafeProjection (SEEK-1): the search is refused to an
// establishment without a valid posting; it finds only seekers who publish and whose
// registration is valid, folds the keyword (ひらがな → カタカナ), pages without repeats,
// and no answer carries a personal value of any seeker: name, kana, phone, e-mail,
// address, birth date or 求職番号.
func TestSearch_PublishedAndValidOnly_SafeProjection(t *testing.T) {
	h := newHarness(t, jst(2026, 6, 1, 10, 0))
	h.primary(estA)
	h.primary(estB)
	h.posting(postA, estA, nil)
	a, b := h.as(employer(estA)), h.as(employer(estB))

	seekers := []*asv1.RegisterSeekerRequest{
		h.publisher(1, "2027-03-31", "エクセルでの請求書作成が得意です。"),
		h.publisher(2, "2027-03-31", "エクセルと会計ソフトを使えます。"),
		h.publisher(3, "2026-05-31", "エクセルが得意です（登録の有効期限切れ）。"),
	}
	h.seeker(sk1, asv1.SeekerKind_SEEKER_KIND_ONLINE, true) // publishes nothing

	_, err := h.client.SearchSeekers(b, &asv1.SearchSeekersRequest{})
	wantCode(t, err, codes.FailedPrecondition, "SEEKER_SEARCH_NEEDS_VALID_POSTING")
	if !strings.Contains(localized(err), "有効中の求人") {
		t.Errorf("refusal message %q", localized(err))
	}

	var answers []string
	res, err := h.client.SearchSeekers(a, &asv1.SearchSeekersRequest{Keyword: "えくせる", PageSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	answers = append(answers, protojson.Format(res))
	if len(res.GetSeekers()) != 1 || res.GetNextPageToken() == "" {
		t.Fatalf("first page: %v", res)
	}
	first := res.GetSeekers()[0]
	res2, err := h.client.SearchSeekers(a, &asv1.SearchSeekersRequest{Keyword: "えくせる", PageSize: 1, PageToken: res.GetNextPageToken()})
	if err != nil {
		t.Fatal(err)
	}
	answers = append(answers, protojson.Format(res2))
	if len(res2.GetSeekers()) != 1 || res2.GetNextPageToken() != "" || res2.GetSeekers()[0].GetSeekerRef() == first.GetSeekerRef() {
		t.Fatalf("second page: %v (first %s)", res2, first.GetSeekerRef())
	}
	if first.GetAgeBand() != "35〜39歳" || first.GetContactOffice().GetName() != "ハローワーク梅田" || first.GetResidenceMunicipality() != "大阪市北区" {
		t.Errorf("projection %v", first)
	}
	for name, q := range map[string]*asv1.SearchSeekersRequest{
		"another prefecture":   {Prefecture: 13},
		"a licence not held":   {Licences: []string{"第一種運転免許"}},
		"an offer below":       {OfferedWage: &asv1.DesiredWage{Form: jpv1.PayForm_PAY_FORM_MONTHLY, Yen: 200000}},
		"an unrelated keyword": {Keyword: "溶接"},
	} {
		r, err := h.client.SearchSeekers(a, q)
		if err != nil || len(r.GetSeekers()) != 0 {
			t.Errorf("%s: %v %v", name, r, err)
		}
	}
	all, err := h.client.SearchSeekers(a, &asv1.SearchSeekersRequest{})
	if err != nil || len(all.GetSeekers()) != 2 {
		t.Fatalf("every searchable seeker: %v %v (the expired and the unpublished are never found)", all, err)
	}
	answers = append(answers, protojson.Format(all))
	d, err := h.client.GetSeekerProfile(a, &asv1.GetSeekerProfileRequest{SeekerRef: first.GetSeekerRef()})
	if err != nil {
		t.Fatal(err)
	}
	answers = append(answers, protojson.Format(d))
	_, err = h.client.GetSeekerProfile(b, &asv1.GetSeekerProfileRequest{SeekerRef: first.GetSeekerRef()})
	wantCode(t, err, codes.FailedPrecondition, "SEEKER_SEARCH_NEEDS_VALID_POSTING")
	_, err = h.client.GetSeekerProfile(a, &asv1.GetSeekerProfileRequest{SeekerRef: "no-such-ref"})
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
	for _, ans := range answers {
		for _, s := range seekers {
			for _, v := range []string{s.GetName(), s.GetKana(), s.GetPhone(), s.GetEmail(), s.GetAddress(), s.GetBirthDate(),
				s.GetSeekerNumber(), strings.ReplaceAll(s.GetSeekerNumber(), "-", ""), "梅田1-1-1"} {
				if strings.Contains(ans, v) {
					t.Errorf("an employer's answer carries %q: %s", v, ans)
				}
			}
		}
	}
	// A withdrawn profile leaves the search at once; its handle answers NOT_FOUND.
	seekers[0].Profile = nil
	if _, err := h.portal.RegisterSeeker(h.portalCtx(), seekers[0]); err != nil {
		t.Fatal(err)
	}
	left, err := h.client.SearchSeekers(a, &asv1.SearchSeekersRequest{})
	if err != nil || len(left.GetSeekers()) != 1 {
		t.Fatalf("after a withdrawal: %v %v", left, err)
	}
	for _, s := range all.GetSeekers() {
		if s.GetSeekerRef() == left.GetSeekers()[0].GetSeekerRef() {
			continue
		}
		_, err = h.client.GetSeekerProfile(a, &asv1.GetSeekerProfileRequest{SeekerRef: s.GetSeekerRef()})
		wantCode(t, err, codes.NotFound, "NOT_FOUND")
	}
}

// TestDirectRequest_TenPerPostingOncePerSeeker_ApplyThroughIt (SEEK-1): the 10th seeker
// of a posting gets a request, the 11th is refused, a seeker gets one request per
// posting, another establishment cannot use the posting, and the seeker who applies
// through a request arrives as an オンライン自主応募 that marks the request applied.
func TestDirectRequest_TenPerPostingOncePerSeeker_ApplyThroughIt(t *testing.T) {
	h := newHarness(t, jst(2026, 6, 1, 10, 0))
	h.primary(estA)
	h.primary(estB)
	h.posting(postA, estA, nil)
	h.posting(postB, estB, nil)
	a, b := h.as(employer(estA)), h.as(employer(estB))
	for n := 1; n <= 11; n++ {
		h.publisher(n, "2027-03-31", "事務の経験があります。")
	}
	all, err := h.client.SearchSeekers(a, &asv1.SearchSeekersRequest{PageSize: 50})
	if err != nil || len(all.GetSeekers()) != 11 {
		t.Fatalf("search: %v %v", all, err)
	}
	refs := make([]string, 0, 11)
	for _, s := range all.GetSeekers() {
		refs = append(refs, s.GetSeekerRef())
	}
	send := func(ref string) (*asv1.DirectRequest, error) {
		return h.client.SendDirectRequest(a, &asv1.SendDirectRequestRequest{SeekerRef: ref, PostingId: postA, Message: "ぜひご応募ください。"})
	}
	_, err = h.client.SendDirectRequest(b, &asv1.SendDirectRequestRequest{SeekerRef: refs[0], PostingId: postA, Message: "他社の求人です。"})
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
	_, err = h.client.SendDirectRequest(a, &asv1.SendDirectRequestRequest{SeekerRef: refs[0], PostingId: postA})
	wantCode(t, err, codes.InvalidArgument, "VALIDATION_FAILED")
	var first *asv1.DirectRequest
	for i := 0; i < 10; i++ {
		r, err := send(refs[i])
		if err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
		if i == 0 {
			first = r
		}
	}
	_, err = send(refs[10])
	wantCode(t, err, codes.FailedPrecondition, "DIRECT_REQUEST_LIMIT")
	_, err = send(refs[0])
	wantCode(t, err, codes.FailedPrecondition, "DIRECT_REQUEST_DUPLICATE")
	l, err := h.client.ListDirectRequests(a, &asv1.ListDirectRequestsRequest{PostingId: postA})
	if err != nil || len(l.GetDirectRequests()) != 10 || l.GetRemaining() != 0 {
		t.Fatalf("list: %v %v", l, err)
	}
	if l, err := h.client.ListDirectRequests(b, &asv1.ListDirectRequestsRequest{PostingId: postA}); err != nil || len(l.GetDirectRequests()) != 0 ||
		l.GetRemaining() != 10 {
		t.Errorf("another establishment lists %v %v", l, err)
	}
	testkit.Eventually(t, 10*time.Second, func() bool { return h.events(&asv1.DirectRequestSent{}) == 10 }, "10 DirectRequestSent events")

	// The seeker behind refs[0] sees the request and applies through it.
	var number string
	for n := 1; n <= 11 && number == ""; n++ {
		num := fmt.Sprintf("27010-%08d", n)
		rs, err := h.portal.ListSeekerDirectRequests(h.portalCtx(), &asv1.ListSeekerDirectRequestsRequest{SeekerNumber: num})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs.GetDirectRequests() {
			if r.GetDirectRequestId() == first.GetDirectRequestId() {
				number = num
				if r.GetJobNumber() == "" || r.GetMessage() != "ぜひご応募ください。" || r.GetStatus() != "SENT" {
					t.Errorf("the seeker's view %v", r)
				}
			}
		}
	}
	if number == "" {
		t.Fatal("no seeker sees the first request")
	}
	other := fmt.Sprintf("27010-%08d", 11) // another seeker (the refs are in random key order)
	if other == number {
		other = fmt.Sprintf("27010-%08d", 10)
	}
	_, err = h.portal.ApplyOnline(h.portalCtx(), &asv1.ApplyOnlineRequest{SeekerNumber: other, PostingId: postA,
		Channel: asv1.Channel_CHANNEL_ONLINE_SELF, Motivation: "応募します。", DirectRequestId: first.GetDirectRequestId()})
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
	res, err := h.portal.ApplyOnline(h.portalCtx(), &asv1.ApplyOnlineRequest{SeekerNumber: number, PostingId: postA,
		Channel: asv1.Channel_CHANNEL_ONLINE_SELF, Motivation: "リクエストを受けて応募します。", DirectRequestId: first.GetDirectRequestId()})
	if err != nil {
		t.Fatal(err)
	}
	d, err := h.client.GetApplicant(a, &asv1.GetApplicantRequest{ApplicantId: res.GetApplicantId()})
	if err != nil || d.GetApplicant().GetChannel() != asv1.Channel_CHANNEL_ONLINE_SELF {
		t.Fatalf("the applicant: %v %v", d, err)
	}
	l, err = h.client.ListDirectRequests(a, &asv1.ListDirectRequestsRequest{PostingId: postA})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range l.GetDirectRequests() {
		if r.GetDirectRequestId() == first.GetDirectRequestId() && (r.GetStatus() != "APPLIED" || r.GetApplicantId() != res.GetApplicantId()) {
			t.Errorf("the answered request %v", r)
		}
	}
	if c, err := h.client.CountPendingSelfApplications(h.as(service("identity")), &asv1.CountPendingSelfApplicationsRequest{EstablishmentId: estA}); err != nil ||
		c.GetCount() != 1 {
		t.Errorf("ACC-3 counts %v %v, want the self-application answering the request", c, err)
	}
}

// TestDirectRequest_Thread [MSG-1, SEEK-1, LOGIN-6]: a 直接リクエスト has its own
// thread, the request's message first; the seeker reads and answers it through the
// portal (MessageReceived to the sender's account, without an applicant); the employer
// reads it (new messages counted, then read) and answers; another establishment, staff
// and another seeker never reach it; once the seeker withdraws the profile the employer
// can no longer write; after the posting's result deadline the job purges it.
func TestDirectRequest_Thread(t *testing.T) {
	h := newHarness(t, jst(2026, 6, 1, 10, 0))
	h.primary(estA)
	h.posting(postA, estA, nil)
	a, b := h.as(employer(estA)), h.as(employer(estB))
	seeker := h.publisher(1, "2027-03-31", "介護の経験があります。")
	h.publisher(2, "2027-03-31", "営業の経験があります。")
	found, err := h.client.SearchSeekers(a, &asv1.SearchSeekersRequest{Keyword: "介護"})
	if err != nil || len(found.GetSeekers()) != 1 {
		t.Fatalf("search: %v %v", found, err)
	}
	r, err := h.client.SendDirectRequest(a, &asv1.SendDirectRequestRequest{SeekerRef: found.GetSeekers()[0].GetSeekerRef(), PostingId: postA,
		Message: "ぜひご応募ください。"})
	if err != nil {
		t.Fatal(err)
	}
	id := r.GetDirectRequestId()
	th, err := h.client.ListDirectRequestMessages(a, &asv1.ListDirectRequestMessagesRequest{DirectRequestId: id})
	if err != nil || len(th.GetMessages()) != 1 || th.GetMessages()[0].GetBody() != "ぜひご応募ください。" || th.GetWindow() != "SEND" {
		t.Fatalf("the request's thread: %v %v", th, err)
	}
	// Nobody else reaches it.
	_, err = h.client.ListDirectRequestMessages(b, &asv1.ListDirectRequestMessagesRequest{DirectRequestId: id})
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
	_, err = h.client.SendDirectRequestMessage(b, &asv1.SendDirectRequestMessageRequest{DirectRequestId: id, Body: "他社です。"})
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
	_, err = h.client.ListDirectRequestMessages(h.as(staff("1301")), &asv1.ListDirectRequestMessagesRequest{DirectRequestId: id})
	wantCode(t, err, codes.PermissionDenied, "")
	_, err = h.portal.ListSeekerDirectRequestMessages(h.portalCtx(), &asv1.ListSeekerDirectRequestMessagesRequest{
		SeekerNumber: fmt.Sprintf("27010-%08d", 2), DirectRequestId: id})
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
	_, err = h.portal.ListSeekerDirectRequestMessages(a, &asv1.ListSeekerDirectRequestMessagesRequest{SeekerNumber: seeker.GetSeekerNumber(),
		DirectRequestId: id})
	wantCode(t, err, codes.PermissionDenied, "")

	// The seeker reads and answers.
	st, err := h.portal.ListSeekerDirectRequestMessages(h.portalCtx(), &asv1.ListSeekerDirectRequestMessagesRequest{
		SeekerNumber: seeker.GetSeekerNumber(), DirectRequestId: id})
	if err != nil || len(st.GetMessages()) != 1 || st.GetMessages()[0].GetReadAt() == "" {
		t.Fatalf("the seeker's view: %v %v", st, err)
	}
	if _, err := h.portal.SendSeekerDirectRequestMessage(h.portalCtx(), &asv1.SendSeekerDirectRequestMessageRequest{
		SeekerNumber: seeker.GetSeekerNumber(), DirectRequestId: id, Body: "詳しく伺えますか。"}); err != nil {
		t.Fatal(err)
	}
	var got asv1.MessageReceived
	testkit.Eventually(t, 10*time.Second, func() bool { return h.events(&got) == 1 }, "MessageReceived")
	if got.GetDirectRequestId() != id || got.GetApplicantId() != "" || got.GetAccountId() != "acc-"+estA || got.GetJobNumber() == "" {
		t.Errorf("MessageReceived = %v", &got)
	}
	if c, _ := h.client.GetHomeCounts(a, &asv1.GetHomeCountsRequest{}); c.GetNewMessages() != 1 {
		t.Errorf("new messages = %d, want 1", c.GetNewMessages())
	}
	th, err = h.client.ListDirectRequestMessages(a, &asv1.ListDirectRequestMessagesRequest{DirectRequestId: id})
	if err != nil || len(th.GetMessages()) != 2 || th.GetMessages()[1].GetFrom() != "SEEKER" {
		t.Fatalf("the employer's view: %v %v", th, err)
	}
	if c, _ := h.client.GetHomeCounts(a, &asv1.GetHomeCountsRequest{}); c.GetNewMessages() != 0 {
		t.Errorf("new messages after reading = %d", c.GetNewMessages())
	}
	if _, err := h.client.SendDirectRequestMessage(a, &asv1.SendDirectRequestMessageRequest{DirectRequestId: id,
		Body: "仕事内容をご説明します。"}); err != nil {
		t.Fatal(err)
	}

	// The profile withdrawn: the employer stops, the seeker may still answer.
	seeker.Profile = nil
	if _, err := h.portal.RegisterSeeker(h.portalCtx(), seeker); err != nil {
		t.Fatal(err)
	}
	_, err = h.client.SendDirectRequestMessage(a, &asv1.SendDirectRequestMessageRequest{DirectRequestId: id, Body: "いかがでしょうか。"})
	wantCode(t, err, codes.FailedPrecondition, "SEEKER_PROFILE_NOT_PUBLISHED")
	if _, err := h.portal.SendSeekerDirectRequestMessage(h.portalCtx(), &asv1.SendSeekerDirectRequestMessageRequest{
		SeekerNumber: seeker.GetSeekerNumber(), DirectRequestId: id, Body: "今回は見送ります。"}); err != nil {
		t.Errorf("the seeker's answer after withdrawing: %v", err)
	}

	// Purged with the posting's other threads after the result deadline.
	h.invalidate(postA, "EXPIRED", "2026-07-01")
	h.Clock.Set(jst(2026, 10, 1, 0, 0))
	testkit.Eventually(t, 10*time.Second, func() bool {
		var n int
		_ = h.Pool.QueryRow(t.Context(), `SELECT count(*) FROM threads WHERE direct_request_id = $1`, id).Scan(&n)
		return n == 0
	}, "the request's thread purged")
	_, err = h.client.ListDirectRequestMessages(h.as(employer(estA)), &asv1.ListDirectRequestMessagesRequest{DirectRequestId: id})
	wantCode(t, err, codes.FailedPrecondition, "MESSAGE_THREAD_CLOSED")
}

// TestSearch_SeekerRefPerEstablishment (SEEK-1): two establishments searching the same
// seekers get different handles for the same seeker, so they cannot correlate it; a
// handle or a page token of one establishment is refused to the other (NOT_FOUND as for
// no seeker, PAGE_TOKEN_INVALID); the direct-request list names the seeker by the
// establishment's own handle.
func TestSearch_SeekerRefPerEstablishment(t *testing.T) {
	h := newHarness(t, jst(2026, 6, 1, 10, 0))
	h.primary(estA)
	h.primary(estB)
	h.posting(postA, estA, nil)
	h.posting(postB, estB, nil)
	a, b := h.as(employer(estA)), h.as(employer(estB))
	h.publisher(1, "2027-03-31", "介護の経験があります。")
	h.publisher(2, "2027-03-31", "営業の経験があります。")
	refOf := func(ctx context.Context, kw string) string {
		res, err := h.client.SearchSeekers(ctx, &asv1.SearchSeekersRequest{Keyword: kw})
		if err != nil || len(res.GetSeekers()) != 1 {
			t.Fatalf("search %s: %v %v", kw, res, err)
		}
		return res.GetSeekers()[0].GetSeekerRef()
	}
	refA, refB := refOf(a, "介護"), refOf(b, "介護")
	if refA == refB || refA != refOf(a, "介護") {
		t.Fatalf("handles of one seeker: A %q (again %q), B %q", refA, refOf(a, "介護"), refB)
	}
	if _, err := h.client.GetSeekerProfile(a, &asv1.GetSeekerProfileRequest{SeekerRef: refA}); err != nil {
		t.Fatalf("own handle: %v", err)
	}
	_, err := h.client.GetSeekerProfile(b, &asv1.GetSeekerProfileRequest{SeekerRef: refA})
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
	_, err = h.client.SendDirectRequest(b, &asv1.SendDirectRequestRequest{SeekerRef: refA, PostingId: postB, Message: "ご応募ください。"})
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
	page, err := h.client.SearchSeekers(a, &asv1.SearchSeekersRequest{PageSize: 1})
	if err != nil || page.GetNextPageToken() == "" {
		t.Fatalf("first page: %v %v", page, err)
	}
	_, err = h.client.SearchSeekers(b, &asv1.SearchSeekersRequest{PageSize: 1, PageToken: page.GetNextPageToken()})
	wantCode(t, err, codes.InvalidArgument, "PAGE_TOKEN_INVALID")
	if _, err := h.client.SendDirectRequest(b, &asv1.SendDirectRequestRequest{SeekerRef: refB, PostingId: postB,
		Message: "ご応募ください。"}); err != nil {
		t.Fatal(err)
	}
	l, err := h.client.ListDirectRequests(b, &asv1.ListDirectRequestsRequest{})
	if err != nil || len(l.GetDirectRequests()) != 1 || l.GetDirectRequests()[0].GetSeekerRef() != refB {
		t.Errorf("B's requests name the seeker %v %v, want B's handle %s", l, err, refB)
	}
}
