package service

import (
	"testing"

	"google.golang.org/grpc/codes"

	jpv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
)

// fullContent is sections() as one Content (a change application sends all eight).
func fullContent() *jpv1.Content {
	s := sections()
	return &jpv1.Content{Category: s[0].GetCategory(), Workplace: s[1].GetWorkplace(), Job: s[2].GetJob(), Wage: s[3].GetWage(),
		Hours: s[4].GetHours(), Benefits: s[5].GetBenefits(), Pr: s[6].GetPr(), Selection: s[7].GetSelection()}
}

// JOB-3: a change keeps the live content until the office accepts it; one pending
// application at a time; the defining fields cannot change; the extension is once and
// by a month; a stop ends the posting from the day of the office's acceptance.
func TestJob3_ChangeExtensionStop(t *testing.T) {
	h := newHarness(t, jst(2026, 4, 1, 10))
	h.establishment("est-1", "一の会社", "1301")
	emp, st := h.as(employer("est-1")), h.as(staff("1301"))
	p := h.submitted(emp, nil)
	id := p.GetPostingId()
	if _, err := h.client.AcceptPosting(st, &jpv1.AcceptPostingRequest{PostingId: id}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.PublishPosting(st, &jpv1.PublishPostingRequest{PostingId: id}); err != nil {
		t.Fatal(err)
	}

	// The defining fields cannot change.
	c := fullContent()
	c.Job.EmploymentForm = 2
	c.Job.NonRegularName = "契約社員"
	_, err := h.client.RequestPostingChange(emp, &jpv1.RequestPostingChangeRequest{PostingId: id, Content: c})
	wantCode(t, err, codes.FailedPrecondition, "CHANGE_NEEDS_NEW_POSTING")

	c = fullContent()
	c.Job.Occupation = "営業事務"
	ch, err := h.client.RequestPostingChange(emp, &jpv1.RequestPostingChangeRequest{PostingId: id, Content: c, Note: "職種名の変更"})
	if err != nil {
		t.Fatal(err)
	}
	if ch.GetPosting().GetContent().GetJob().GetOccupation() != "一般事務" || ch.GetPosting().GetPendingApplication() != "CHANGE" ||
		ch.GetPosting().GetStatusLabel() != "公開中（変更申請中）" {
		t.Fatalf("live content must stay until acceptance: %v", ch.GetPosting())
	}
	_, err = h.client.RequestPostingExtension(emp, &jpv1.RequestPostingExtensionRequest{PostingId: id})
	wantCode(t, err, codes.FailedPrecondition, "POSTING_APPLICATION_PENDING")
	wl, _ := h.client.ListPostingWorklist(st, &jpv1.ListPostingWorklistRequest{})
	if len(wl.GetItems()) != 1 || wl.GetItems()[0].GetPosting().GetPendingApplication() != "CHANGE" {
		t.Fatalf("the pending change is on the worklist: %v", wl)
	}
	_, err = h.client.RefusePostingApplication(st, &jpv1.RefusePostingApplicationRequest{PostingId: id})
	wantCode(t, err, codes.InvalidArgument, "OFFICE_MESSAGE_REQUIRED")
	acc, err := h.client.AcceptPostingApplication(st, &jpv1.AcceptPostingApplicationRequest{PostingId: id})
	if err != nil || acc.GetContent().GetJob().GetOccupation() != "営業事務" || acc.GetContentVersion() != 2 {
		t.Fatalf("change accepted: %v %v", acc, err)
	}
	var applied jpv1.PostingChangeApplied
	h.lastEvent(&applied, func() bool { return applied.GetPostingId() == id && applied.GetContentVersion() == 2 })
	if c := applied.GetConditions(); c.GetContentVersion() != 2 || c.GetContent().GetJob().GetOccupation() != "営業事務" {
		t.Errorf("change applied conditions: %v", c)
	}
	var versions int
	if err := h.Pool.QueryRow(t.Context(), `SELECT count(*) FROM posting_versions WHERE posting_id = $1`, id).Scan(&versions); err != nil || versions != 2 {
		t.Errorf("versions kept = %d, %v; want 2", versions, err)
	}
	res, _ := h.client.SearchPublishedPostings(t.Context(), &jpv1.SearchPublishedPostingsRequest{Keyword: "営業"})
	if len(res.GetPostings()) != 1 {
		t.Errorf("the search finds the changed content: %v", res)
	}

	// Extension: once, 6/30 → 7/31.
	if _, err := h.client.RequestPostingExtension(emp, &jpv1.RequestPostingExtensionRequest{PostingId: id}); err != nil {
		t.Fatal(err)
	}
	ext, err := h.client.AcceptPostingApplication(st, &jpv1.AcceptPostingApplicationRequest{PostingId: id})
	if err != nil || ext.GetReferralDeadline() != "2026-07-31" || !ext.GetExtended() {
		t.Fatalf("extension: %v %v", ext, err)
	}
	_, err = h.client.RequestPostingExtension(emp, &jpv1.RequestPostingExtensionRequest{PostingId: id})
	wantCode(t, err, codes.FailedPrecondition, "EXTENSION_ALREADY_USED")

	// Stop: invalid from the day the office accepts it.
	h.Clock.Set(jst(2026, 5, 20, 10))
	emp, st = h.as(employer("est-1")), h.as(staff("1301"))
	if _, err := h.client.RequestPostingStop(emp, &jpv1.RequestPostingStopRequest{PostingId: id, Note: "充足"}); err != nil {
		t.Fatal(err)
	}
	stopped, err := h.client.AcceptPostingApplication(st, &jpv1.AcceptPostingApplicationRequest{PostingId: id})
	if err != nil || stopped.GetState() != jpv1.PostingState_POSTING_STATE_INVALID || stopped.GetInvalidFrom() != "2026-05-20" ||
		stopped.GetStatusLabel() != "無効（募集停止）" {
		t.Fatalf("stop: %v %v", stopped, err)
	}
	var inv jpv1.PostingInvalidated
	h.lastEvent(&inv, func() bool { return inv.GetPostingId() == id && inv.GetCause() == "STOPPED" })
	res, _ = h.client.SearchPublishedPostings(t.Context(), &jpv1.SearchPublishedPostingsRequest{})
	if len(res.GetPostings()) != 0 {
		t.Errorf("a stopped posting is not searchable: %v", res)
	}
	// Other establishments cannot apply on it.
	h.establishment("est-2", "二の会社", "1301")
	_, err = h.client.RequestPostingStop(h.as(employer("est-2")), &jpv1.RequestPostingStopRequest{PostingId: id})
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
}

// An application not yet accepted can be withdrawn.
func TestWithdraw(t *testing.T) {
	h := newHarness(t, jst(2026, 4, 1, 10))
	h.establishment("est-1", "一の会社", "1301")
	emp := h.as(employer("est-1"))
	p := h.submitted(emp, nil)
	w, err := h.client.WithdrawPosting(emp, &jpv1.WithdrawPostingRequest{PostingId: p.GetPostingId()})
	if err != nil || w.GetState() != jpv1.PostingState_POSTING_STATE_WITHDRAWN || w.GetList() != jpv1.PostingList_POSTING_LIST_INVALID {
		t.Fatalf("withdraw: %v %v", w, err)
	}
	_, err = h.client.WithdrawPosting(emp, &jpv1.WithdrawPostingRequest{PostingId: p.GetPostingId()})
	wantCode(t, err, codes.FailedPrecondition, "INVALID_STATE")
}

// §2.4: staff bring the 紹介期限日 forward to a day from today up to the day before the
// current one; the expiry then follows the new date.
func TestBringForwardReferralDeadline(t *testing.T) {
	h := newHarness(t, jst(2026, 4, 1, 10))
	h.establishment("est-1", "一の会社", "1301")
	emp, st := h.as(employer("est-1")), h.as(staff("1301"))
	p := h.submitted(emp, nil)
	if _, err := h.client.AcceptPosting(st, &jpv1.AcceptPostingRequest{PostingId: p.GetPostingId()}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"2026-03-31", "2026-06-30", "2026-07-01"} {
		_, err := h.client.BringForwardReferralDeadline(st, &jpv1.BringForwardReferralDeadlineRequest{PostingId: p.GetPostingId(), ReferralDeadline: bad})
		wantCode(t, err, codes.InvalidArgument, "REFERRAL_DEADLINE_INVALID")
	}
	_, err := h.client.BringForwardReferralDeadline(h.as(staff("1302")), &jpv1.BringForwardReferralDeadlineRequest{PostingId: p.GetPostingId(), ReferralDeadline: "2026-05-15"})
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
	got, err := h.client.BringForwardReferralDeadline(st, &jpv1.BringForwardReferralDeadlineRequest{PostingId: p.GetPostingId(), ReferralDeadline: "2026-05-15"})
	if err != nil || got.GetReferralDeadline() != "2026-05-15" {
		t.Fatalf("bring forward: %v %v", got, err)
	}
}
