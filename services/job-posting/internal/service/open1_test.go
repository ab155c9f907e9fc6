package service

import (
	"context"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/authn"
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	jpv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/testkit"
)

// OPEN-1: a provisional account drafts and submits its first posting right after its
// establishment's provisional registration (the event gives the office); the posting
// records the submitting account, and the first MyPage posting of an establishment not
// opened at the counter must be followed by a counter visit within 14 days, moved back
// to the previous open day (§2.4): submitted 2026-04-15 → 4/29 (昭和の日) → 4/28.
func TestOpen1_ProvisionalAccountFirstPostingWithCounterVisit(t *testing.T) {
	h := newHarness(t, jst(2026, 4, 15, 10))
	ev, err := outbox.NewEvent("est-p", 1, h.Clock.Now(), &erv1.EstablishmentProvisionallyRegistered{EstablishmentId: "est-p",
		OwnerAccountId: "acc-prov", OwnerEmail: "prov@example.co.jp", Name: "仮登録商店", OfficeCode: "1301"})
	if err != nil {
		t.Fatal(err)
	}
	h.Publish(ev)
	testkit.Eventually(t, 10*time.Second, func() bool {
		var n int
		_ = h.Pool.QueryRow(context.Background(), `SELECT count(*) FROM establishments WHERE owner_account_id = 'acc-prov'`).Scan(&n)
		return n == 1
	}, "the provisional establishment in the read model")

	prov := h.As(context.Background(), authn.Principal{AccountID: "acc-prov", SessionID: "s-prov", Role: authn.RoleProvisional, Email: "prov@example.co.jp"})
	p := h.submitted(prov, nil)
	if p.GetEstablishmentId() != "est-p" || p.GetOfficeCode() != "1301" || p.GetSubmittedBy() != "acc-prov" {
		t.Fatalf("posting: %v", p)
	}
	if p.GetCounterVisitBy() != "2026-04-28" || len(p.GetCounterVisitReasons()) == 0 {
		t.Errorf("counter visit %q %v, want 2026-04-28", p.GetCounterVisitBy(), p.GetCounterVisitReasons())
	}
	st := h.as(staff("1301"))
	wl, err := h.client.ListPostingWorklist(st, &jpv1.ListPostingWorklistRequest{})
	if err != nil || len(wl.GetItems()) != 1 || wl.GetItems()[0].GetEstablishmentName() != "仮登録商店" ||
		wl.GetItems()[0].GetPosting().GetCounterVisitBy() != "2026-04-28" || !wl.GetItems()[0].GetEstablishmentProvisional() {
		t.Fatalf("worklist: %v %v", wl, err)
	}
	// Another provisional account sees nothing of it.
	other := h.As(context.Background(), authn.Principal{AccountID: "acc-other", SessionID: "s-o", Role: authn.RoleProvisional})
	_, err = h.client.GetPosting(other, &jpv1.GetPostingRequest{PostingId: p.GetPostingId()})
	if reasonOf(err) != "NOT_FOUND" {
		t.Errorf("another provisional account: %v", err)
	}
}
