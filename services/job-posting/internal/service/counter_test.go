package service

import (
	"testing"

	"google.golang.org/grpc/codes"

	jpv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
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
