package service

import (
	"context"
	"slices"
	"testing"
	"time"

	"google.golang.org/grpc/codes"

	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	jpv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/testkit"
)

// JOB-2, other channels: staff enter a posting for an establishment of their office;
// its publication deadline is 7 open days after the day of application (4/24 → across
// 昭和の日 and Golden Week → 5/11), and no counter visit is asked for. Staff of another office can
// neither enter one for that establishment nor edit it.
func TestJob2_CounterChannelSevenOpenDays(t *testing.T) {
	h := newHarness(t, jst(2026, 4, 24, 10))
	h.establishment("est-1", "一の会社", "1301")
	st, other := h.as(staff("1301")), h.as(staff("1302"))
	_, err := h.client.CreateCounterPosting(other, &jpv1.CreateCounterPostingRequest{EstablishmentId: "est-1"})
	wantCode(t, err, codes.NotFound, "ESTABLISHMENT_NOT_FOUND")

	p, err := h.client.CreateCounterPosting(st, &jpv1.CreateCounterPostingRequest{EstablishmentId: "est-1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sections() {
		s.PostingId = p.GetPostingId()
		if _, err := h.client.UpdatePostingSection(other, s); reasonOf(err) != "NOT_FOUND" {
			t.Fatalf("staff of another office edits: %v", err)
		}
		if _, err := h.client.UpdatePostingSection(st, s); err != nil {
			t.Fatalf("save %T: %v", s.GetSection(), err)
		}
	}
	sub, err := h.client.SubmitPosting(st, &jpv1.SubmitPostingRequest{PostingId: p.GetPostingId()})
	if err != nil {
		t.Fatal(err)
	}
	got := sub.GetPosting()
	if got.GetPublishBy() != "2026-05-11" || got.GetCounterVisitBy() != "" || got.GetSubmittedBy() != "staff-1301" ||
		got.GetChannel() != jpv1.PostingChannel_POSTING_CHANNEL_COUNTER {
		t.Errorf("counter posting: publish_by %s, counter visit %q, submitted by %s, channel %s",
			got.GetPublishBy(), got.GetCounterVisitBy(), got.GetSubmittedBy(), got.GetChannel())
	}
	// Staff cannot edit the employer's own MyPage postings.
	mine := h.draft(h.as(employer("est-1")), nil)
	if mine.GetChannel() != jpv1.PostingChannel_POSTING_CHANNEL_MYPAGE {
		t.Errorf("MyPage draft channel %s", mine.GetChannel())
	}
	s := sections()[0]
	s.PostingId = mine.GetPostingId()
	_, err = h.client.UpdatePostingSection(st, s)
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
}

// JOB-2 with OPEN-2: an establishment registered at the counter without a login e-mail
// has no MyPage yet, but EstablishmentRegisteredAtCounter makes it known: staff enter a
// posting for it at once (7 open days), the worklist shows it registered (not 仮登録中),
// and its first MyPage posting, once a MyPage opens from the counter, asks no visit
// for being the first (§2.4). A replayed event changes nothing.
func TestJob2_CounterPostingForAnEstablishmentRegisteredAtCounter(t *testing.T) {
	h := newHarness(t, jst(2026, 4, 24, 10))
	registered := func(id, name string) {
		t.Helper()
		ev, err := outbox.NewEvent(id, 1, h.Clock.Now(), &erv1.EstablishmentRegisteredAtCounter{EstablishmentId: id,
			EstablishmentNumber: "1301-000001-0", Name: name, OfficeCode: "1301", OfficeName: "ハローワーク飯田橋"})
		if err != nil {
			t.Fatal(err)
		}
		h.Publish(ev)
		h.Publish(ev) // redelivered: the inbox and the upsert keep one row
		testkit.Eventually(t, 10*time.Second, func() bool {
			var n int
			_ = h.Pool.QueryRow(context.Background(), `SELECT count(*) FROM establishments WHERE id = $1`, id).Scan(&n)
			return n == 1
		}, "establishment %s in the read model", id)
	}
	registered("est-c", "窓口登録商店")
	st := h.as(staff("1301"))
	p, err := h.client.CreateCounterPosting(st, &jpv1.CreateCounterPostingRequest{EstablishmentId: "est-c"})
	if err != nil {
		t.Fatalf("counter posting for an establishment registered at the counter: %v", err)
	}
	for _, s := range sections() {
		s.PostingId = p.GetPostingId()
		if _, err := h.client.UpdatePostingSection(st, s); err != nil {
			t.Fatalf("save %T: %v", s.GetSection(), err)
		}
	}
	sub, err := h.client.SubmitPosting(st, &jpv1.SubmitPostingRequest{PostingId: p.GetPostingId()})
	if err != nil {
		t.Fatal(err)
	}
	if got := sub.GetPosting(); got.GetPublishBy() != "2026-05-11" || got.GetOfficeCode() != "1301" {
		t.Errorf("counter posting: publish_by %s office %s, want 2026-05-11 1301", got.GetPublishBy(), got.GetOfficeCode())
	}
	wl, err := h.client.ListPostingWorklist(st, &jpv1.ListPostingWorklistRequest{})
	if err != nil || len(wl.GetItems()) != 1 || wl.GetItems()[0].GetEstablishmentName() != "窓口登録商店" ||
		wl.GetItems()[0].GetEstablishmentProvisional() || wl.GetItems()[0].GetPosting().GetPublishBy() != "2026-05-11" {
		t.Fatalf("worklist: %v %v", wl, err)
	}

	registered("est-d", "窓口登録二号店")
	mine := h.submitted(h.as(employer("est-d")), nil)
	if slices.Contains(mine.GetCounterVisitReasons(), "求人者マイページからの初めての求人") {
		t.Errorf("first MyPage posting of a counter-registered establishment asks a visit: %v", mine.GetCounterVisitReasons())
	}
}
