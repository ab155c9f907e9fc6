package service

import (
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc/codes"

	jpv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/libs/testkit"
)

// JOB-1, JOB-2: a MyPage posting from draft to a result of the public search:
// submission (申込み中, event for 求人情報仮登録完了通知), the office's worklist ordered by
// the publication deadline with the overdue flag, acceptance with its 求人番号,
// publication, and the search.
func TestJob1Job2_SubmitAcceptPublishSearch(t *testing.T) {
	h := newHarness(t, jst(2026, 4, 30, 10)) // Thursday before Golden Week
	h.establishment("est-1", "株式会社テスト商事", "1301")
	emp := h.as(employer("est-1"))

	p := h.submitted(emp, nil)
	if p.GetState() != jpv1.PostingState_POSTING_STATE_PROVISIONAL || p.GetStatusLabel() != "申込み中" {
		t.Fatalf("after submit: %v %q", p.GetState(), p.GetStatusLabel())
	}
	// JOB-2: 2 open days after 4/30 across Golden Week (5/1 Fri open, 5/2-5/6 closed) → 5/7.
	if p.GetPublishBy() != "2026-05-07" {
		t.Errorf("publish_by = %s, want 2026-05-07", p.GetPublishBy())
	}
	var reg jpv1.PostingProvisionallyRegistered
	h.lastEvent(&reg, func() bool { return reg.GetPostingId() == p.GetPostingId() })
	if reg.GetSubmittedByEmail() != "est-1@example.co.jp" || reg.GetOfficeCode() != "1301" || reg.GetEstablishmentName() != "株式会社テスト商事" ||
		reg.GetOccupation() != "一般事務" {
		t.Errorf("event: %v", &reg)
	}

	st := h.as(staff("1301"))
	wl, err := h.client.ListPostingWorklist(st, &jpv1.ListPostingWorklistRequest{})
	if err != nil || len(wl.GetItems()) != 1 || wl.GetItems()[0].GetOverdue() || wl.GetItems()[0].GetEstablishmentName() != "株式会社テスト商事" {
		t.Fatalf("worklist: %v %v", wl, err)
	}
	h.Clock.Set(jst(2026, 5, 8, 9))
	st, emp = h.as(staff("1301")), h.as(employer("est-1")) // tokens are issued on the fake clock
	wl, _ = h.client.ListPostingWorklist(st, &jpv1.ListPostingWorklistRequest{})
	if len(wl.GetItems()) != 1 || !wl.GetItems()[0].GetOverdue() {
		t.Fatalf("worklist on 5/8 should flag the posting overdue: %v", wl)
	}

	acc, err := h.client.AcceptPosting(st, &jpv1.AcceptPostingRequest{PostingId: p.GetPostingId()})
	if err != nil {
		t.Fatal(err)
	}
	if acc.GetJobNumber() != "13010-00000001" || acc.GetAcceptedOn() != "2026-05-08" || acc.GetReferralDeadline() != "2026-07-31" {
		t.Fatalf("accepted: %s %s %s", acc.GetJobNumber(), acc.GetAcceptedOn(), acc.GetReferralDeadline())
	}
	var accEv jpv1.PostingAccepted
	h.lastEvent(&accEv, func() bool { return accEv.GetJobNumber() == "13010-00000001" })
	if accEv.GetSubmittedByEmail() != "est-1@example.co.jp" {
		t.Errorf("accepted event recipient: %q", accEv.GetSubmittedByEmail())
	}
	// applicant-selection's read model: the facts and the accepted content version 1.
	if c := accEv.GetConditions(); c.GetContentVersion() != 1 || c.GetJobNumber() != "13010-00000001" || c.GetOfficeCode() != "1301" ||
		c.GetScope() != 1 || !c.GetAcceptsSelfApplication() || c.GetContent().GetJob().GetOccupation() == "" ||
		c.GetState() != jpv1.PostingState_POSTING_STATE_ACCEPTED || c.GetSubmittedBy() == "" {
		t.Errorf("accepted event conditions: %v", c)
	}

	// Not published yet: the search does not show it.
	res, err := h.client.SearchPublishedPostings(t.Context(), &jpv1.SearchPublishedPostingsRequest{Keyword: "事務"})
	if err != nil || len(res.GetPostings()) != 0 {
		t.Fatalf("unpublished posting found: %v %v", res, err)
	}
	if _, err := h.client.PublishPosting(st, &jpv1.PublishPostingRequest{PostingId: p.GetPostingId()}); err != nil {
		t.Fatal(err)
	}
	res, err = h.client.SearchPublishedPostings(t.Context(), &jpv1.SearchPublishedPostingsRequest{Keyword: "事務", Prefecture: "13"})
	if err != nil || len(res.GetPostings()) != 1 {
		t.Fatalf("search: %v %v", res, err)
	}
	got := res.GetPostings()[0]
	if got.GetEstablishmentName() != "株式会社テスト商事" || got.GetJobNumber() != "13010-00000001" || got.GetOccupation() != "一般事務" {
		t.Errorf("result: %v", got)
	}
	// The FULL view carries the schema.org JobPosting too.
	full, err := h.client.SearchPublishedPostings(t.Context(), &jpv1.SearchPublishedPostingsRequest{Keyword: "事務",
		View: jpv1.PublicPostingView_PUBLIC_POSTING_VIEW_FULL})
	if err != nil || len(full.GetPostings()) != 1 || !strings.Contains(full.GetPostings()[0].GetJsonLd(), `"JobPosting"`) {
		t.Errorf("FULL view: %v %v", full, err)
	}
	// Filters that exclude it.
	for name, req := range map[string]*jpv1.SearchPublishedPostingsRequest{
		"keyword":      {Keyword: "介護"},
		"prefecture":   {Prefecture: "05"},
		"part time":    {TimeClass: jpv1.TimeClass_TIME_CLASS_PART_TIME},
		"min monthly":  {MinMonthlyWage: 260_000},
		"municipality": {Municipalities: []string{"13102", "13103"}},
	} {
		res, err := h.client.SearchPublishedPostings(t.Context(), req)
		if err != nil || len(res.GetPostings()) != 0 {
			t.Errorf("%s: %v %v", name, res, err)
		}
	}
	// Worklist: published postings leave it.
	wl, _ = h.client.ListPostingWorklist(st, &jpv1.ListPostingWorklistRequest{})
	if len(wl.GetItems()) != 0 {
		t.Errorf("worklist after publication: %v", wl)
	}
	// Staff lookup by 求人番号 (with or without the hyphen); another office finds nothing.
	for _, num := range []string{"13010-00000001", "1301000000001"} {
		lk, err := h.client.ListOfficePostings(st, &jpv1.ListOfficePostingsRequest{JobNumber: num})
		if err != nil || len(lk.GetPostings()) != 1 || lk.GetPostings()[0].GetPostingId() != p.GetPostingId() {
			t.Fatalf("lookup %s: %v %v", num, lk, err)
		}
	}
	lk, err := h.client.ListOfficePostings(h.as(staff("1302")), &jpv1.ListOfficePostingsRequest{JobNumber: "13010-00000001"})
	if err != nil || len(lk.GetPostings()) != 0 {
		t.Fatalf("lookup by another office: %v %v", lk, err)
	}
	_, err = h.client.ListOfficePostings(st, &jpv1.ListOfficePostingsRequest{JobNumber: "1301-1"})
	wantCode(t, err, codes.InvalidArgument, "JOB_NUMBER_INVALID")
	// JOB-4 lists and JOB-6 counts.
	list, err := h.client.ListPostings(emp, &jpv1.ListPostingsRequest{List: jpv1.PostingList_POSTING_LIST_VALID})
	if err != nil || len(list.GetPostings()) != 1 || list.GetCounts()[0].GetValid() != 1 {
		t.Fatalf("valid list: %v %v", list, err)
	}
}

