package service

import (
	"fmt"
	"slices"
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

// §2.4 (S17): a stop, a cancellation or a change lowering 採用人数 is refused while
// applicant-selection counts applicants without a selection result, with the count in
// the Japanese message; applicant-selection unreachable refuses them (fails closed);
// an extension, a change keeping 採用人数, and the domain's own refusals never ask.
func TestSelectionResultsFirst_StopCancelAndFewerOpenings(t *testing.T) {
	h := newHarness(t, jst(2026, 4, 1, 10))
	h.establishment("est-1", "一の会社", "1301")
	emp, st := h.as(employer("est-1")), h.as(staff("1301"))
	published := func() string {
		id := h.submitted(emp, nil).GetPostingId()
		if _, err := h.client.AcceptPosting(st, &jpv1.AcceptPostingRequest{PostingId: id}); err != nil {
			t.Fatal(err)
		}
		if _, err := h.client.PublishPosting(st, &jpv1.PublishPostingRequest{PostingId: id}); err != nil {
			t.Fatal(err)
		}
		return id
	}
	change := func(openings int32) func(string) error {
		return func(id string) error {
			c := fullContent() // 採用人数 2 live
			c.Category.Openings = openings
			_, err := h.client.RequestPostingChange(emp, &jpv1.RequestPostingChangeRequest{PostingId: id, Content: c})
			return err
		}
	}
	stop := func(id string) error {
		_, err := h.client.RequestPostingStop(emp, &jpv1.RequestPostingStopRequest{PostingId: id, Note: "充足"})
		return err
	}
	cancel := func(id string) error {
		_, err := h.client.RequestPostingCancellation(emp, &jpv1.RequestPostingCancellationRequest{PostingId: id})
		return err
	}
	extend := func(id string) error {
		_, err := h.client.RequestPostingExtension(emp, &jpv1.RequestPostingExtensionRequest{PostingId: id})
		return err
	}
	cases := []struct {
		name       string
		request    func(string) error
		unresolved int
		down       bool
		code       codes.Code
		reason     string
		asked      bool
	}{
		{"stop with 2 unresolved applicants", stop, 2, false, codes.FailedPrecondition, "SELECTION_RESULTS_PENDING", true},
		{"cancellation with 1 unresolved applicant", cancel, 1, false, codes.FailedPrecondition, "SELECTION_RESULTS_PENDING", true},
		{"change 2 → 1 openings with 3 unresolved", change(1), 3, false, codes.FailedPrecondition, "SELECTION_RESULTS_PENDING", true},
		{"stop with every result registered", stop, 0, false, codes.OK, "", true},
		{"cancellation with every result registered", cancel, 0, false, codes.OK, "", true},
		{"change 2 → 1 with every result registered", change(1), 0, false, codes.OK, "", true},
		{"change keeping 2 openings does not ask", change(2), 3, false, codes.OK, "", false},
		{"change raising to 3 openings does not ask", change(3), 3, true, codes.OK, "", false},
		{"extension does not ask", extend, 3, true, codes.OK, "", false},
		{"stop with applicant-selection unreachable", stop, 0, true, codes.Unavailable, "SELECTION_CHECK_UNAVAILABLE", true},
		{"change 2 → 1 with applicant-selection unreachable", change(1), 0, true, codes.Unavailable, "SELECTION_CHECK_UNAVAILABLE", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			id := published()
			h.sel.set(id, c.unresolved, c.down)
			err := c.request(id)
			wantCode(t, err, c.code, c.reason)
			if c.reason == "SELECTION_RESULTS_PENDING" {
				want := fmt.Sprintf("選考結果が未登録の応募者が%d名います。先に選考結果を登録してください。", c.unresolved)
				if got := errMessageJA(err); got != want {
					t.Errorf("message %q, want %q", got, want)
				}
			}
			h.sel.mu.Lock()
			asked := slices.Contains(h.sel.asked, id)
			h.sel.mu.Unlock()
			if asked != c.asked {
				t.Errorf("applicant-selection asked = %v, want %v", asked, c.asked)
			}
			got, err := h.client.GetPosting(emp, &jpv1.GetPostingRequest{PostingId: id})
			if pending := got.GetPendingApplication() != ""; err != nil || pending != (c.code == codes.OK) {
				t.Errorf("pending application %q after %v (%v)", got.GetPendingApplication(), c.code, err)
			}
		})
	}
	// The domain's own refusal comes first: a second stop answers
	// POSTING_APPLICATION_PENDING even while applicant-selection is down.
	id := published()
	h.sel.set(id, 0, false)
	if err := stop(id); err != nil {
		t.Fatal(err)
	}
	h.sel.set(id, 0, true)
	wantCode(t, stop(id), codes.FailedPrecondition, "POSTING_APPLICATION_PENDING")
	// Another establishment's posting answers NOT_FOUND without asking.
	h.establishment("est-2", "二の会社", "1301")
	other := published()
	h.sel.set(other, 5, false)
	_, err := h.client.RequestPostingStop(h.as(employer("est-2")), &jpv1.RequestPostingStopRequest{PostingId: other})
	wantCode(t, err, codes.NotFound, "NOT_FOUND")
}
