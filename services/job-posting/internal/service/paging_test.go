package service

import (
	"testing"

	"google.golang.org/grpc/codes"

	jpv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
)

// JOB-4: 30 postings a page with a cursor; a token used with another filter is refused.
func TestJob4_ListPaging(t *testing.T) {
	h := newHarness(t, jst(2026, 4, 1, 10))
	h.establishment("est-1", "一の会社", "1301")
	emp := h.as(employer("est-1"))
	seen := map[string]bool{}
	for range 31 {
		p, err := h.client.CreatePosting(emp, &jpv1.CreatePostingRequest{})
		if err != nil {
			t.Fatal(err)
		}
		h.Clock.Advance(1) // distinct creation times
		seen[p.GetPostingId()] = false
	}
	first, err := h.client.ListPostings(emp, &jpv1.ListPostingsRequest{List: jpv1.PostingList_POSTING_LIST_APPLYING})
	if err != nil || len(first.GetPostings()) != 30 || first.GetNextPageToken() == "" {
		t.Fatalf("first page: %d %q %v", len(first.GetPostings()), first.GetNextPageToken(), err)
	}
	second, err := h.client.ListPostings(emp, &jpv1.ListPostingsRequest{List: jpv1.PostingList_POSTING_LIST_APPLYING, PageToken: first.GetNextPageToken()})
	if err != nil || len(second.GetPostings()) != 1 || second.GetNextPageToken() != "" {
		t.Fatalf("second page: %v %v", second, err)
	}
	for _, p := range append(first.GetPostings(), second.GetPostings()...) {
		if seen[p.GetPostingId()] {
			t.Errorf("%s listed twice", p.GetPostingId())
		}
		seen[p.GetPostingId()] = true
	}
	_, err = h.client.ListPostings(emp, &jpv1.ListPostingsRequest{List: jpv1.PostingList_POSTING_LIST_VALID, PageToken: first.GetNextPageToken()})
	wantCode(t, err, codes.InvalidArgument, "PAGE_TOKEN_INVALID")
	valid, err := h.client.ListPostings(emp, &jpv1.ListPostingsRequest{List: jpv1.PostingList_POSTING_LIST_VALID})
	if err != nil || len(valid.GetPostings()) != 0 {
		t.Fatalf("valid list: %v %v", valid, err)
	}
}

// The search sorts by wage with a cursor, and finds two-character words inside text.
func TestSearch_WageOrderPagingKeyword(t *testing.T) {
	h := newHarness(t, jst(2026, 4, 1, 10))
	h.establishment("est-1", "一の会社", "1301")
	emp, st := h.as(employer("est-1")), h.as(staff("1301"))
	for i, base := range []int32{240_000, 300_000, 260_000} {
		p := h.submitted(emp, func(s []*jpv1.UpdatePostingSectionRequest) {
			s[3].GetWage().Pay.Base = &jpv1.Range{Lower: base}
			if i == 2 {
				s[4].GetHours().TwoDaysOff = 2
			}
			if i == 1 {
				s[2].GetJob().Occupation, s[2].GetJob().Description = "介護職員", "特別養護老人ホームでの介護業務全般"
			}
		})
		if _, err := h.client.AcceptPosting(st, &jpv1.AcceptPostingRequest{PostingId: p.GetPostingId()}); err != nil {
			t.Fatal(err)
		}
		if _, err := h.client.PublishPosting(st, &jpv1.PublishPostingRequest{PostingId: p.GetPostingId()}); err != nil {
			t.Fatal(err)
		}
	}
	var wages []int32
	tok := ""
	for range 3 {
		res, err := h.client.SearchPublishedPostings(t.Context(), &jpv1.SearchPublishedPostingsRequest{Order: jpv1.SearchOrder_SEARCH_ORDER_WAGE, PageSize: 2, PageToken: tok,
			View: jpv1.PublicPostingView_PUBLIC_POSTING_VIEW_FULL})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range res.GetPostings() {
			wages = append(wages, p.GetContent().GetWage().GetPay().GetBase().GetLower())
		}
		if tok = res.GetNextPageToken(); tok == "" {
			break
		}
	}
	if len(wages) != 3 || wages[0] != 300_000 || wages[1] != 260_000 || wages[2] != 240_000 {
		t.Fatalf("wage order over pages: %v", wages)
	}
	res, err := h.client.SearchPublishedPostings(t.Context(), &jpv1.SearchPublishedPostingsRequest{Keyword: "介護"})
	if err != nil || len(res.GetPostings()) != 1 || res.GetPostings()[0].GetOccupation() != "介護職員" {
		t.Fatalf("keyword 介護: %v %v", res, err)
	}
	res, _ = h.client.SearchPublishedPostings(t.Context(), &jpv1.SearchPublishedPostingsRequest{TwoDaysOffEveryWeek: true, EducationNotRequired: true, ExperienceNotRequired: true})
	if len(res.GetPostings()) != 2 {
		t.Errorf("週休二日・学歴不問・経験不問: %d results", len(res.GetPostings()))
	}
	res, _ = h.client.SearchPublishedPostings(t.Context(), &jpv1.SearchPublishedPostingsRequest{MinMonthlyWage: 270_000})
	if len(res.GetPostings()) != 2 { // a + b: base plus the 20,000 yen allowance
		t.Errorf("min monthly 270,000: %d results", len(res.GetPostings()))
	}
}
