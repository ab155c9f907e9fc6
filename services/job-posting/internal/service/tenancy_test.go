package service

import (
	"context"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	grpcstatus "google.golang.org/grpc/status"

	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	jpv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/testkit"
)

// Tenancy per RPC: every RPC that names a posting answers NOT_FOUND to an employer of
// another establishment and to staff of another office, exactly as for a missing id,
// and changes nothing.
func TestTenancy_EveryPostingRPC(t *testing.T) {
	h := newHarness(t, jst(2026, 4, 1, 10))
	h.establishment("est-1", "一の会社", "1301")
	h.establishment("est-2", "二の会社", "1302")
	own, st := h.as(employer("est-1")), h.as(staff("1301"))
	draft := h.draft(own, nil).GetPostingId()
	applied := h.submitted(own, nil).GetPostingId()
	valid := h.submitted(own, nil).GetPostingId()
	if _, err := h.client.AcceptPosting(st, &jpv1.AcceptPostingRequest{PostingId: valid}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.RequestPostingStop(own, &jpv1.RequestPostingStopRequest{PostingId: valid}); err != nil {
		t.Fatal(err)
	}
	otherEmp, otherStaff := h.as(employer("est-2")), h.as(staff("1302"))
	sec := sections()[6]
	employerCalls := map[string]func(ctx context.Context, id string) error{
		"GetPosting": func(ctx context.Context, id string) error {
			_, err := h.client.GetPosting(ctx, &jpv1.GetPostingRequest{PostingId: id})
			return err
		},
		"UpdatePostingSection": func(ctx context.Context, id string) error {
			sec.PostingId = id
			_, err := h.client.UpdatePostingSection(ctx, sec)
			return err
		},
		"SubmitPosting": func(ctx context.Context, id string) error {
			_, err := h.client.SubmitPosting(ctx, &jpv1.SubmitPostingRequest{PostingId: id})
			return err
		},
		"WithdrawPosting": func(ctx context.Context, id string) error {
			_, err := h.client.WithdrawPosting(ctx, &jpv1.WithdrawPostingRequest{PostingId: id})
			return err
		},
		"CreatePosting(reuse)": func(ctx context.Context, id string) error {
			_, err := h.client.CreatePosting(ctx, &jpv1.CreatePostingRequest{ReuseOf: id})
			return err
		},
		"CreatePosting(renewal)": func(ctx context.Context, id string) error {
			_, err := h.client.CreatePosting(ctx, &jpv1.CreatePostingRequest{RenewalOf: id})
			return err
		},
		"RequestPostingChange": func(ctx context.Context, id string) error {
			_, err := h.client.RequestPostingChange(ctx, &jpv1.RequestPostingChangeRequest{PostingId: id, Content: fullContent()})
			return err
		},
		"RequestPostingStop": func(ctx context.Context, id string) error {
			_, err := h.client.RequestPostingStop(ctx, &jpv1.RequestPostingStopRequest{PostingId: id})
			return err
		},
		"RequestPostingCancellation": func(ctx context.Context, id string) error {
			_, err := h.client.RequestPostingCancellation(ctx, &jpv1.RequestPostingCancellationRequest{PostingId: id})
			return err
		},
		"RequestPostingExtension": func(ctx context.Context, id string) error {
			_, err := h.client.RequestPostingExtension(ctx, &jpv1.RequestPostingExtensionRequest{PostingId: id})
			return err
		},
	}
	staffCalls := map[string]func(ctx context.Context, id string) error{
		"GetPosting": employerCalls["GetPosting"],
		"AcceptPosting": func(ctx context.Context, id string) error {
			_, err := h.client.AcceptPosting(ctx, &jpv1.AcceptPostingRequest{PostingId: id})
			return err
		},
		"ReturnPosting": func(ctx context.Context, id string) error {
			_, err := h.client.ReturnPosting(ctx, &jpv1.ReturnPostingRequest{PostingId: id, Message: "x"})
			return err
		},
		"RejectPosting": func(ctx context.Context, id string) error {
			_, err := h.client.RejectPosting(ctx, &jpv1.RejectPostingRequest{PostingId: id, Message: "x"})
			return err
		},
		"PublishPosting": func(ctx context.Context, id string) error {
			_, err := h.client.PublishPosting(ctx, &jpv1.PublishPostingRequest{PostingId: id})
			return err
		},
		"AcceptPostingApplication": func(ctx context.Context, id string) error {
			_, err := h.client.AcceptPostingApplication(ctx, &jpv1.AcceptPostingApplicationRequest{PostingId: id})
			return err
		},
		"RefusePostingApplication": func(ctx context.Context, id string) error {
			_, err := h.client.RefusePostingApplication(ctx, &jpv1.RefusePostingApplicationRequest{PostingId: id, Message: "x"})
			return err
		},
		"BringForwardReferralDeadline": func(ctx context.Context, id string) error {
			_, err := h.client.BringForwardReferralDeadline(ctx, &jpv1.BringForwardReferralDeadlineRequest{PostingId: id, ReferralDeadline: "2026-05-01"})
			return err
		},
	}
	for name, call := range employerCalls {
		for _, id := range []string{draft, applied, valid, "missing"} {
			if err := call(otherEmp, id); grpcstatus.Code(err) != codes.NotFound || reasonOf(err) != "NOT_FOUND" {
				t.Errorf("%s on %s by another establishment: %v", name, id, err)
			}
		}
	}
	for name, call := range staffCalls {
		for _, id := range []string{draft, applied, valid, "missing"} {
			if err := call(otherStaff, id); grpcstatus.Code(err) != codes.NotFound || reasonOf(err) != "NOT_FOUND" {
				t.Errorf("%s on %s by staff of another office: %v", name, id, err)
			}
		}
	}
	// Nothing changed.
	for id, want := range map[string]jpv1.PostingState{draft: jpv1.PostingState_POSTING_STATE_DRAFT,
		applied: jpv1.PostingState_POSTING_STATE_PROVISIONAL, valid: jpv1.PostingState_POSTING_STATE_ACCEPTED} {
		g, err := h.client.GetPosting(own, &jpv1.GetPostingRequest{PostingId: id})
		if err != nil || g.GetState() != want {
			t.Errorf("%s: %v %v, want %v", id, g.GetState(), err, want)
		}
	}
	list, err := h.client.ListPostings(otherEmp, &jpv1.ListPostingsRequest{})
	if err != nil || len(list.GetPostings()) != 0 {
		t.Errorf("another establishment's list: %v %v", list, err)
	}
}

// M1: when employer-registration transfers an establishment to another office, the
// read model follows (and a late older event does not undo it), so its next postings go to the new office: staff there review
// them, staff of the old office do not see them.
func TestTenancy_TransferredEstablishmentPostsToItsNewOffice(t *testing.T) {
	h := newHarness(t, jst(2026, 4, 1, 10))
	h.establishment("est-t", "移転の会社", "1301")
	ev, err := outbox.NewEvent("est-t", 2, h.Clock.Now(), &erv1.EstablishmentTransferred{EstablishmentId: "est-t",
		FromOfficeCode: "1301", OfficeCode: "1306", OfficeName: "ハローワーク新宿", Reason: erv1.TransferReason_TRANSFER_REASON_STAFF})
	if err != nil {
		t.Fatal(err)
	}
	h.Publish(ev)
	testkit.Eventually(t, 10*time.Second, func() bool {
		var office string
		_ = h.Pool.QueryRow(context.Background(), `SELECT office_code FROM establishments WHERE id = 'est-t'`).Scan(&office)
		return office == "1306"
	}, "the read model to follow the transfer")
	// An older event delivered late (the acceptance again, version 1) leaves the office
	// of the newer transfer: the read model compares aggregate versions.
	h.Clock.Advance(time.Minute)
	late, err := outbox.NewEvent("est-t", 1, h.Clock.Now(), &erv1.EstablishmentAccepted{EstablishmentId: "est-t", Name: "移転の会社",
		OfficeCode: "1301", OfficeName: "ハローワーク飯田橋"})
	if err != nil {
		t.Fatal(err)
	}
	h.Publish(late)
	testkit.Eventually(t, 10*time.Second, func() bool {
		var seen bool
		_ = h.Pool.QueryRow(context.Background(), `SELECT updated_at = $1 FROM establishments WHERE id = 'est-t'`, h.Clock.Now()).Scan(&seen)
		return seen
	}, "the late event to be handled")
	var office string
	if err := h.Pool.QueryRow(context.Background(), `SELECT office_code FROM establishments WHERE id = 'est-t'`).Scan(&office); err != nil || office != "1306" {
		t.Fatalf("after a late older event the office is %q (%v); want 1306", office, err)
	}
	p := h.submitted(h.as(employer("est-t")), nil).GetPostingId()
	if _, err := h.client.GetPosting(h.as(staff("1306")), &jpv1.GetPostingRequest{PostingId: p}); err != nil {
		t.Errorf("new office 1306: %v; want the posting", err)
	}
	_, err = h.client.GetPosting(h.as(staff("1301")), &jpv1.GetPostingRequest{PostingId: p})
	if grpcstatus.Code(err) != codes.NotFound {
		t.Errorf("old office 1301: %v; want NOT_FOUND", err)
	}
}