// §2.3: scope 3 hides the establishment, scope 2 only for the seeker portal, scope 4
// is never published.
func TestSearch_ScopeRules(t *testing.T) {
	h := newHarness(t, jst(2026, 4, 1, 10))
	h.establishment("est-1", "株式会社スコープ", "1301")
	emp, st := h.as(employer("est-1")), h.as(staff("1301"))
	scoped := func(scope jpv1.Scope) *jpv1.Posting {
		p := h.submitted(emp, func(s []*jpv1.UpdatePostingSectionRequest) {
			c := s[0].GetCategory()
			c.Scope = scope
			if scope > 2 {
				c.OnlineApplication = 2
			}
		})
		if _, err := h.client.AcceptPosting(st, &jpv1.AcceptPostingRequest{PostingId: p.GetPostingId()}); err != nil {
			t.Fatal(err)
		}
		return p
	}
	p2, p3, p4 := scoped(2), scoped(3), scoped(4)
	for _, p := range []*jpv1.Posting{p2, p3} {
		if _, err := h.client.PublishPosting(st, &jpv1.PublishPostingRequest{PostingId: p.GetPostingId()}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := h.client.PublishPosting(st, &jpv1.PublishPostingRequest{PostingId: p4.GetPostingId()})
	wantCode(t, err, codes.FailedPrecondition, "PUBLICATION_SCOPE_PRIVATE")

	res, err := h.client.SearchPublishedPostings(t.Context(), &jpv1.SearchPublishedPostingsRequest{})
	if err != nil || len(res.GetPostings()) != 1 || res.GetPostings()[0].GetPostingId() != p3.GetPostingId() {
		t.Fatalf("public search shows only scope 3: %v %v", res, err)
	}
	full, err := h.client.SearchPublishedPostings(t.Context(), &jpv1.SearchPublishedPostingsRequest{View: jpv1.PublicPostingView_PUBLIC_POSTING_VIEW_FULL})
	if err != nil || len(full.GetPostings()) != 1 || full.GetPostings()[0].GetContent().GetJob().GetDescription() == "" {
		t.Fatalf("public search, FULL view: %v %v", full, err)
	}
	anon := full.GetPostings()[0]
	if anon.GetEstablishmentName() != "" || anon.GetContent().GetWorkplace().GetAddress() != "" ||
		anon.GetContent().GetSelection().GetContact().GetPhone() != "" || strings.Contains(anon.GetJsonLd(), "株式会社") {
		t.Errorf("scope 3 shows establishment-identifying data: %v", anon)
	}
	// The detail view: by id or 求人番号, the same scope rules; scope 2 and 4 answer NOT_FOUND.
	d, err := h.client.GetPublishedPosting(t.Context(), &jpv1.GetPublishedPostingRequest{PostingId: p3.GetPostingId()})
	if err != nil || d.GetEstablishmentName() != "" || !strings.Contains(d.GetJsonLd(), `"JobPosting"`) {
		t.Fatalf("detail of scope 3: %v %v", d, err)
	}
	if d2, err := h.client.GetPublishedPosting(t.Context(), &jpv1.GetPublishedPostingRequest{PostingId: strings.ReplaceAll(d.GetJobNumber(), "-", "")}); err != nil || d2.GetPostingId() != p3.GetPostingId() {
		t.Fatalf("detail by 求人番号: %v %v", d2, err)
	}
	for _, id := range []string{p2.GetPostingId(), p4.GetPostingId(), "missing"} {
		_, err := h.client.GetPublishedPosting(t.Context(), &jpv1.GetPublishedPostingRequest{PostingId: id})
		wantCode(t, err, codes.NotFound, "NOT_FOUND")
	}
	portal := h.As(t.Context(), seekerPortal())
	if d, err := h.client.GetPublishedPosting(portal, &jpv1.GetPublishedPostingRequest{PostingId: p2.GetPostingId()}); err != nil || d.GetEstablishmentName() != "株式会社スコープ" {
		t.Fatalf("the seeker portal's detail of scope 2: %v %v", d, err)
	}
	res, err = h.client.SearchPublishedPostings(portal, &jpv1.SearchPublishedPostingsRequest{})
	if err != nil || len(res.GetPostings()) != 2 {
		t.Fatalf("seeker portal sees scopes 2 and 3: %v %v", res, err)
	}
}

// §2.6: one yen below the minimum wage is an error naming the rate and the prefecture.
func TestMinimumWage_ErrorNamesRateAndPrefecture(t *testing.T) {
	h := newHarness(t, jst(2026, 4, 1, 10))
	h.establishment("est-1", "秋田商店", "0501")
	emp := h.as(employer("est-1"))
	p := h.draft(emp, func(s []*jpv1.UpdatePostingSectionRequest) {
		w := s[1].GetWorkplace()
		w.PostalCode, w.Municipality, w.Address = "010-0951", "05201", "山王3-1-7"
		// 時給 1 yen below Akita's rate in force on 2026-04-01.
		s[3].GetWage().Pay = &jpv1.Pay{Form: jpv1.PayForm_PAY_FORM_HOURLY, Base: &jpv1.Range{Lower: 1030}}
	})
	_, err := h.client.SubmitPosting(emp, &jpv1.SubmitPostingRequest{PostingId: p.GetPostingId()})
	wantCode(t, err, codes.InvalidArgument, "VALIDATION_FAILED")
	var found bool
	for _, v := range fieldViolations(err) {
		if v.GetReason() == "MINIMUM_WAGE_BELOW" {
			found = true
			ja := v.GetLocalizedMessage().GetMessage()
			if !strings.Contains(ja, "秋田県") || !strings.Contains(ja, "1,031円") {
				t.Errorf("%s: %s: want the prefecture and the rate named", v.GetField(), ja)
			}
			t.Logf("%s: %s", v.GetField(), ja)
		}
	}
	if !found {
		t.Fatalf("no MINIMUM_WAGE_BELOW among %v", fieldViolations(err))
	}
}

// Tenancy: another establishment's posting answers NOT_FOUND; staff of another office
// are refused likewise; the public cannot read a posting.
func TestTenancy_CrossTenantRefusals(t *testing.T) {
	h := newHarness(t, jst(2026, 4, 1, 10))
	h.establishment("est-1", "一の会社", "1301")
	h.establishment("est-2", "二の会社", "1302")
	p := h.submitted(h.as(employer("est-1")), nil)
	other := h.as(employer("est-2"))
	_, err := h.client.GetPosting(other, &jpv1.GetPostingRequest{PostingId: p.GetPostingId()})
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
	s := sections()[6]
	s.PostingId = p.GetPostingId()
	_, err = h.client.UpdatePostingSection(other, s)
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
	_, err = h.client.SubmitPosting(other, &jpv1.SubmitPostingRequest{PostingId: p.GetPostingId()})
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
	_, err = h.client.CreatePosting(other, &jpv1.CreatePostingRequest{ReuseOf: p.GetPostingId()})
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
	_, err = h.client.GetPosting(other, &jpv1.GetPostingRequest{PostingId: "no-such-id"})
	wantCode(t, err, codes.NotFound, "NOT_FOUND")

	wrongOffice := h.as(staff("1302"))
	_, err = h.client.AcceptPosting(wrongOffice, &jpv1.AcceptPostingRequest{PostingId: p.GetPostingId()})
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
	_, err = h.client.ReturnPosting(wrongOffice, &jpv1.ReturnPostingRequest{PostingId: p.GetPostingId(), Message: "x"})
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
	_, err = h.client.GetPosting(wrongOffice, &jpv1.GetPostingRequest{PostingId: p.GetPostingId()})
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
	wl, err := h.client.ListPostingWorklist(wrongOffice, &jpv1.ListPostingWorklistRequest{})
	if err != nil || len(wl.GetItems()) != 0 {
		t.Fatalf("another office's worklist: %v %v", wl, err)
	}
	// Roles: an employer cannot accept; the public cannot read.
	_, err = h.client.AcceptPosting(h.as(employer("est-1")), &jpv1.AcceptPostingRequest{PostingId: p.GetPostingId()})
	wantCode(t, err, codes.PermissionDenied, "")
	_, err = h.client.GetPosting(t.Context(), &jpv1.GetPostingRequest{PostingId: p.GetPostingId()})
	wantCode(t, err, codes.Unauthenticated, "")
}

// JOB-2: 修正依頼 with a message, then resubmission; rejection needs a message.
func TestJob2_ReturnResubmitReject(t *testing.T) {
	h := newHarness(t, jst(2026, 4, 1, 10))
	h.establishment("est-1", "一の会社", "1301")
	emp, st := h.as(employer("est-1")), h.as(staff("1301"))
	p := h.submitted(emp, nil)
	_, err := h.client.ReturnPosting(st, &jpv1.ReturnPostingRequest{PostingId: p.GetPostingId()})
	wantCode(t, err, codes.InvalidArgument, "OFFICE_MESSAGE_REQUIRED")
	r, err := h.client.ReturnPosting(st, &jpv1.ReturnPostingRequest{PostingId: p.GetPostingId(), Message: "仕事内容を詳しく"})
	if err != nil || r.GetState() != jpv1.PostingState_POSTING_STATE_RETURNED {
		t.Fatalf("return: %v %v", r, err)
	}
	var ret jpv1.PostingReturned
	h.lastEvent(&ret, func() bool { return ret.GetMessage() == "仕事内容を詳しく" })
	s := sections()[2]
	s.PostingId = p.GetPostingId()
	s.GetJob().Description = "書類作成、電話応対、データ入力、来客応対などの一般事務"
	if _, err := h.client.UpdatePostingSection(emp, s); err != nil {
		t.Fatal(err)
	}
	sub, err := h.client.SubmitPosting(emp, &jpv1.SubmitPostingRequest{PostingId: p.GetPostingId()})
	if err != nil || sub.GetPosting().GetState() != jpv1.PostingState_POSTING_STATE_PROVISIONAL {
		t.Fatalf("resubmit: %v %v", sub, err)
	}
	var res jpv1.PostingResubmitted
	h.lastEvent(&res, func() bool { return res.GetPostingId() == p.GetPostingId() })
	rj, err := h.client.RejectPosting(st, &jpv1.RejectPostingRequest{PostingId: p.GetPostingId(), Message: "雇用関係がない"})
	if err != nil || rj.GetState() != jpv1.PostingState_POSTING_STATE_REJECTED {
		t.Fatalf("reject: %v %v", rj, err)
	}
	var n int
	if err := h.Pool.QueryRow(t.Context(), `SELECT count(*) FROM audit_log WHERE subject_id = $1`, p.GetPostingId()).Scan(&n); err != nil || n != 3 {
		t.Errorf("audit entries = %d, %v; want 3 (refused return, return, reject)", n, err)
	}
}

// 求人番号: 8-digit serials unique per prefix under concurrent acceptances.
func TestAccept_JobNumbersUniqueUnderConcurrency(t *testing.T) {
	h := newHarness(t, jst(2026, 4, 1, 10))
	h.establishment("est-1", "一の会社", "1301")
	emp, st := h.as(employer("est-1")), h.as(staff("1301"))
	const n = 8
	ids := make([]string, n)
	for i := range ids {
		ids[i] = h.submitted(emp, nil).GetPostingId()
	}
	numbers := make([]string, n)
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := h.client.AcceptPosting(st, &jpv1.AcceptPostingRequest{PostingId: id})
			if err != nil {
				t.Errorf("accept %s: %v", id, err)
				return
			}
			numbers[i] = p.GetJobNumber()
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, num := range numbers {
		if seen[num] || !strings.HasPrefix(num, "13010-000000") {
			t.Errorf("numbers %v: duplicate or malformed %s", numbers, num)
		}
		seen[num] = true
	}
	for i := 1; i <= n; i++ {
		if !seen["13010-0000000"+string(rune('0'+i))] {
			t.Errorf("numbers %v: serial %d missing", numbers, i)
		}
	}
}

// Validity (§2.4): accepted 4/1 → 紹介期限日 6/30; the expiry job on the injected clock
// makes it invalid from 7/1 with an event.
func TestExpiry_InvalidAfterReferralDeadline(t *testing.T) {
	h := newHarness(t, jst(2026, 3, 30, 10))
	h.establishment("est-1", "一の会社", "1301")
	emp := h.as(employer("est-1"))
	p := h.submitted(emp, nil)
	h.Clock.Set(jst(2026, 4, 1, 10))
	st := h.as(staff("1301")) // tokens are issued on the fake clock
	acc, err := h.client.AcceptPosting(st, &jpv1.AcceptPostingRequest{PostingId: p.GetPostingId()})
	if err != nil || acc.GetReferralDeadline() != "2026-06-30" {
		t.Fatalf("accept: %v %v", acc, err)
	}
	h.Clock.Set(jst(2026, 6, 30, 23))
	emp = h.as(employer("est-1"))
	// On its last valid day the batch publishes it (accepted on an earlier day), and
	// the expiry job leaves it alone.
	testkit.Eventually(t, 10*time.Second, func() bool {
		g, err := h.client.GetPosting(emp, &jpv1.GetPostingRequest{PostingId: p.GetPostingId()})
		return err == nil && g.GetState() == jpv1.PostingState_POSTING_STATE_PUBLISHED
	}, "on its 紹介期限日 the posting is published and still valid")
	h.Clock.Set(jst(2026, 7, 1, 0))
	emp = h.as(employer("est-1"))
	testkit.Eventually(t, 10*time.Second, func() bool {
		g, err := h.client.GetPosting(emp, &jpv1.GetPostingRequest{PostingId: p.GetPostingId()})
		return err == nil && g.GetState() == jpv1.PostingState_POSTING_STATE_INVALID && g.GetInvalidFrom() == "2026-07-01"
	}, "the posting expires")
	var inv jpv1.PostingInvalidated
	h.lastEvent(&inv, func() bool { return inv.GetPostingId() == p.GetPostingId() })
	if inv.GetInvalidFrom() != "2026-07-01" || inv.GetCause() != "EXPIRED" || inv.GetJobNumber() != acc.GetJobNumber() {
		t.Errorf("event: %v", &inv)
	}
}

// JOB-5 renewal window (day 15 refused, day 14 allowed) and JOB-1 reuse.
func TestJob5Renewal_Job1Reuse(t *testing.T) {
	h := newHarness(t, jst(2026, 4, 1, 10))
	h.establishment("est-1", "一の会社", "1301")
	emp, st := h.as(employer("est-1")), h.as(staff("1301"))
	p := h.submitted(emp, nil)
	if _, err := h.client.AcceptPosting(st, &jpv1.AcceptPostingRequest{PostingId: p.GetPostingId()}); err != nil {
		t.Fatal(err)
	}
	h.Clock.Set(jst(2026, 6, 15, 10)) // 15 days before 6/30
	emp = h.as(employer("est-1"))
	_, err := h.client.CreatePosting(emp, &jpv1.CreatePostingRequest{RenewalOf: p.GetPostingId()})
	wantCode(t, err, codes.FailedPrecondition, "RENEWAL_TOO_EARLY")
	if !strings.Contains(errMessageJA(err), "2026年6月16日") {
		t.Errorf("the refusal names the first date: %v", err)
	}
	h.Clock.Set(jst(2026, 6, 16, 10))
	emp = h.as(employer("est-1"))
	rn, err := h.client.CreatePosting(emp, &jpv1.CreatePostingRequest{RenewalOf: p.GetPostingId()})
	if err != nil || rn.GetRenewalOf() != p.GetPostingId() || rn.GetContent().GetJob().GetOccupation() != "一般事務" {
		t.Fatalf("renewal: %v %v", rn, err)
	}
	_, err = h.client.CreatePosting(emp, &jpv1.CreatePostingRequest{RenewalOf: p.GetPostingId()})
	wantCode(t, err, codes.FailedPrecondition, "RENEWAL_ALREADY_RESERVED")
	ru, err := h.client.CreatePosting(emp, &jpv1.CreatePostingRequest{ReuseOf: p.GetPostingId()})
	if err != nil || ru.GetReusedFrom() != p.GetPostingId() || ru.GetState() != jpv1.PostingState_POSTING_STATE_DRAFT {
		t.Fatalf("reuse: %v %v", ru, err)
	}
}

// JOB-2: what staff accepted and did not publish is published by the batch on the next
// JST day; scope 4 stays unpublished (「非公開」).
func TestJob2_PublicationBatchNextDay(t *testing.T) {
	h := newHarness(t, jst(2026, 4, 1, 10))
	h.establishment("est-1", "一の会社", "1301")
	emp, st := h.as(employer("est-1")), h.as(staff("1301"))
	p1 := h.submitted(emp, nil)
	p4 := h.submitted(emp, func(s []*jpv1.UpdatePostingSectionRequest) {
		s[0].GetCategory().Scope, s[0].GetCategory().OnlineApplication = 4, 2
	})
	for _, p := range []*jpv1.Posting{p1, p4} {
		if _, err := h.client.AcceptPosting(st, &jpv1.AcceptPostingRequest{PostingId: p.GetPostingId()}); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(100 * time.Millisecond) // batch rounds on the day of acceptance
	if g, _ := h.client.GetPosting(emp, &jpv1.GetPostingRequest{PostingId: p1.GetPostingId()}); g.GetState() != jpv1.PostingState_POSTING_STATE_ACCEPTED {
		t.Fatalf("published on the day of acceptance: %v", g.GetState())
	}
	h.Clock.Set(jst(2026, 4, 2, 0))
	emp = h.as(employer("est-1"))
	testkit.Eventually(t, 10*time.Second, func() bool {
		g, err := h.client.GetPosting(emp, &jpv1.GetPostingRequest{PostingId: p1.GetPostingId()})
		return err == nil && g.GetState() == jpv1.PostingState_POSTING_STATE_PUBLISHED
	}, "the batch publishes the accepted posting")
	g, _ := h.client.GetPosting(emp, &jpv1.GetPostingRequest{PostingId: p4.GetPostingId()})
	if g.GetState() != jpv1.PostingState_POSTING_STATE_ACCEPTED || g.GetStatusLabel() != "非公開" {
		t.Errorf("scope 4: %v %q", g.GetState(), g.GetStatusLabel())
	}
}

// JOB-5: from 14 days before the 紹介期限日 the scheduled job tells the submitter once
// that the renewal can be reserved (PostingRenewalWindowOpened → notification's
// 求人情報更新受付開始通知); the day-15 boundary is the domain's
// TestNoteRenewalWindow_OncePerReferralDeadline.
func TestJob5_RenewalWindowAnnounced(t *testing.T) {
	h := newHarness(t, jst(2026, 4, 1, 10))
	h.establishment("est-1", "一の会社", "1301")
	emp, st := h.as(employer("est-1")), h.as(staff("1301"))
	p := h.submitted(emp, nil)
	acc, err := h.client.AcceptPosting(st, &jpv1.AcceptPostingRequest{PostingId: p.GetPostingId()})
	if err != nil {
		t.Fatal(err)
	}
	h.Clock.Set(jst(2026, 6, 16, 0))
	var ev jpv1.PostingRenewalWindowOpened
	h.lastEvent(&ev, func() bool { return ev.GetPostingId() == p.GetPostingId() })
	if ev.GetReferralDeadline() != "2026-06-30" || ev.GetRenewalOpensOn() != "2026-06-16" || ev.GetJobNumber() != acc.GetJobNumber() ||
		ev.GetSubmittedByEmail() != "est-1@example.co.jp" || ev.GetSubmittedBy() != "acc-est-1" || ev.GetEstablishmentName() != "一の会社" ||
		ev.GetOccupation() != "一般事務" {
		t.Errorf("event: %v", &ev)
	}
	testkit.Eventually(t, 10*time.Second, func() bool {
		var noticed *time.Time
		_ = h.Pool.QueryRow(t.Context(), `SELECT renewal_noticed_for FROM postings WHERE id = $1`, p.GetPostingId()).Scan(&noticed)
		return noticed != nil && noticed.Format(time.DateOnly) == "2026-06-30"
	}, "the notice is recorded for its 紹介期限日")
}
