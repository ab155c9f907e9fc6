package service

import (
	"testing"
	"time"

	"google.golang.org/grpc/codes"

	jpv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/libs/testkit"
)

// Publication hold (§2.4): Akita's rate rises from 951 to 1,031 yen on 2026-03-31. A
// posting paying 1,000 yen an hour passes the check on 3/20 (with the warning
// MINIMUM_WAGE_BELOW_COMING confirmed), is published, and is held by the scheduled check
// once the revision is within a week; it leaves the search; a change raising the pay
// lifts the hold.
func TestPublicationHold_BeforeMinimumWageRevision(t *testing.T) {
	h := newHarness(t, jst(2026, 3, 20, 10))
	h.establishment("est-a", "秋田商店", "0501")
	emp, st := h.as(employer("est-a")), h.as(staff("0501"))
	akita := func(s []*jpv1.UpdatePostingSectionRequest) {
		w := s[1].GetWorkplace()
		w.PostalCode, w.Municipality, w.Address = "010-0951", "05201", "山王3-1-7"
		s[3].GetWage().Pay = &jpv1.Pay{Form: jpv1.PayForm_PAY_FORM_HOURLY, Base: &jpv1.Range{Lower: 1000}}
	}
	p := h.draft(emp, akita)
	_, err := h.client.SubmitPosting(emp, &jpv1.SubmitPostingRequest{PostingId: p.GetPostingId()})
	if reasonOf(err) != "WARNINGS_NOT_CONFIRMED" {
		t.Fatalf("want the coming-rate warning to confirm, got %v", err)
	}
	var confirm []string
	for _, v := range fieldViolations(err) {
		confirm = append(confirm, v.GetReason()+"@"+v.GetField())
	}
	sub, err := h.client.SubmitPosting(emp, &jpv1.SubmitPostingRequest{PostingId: p.GetPostingId(), ConfirmedWarnings: confirm})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, w := range sub.GetWarnings() {
		found = found || w.GetReason() == "MINIMUM_WAGE_BELOW_COMING"
	}
	if !found {
		t.Fatalf("warnings %v lack MINIMUM_WAGE_BELOW_COMING", sub.GetWarnings())
	}
	id := p.GetPostingId()
	if _, err := h.client.AcceptPosting(st, &jpv1.AcceptPostingRequest{PostingId: id}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.PublishPosting(st, &jpv1.PublishPostingRequest{PostingId: id}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // job rounds while the revision is more than a week away
	if g, _ := h.client.GetPosting(emp, &jpv1.GetPostingRequest{PostingId: id}); g.GetState() != jpv1.PostingState_POSTING_STATE_PUBLISHED {
		t.Fatalf("held too early: %v", g.GetState())
	}

	h.Clock.Set(jst(2026, 3, 24, 1)) // 3/31 is within 7 days
	emp, st = h.as(employer("est-a")), h.as(staff("0501"))
	testkit.Eventually(t, 10*time.Second, func() bool {
		g, err := h.client.GetPosting(emp, &jpv1.GetPostingRequest{PostingId: id})
		return err == nil && g.GetState() == jpv1.PostingState_POSTING_STATE_HELD
	}, "the posting is held")
	var held jpv1.PostingHeld
	h.lastEvent(&held, func() bool { return held.GetPostingId() == id })
	if held.GetRate() != 1031 || held.GetEffectiveFrom() != "2026-03-31" || held.GetPrefecture() != "05" {
		t.Errorf("event: %v", &held)
	}
	res, _ := h.client.SearchPublishedPostings(t.Context(), &jpv1.SearchPublishedPostingsRequest{})
	if len(res.GetPostings()) != 0 {
		t.Errorf("a held posting is not searchable: %v", res)
	}
	_, err = h.client.PublishPosting(st, &jpv1.PublishPostingRequest{PostingId: id})
	wantCode(t, err, codes.FailedPrecondition, "PUBLICATION_HELD")

	c := fullContent()
	c.Workplace.PostalCode, c.Workplace.Municipality, c.Workplace.Address = "010-0951", "05201", "山王3-1-7"
	c.Wage.Pay = &jpv1.Pay{Form: jpv1.PayForm_PAY_FORM_HOURLY, Base: &jpv1.Range{Lower: 1100}}
	if _, err := h.client.RequestPostingChange(emp, &jpv1.RequestPostingChangeRequest{PostingId: id, Content: c}); err != nil {
		t.Fatal(err)
	}
	rel, err := h.client.AcceptPostingApplication(st, &jpv1.AcceptPostingApplicationRequest{PostingId: id})
	if err != nil || rel.GetState() != jpv1.PostingState_POSTING_STATE_PUBLISHED {
		t.Fatalf("the change lifts the hold: %v %v", rel, err)
	}
	var applied jpv1.PostingChangeApplied
	h.lastEvent(&applied, func() bool { return applied.GetPostingId() == id && applied.GetHoldReleased() })
}
