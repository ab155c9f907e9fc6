package service

import (
	"context"
	"strings"
	"testing"
	"time"

	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	jpv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/testkit"
)

// The search answers from search_postings, written in the posting's own transaction:
// a row appears on publication, leaves with the posting's publication (stop), and its
// pre-rendered card follows the establishment's name.
func TestSearchProjection_FollowsThePosting(t *testing.T) {
	h := newHarness(t, jst(2026, 4, 1, 10))
	h.establishment("est-1", "一の会社", "1301")
	emp, st := h.as(employer("est-1")), h.as(staff("1301"))
	p := h.submitted(emp, nil)
	rows := func() int {
		var n int
		if err := h.Pool.QueryRow(context.Background(), `SELECT count(*) FROM search_postings WHERE id = $1`, p.GetPostingId()).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if _, err := h.client.AcceptPosting(st, &jpv1.AcceptPostingRequest{PostingId: p.GetPostingId()}); err != nil {
		t.Fatal(err)
	}
	if rows() != 0 {
		t.Fatal("an accepted, unpublished posting has a search row")
	}
	if _, err := h.client.PublishPosting(st, &jpv1.PublishPostingRequest{PostingId: p.GetPostingId()}); err != nil {
		t.Fatal(err)
	}
	res, err := h.client.SearchPublishedPostings(t.Context(), &jpv1.SearchPublishedPostingsRequest{Keyword: "事務",
		View: jpv1.PublicPostingView_PUBLIC_POSTING_VIEW_FULL})
	if err != nil || len(res.GetPostings()) != 1 {
		t.Fatalf("search after publication: %v %v", res, err)
	}
	full := res.GetPostings()[0]
	if full.GetEstablishmentName() != "一の会社" || full.GetJobNumber() == "" || full.GetJsonLd() == "" ||
		full.GetContent().GetWorkplace().GetAddress() != "霞が関1-2-2" || full.GetContent().GetSelection().GetDocuments() == "" ||
		full.GetWage().GetTotal().GetLower() != 250_000 {
		t.Fatalf("FULL view: %v", full)
	}
	// The default BASIC view is the list card: the same ids, labels and pay, no long
	// texts, no JSON-LD.
	res, err = h.client.SearchPublishedPostings(t.Context(), &jpv1.SearchPublishedPostingsRequest{Keyword: "事務"})
	if err != nil || len(res.GetPostings()) != 1 {
		t.Fatalf("search after publication: %v %v", res, err)
	}
	card := res.GetPostings()[0]
	if card.GetPostingId() != p.GetPostingId() || card.GetJobNumber() != full.GetJobNumber() || card.GetEstablishmentName() != "一の会社" ||
		card.GetOccupation() != "一般事務" || card.GetMunicipality() != "13101" || card.GetNearestStation() != "霞ケ関駅" ||
		card.GetTimeClassLabel() == "" || card.GetOpenings() != 2 || len(card.GetFeatures()) != 1 ||
		card.GetWage().GetTotal().GetLower() != 250_000 || card.GetEmploymentFormLabel() == "" || card.GetReferralDeadline() == "" {
		t.Fatalf("BASIC card lacks what the list shows: %v", card)
	}
	if card.GetJsonLd() != "" || card.GetContent() != nil {
		t.Fatalf("BASIC card carries the detail's content: %v", card)
	}
	if full.GetOccupation() != "一般事務" || full.GetMunicipality() != "13101" {
		t.Fatalf("FULL view lacks the card's fields: %v", full)
	}

	// The establishment's new name reaches the stored card (ChangeApplied, in the
	// consumer's transaction).
	ev, err := outbox.NewEvent("est-1", 2, h.Clock.Now(), &erv1.EstablishmentChangeApplied{EstablishmentId: "est-1", OfficeCode: "1301",
		Profile: &erv1.EstablishmentProfile{Basic: &erv1.EstablishmentBasic{Name: "一の会社 新社名"}}})
	if err != nil {
		t.Fatal(err)
	}
	h.Publish(ev)
	testkit.Eventually(t, 10*time.Second, func() bool {
		res, err := h.client.SearchPublishedPostings(t.Context(), &jpv1.SearchPublishedPostingsRequest{View: jpv1.PublicPostingView_PUBLIC_POSTING_VIEW_FULL})
		return err == nil && len(res.GetPostings()) == 1 && res.GetPostings()[0].GetEstablishmentName() == "一の会社 新社名" &&
			strings.Contains(res.GetPostings()[0].GetJsonLd(), "一の会社 新社名")
	}, "the card carries the new name")

	// Stop recruitment (JOB-3) accepted by the office: the posting leaves the search.
	if _, err := h.client.RequestPostingStop(emp, &jpv1.RequestPostingStopRequest{PostingId: p.GetPostingId(), Note: "充足"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.AcceptPostingApplication(st, &jpv1.AcceptPostingApplicationRequest{PostingId: p.GetPostingId()}); err != nil {
		t.Fatal(err)
	}
	if rows() != 0 {
		t.Fatal("a stopped posting keeps its search row")
	}
	res, _ = h.client.SearchPublishedPostings(t.Context(), &jpv1.SearchPublishedPostingsRequest{})
	if len(res.GetPostings()) != 0 {
		t.Fatalf("a stopped posting is still found: %v", res)
	}
}

// A frequent keyword (here: every posting's, once the statistics say so) is matched by
// walking the publication order and checking the text instead of the bigram index;
// both plans find the same postings, two-character words inside longer text included.
func TestSearch_FrequentKeywordWalksThePublicationOrder(t *testing.T) {
	h := newHarness(t, jst(2026, 4, 1, 10))
	h.establishment("est-1", "一の会社", "1301")
	emp, st := h.as(employer("est-1")), h.as(staff("1301"))
	for i := range 3 {
		p := h.submitted(emp, func(s []*jpv1.UpdatePostingSectionRequest) {
			if i == 0 {
				s[2].GetJob().Occupation, s[2].GetJob().Description = "介護職員", "特別養護老人ホームでの介護業務と事務"
			}
		})
		if _, err := h.client.AcceptPosting(st, &jpv1.AcceptPostingRequest{PostingId: p.GetPostingId()}); err != nil {
			t.Fatal(err)
		}
		if _, err := h.client.PublishPosting(st, &jpv1.PublishPostingRequest{PostingId: p.GetPostingId()}); err != nil {
			t.Fatal(err)
		}
	}
	// Statistics before the first search: the repository reads them once.
	if _, err := h.Pool.Exec(t.Context(), `ANALYZE search_postings`); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		keyword string
		want    int
	}{{"事務", 3}, {"介護 事務", 1}, {"介護", 1}, {"経理", 0}} {
		res, err := h.client.SearchPublishedPostings(t.Context(), &jpv1.SearchPublishedPostingsRequest{Keyword: c.keyword})
		if err != nil || len(res.GetPostings()) != c.want {
			t.Errorf("keyword %q: %d results (%v), want %d", c.keyword, len(res.GetPostings()), err, c.want)
		}
	}
}
