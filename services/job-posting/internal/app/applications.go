package app

import (
	"context"
	"errors"
	"time"

	"github.com/hellowork-jp/hellowork/libs/authn"
	jobpostingv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/posting"
)

// employerStep runs one step of the employer on its own posting in a transaction with
// the event step returns.
func (a *App) employerStep(ctx context.Context, id string, step func(p authn.Principal, post *posting.Posting, now time.Time) (outbox.Event, error)) (*posting.Posting, error) {
	p := principal(ctx)
	now := a.clk.Now()
	var out *posting.Posting
	err := a.tx.InTx(ctx, func(ctx context.Context) error {
		var ev outbox.Event
		err := a.update(ctx, id, func(post *posting.Posting) error {
			if err := a.ownPosting(ctx, p, post); err != nil {
				return err
			}
			var err error
			ev, err = step(p, post, now)
			out = post
			return err
		})
		if err != nil {
			return err
		}
		return a.events.Append(ctx, ev)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// resultsFirstStep is employerStep for the applications that may need every
// applicant's selection result first (domain.md §2.4, S17).
func (a *App) resultsFirstStep(ctx context.Context, id string, step func(p authn.Principal, post *posting.Posting, now time.Time) (outbox.Event, error)) (*posting.Posting, error) {
	if err := a.selectionResultsFirst(ctx, id, step); err != nil {
		return nil, err
	}
	return a.employerStep(ctx, id, step)
}

// selectionResultsFirst runs step on an unlocked copy of the posting, which is then
// dropped, so that a missing posting and the domain's own refusals answer first; when
// the application step leaves pending NeedsSelectionResults, it asks applicant-selection
// how many applicants have no result and refuses while any has none. The question is
// asked before the transaction, so no row lock is held across the call; an applicant
// arriving between the answer and the commit is the office's to see when it reviews.
// applicant-selection unreachable fails closed (UNAVAILABLE).
func (a *App) selectionResultsFirst(ctx context.Context, id string, step func(p authn.Principal, post *posting.Posting, now time.Time) (outbox.Event, error)) error {
	post, err := a.posts.Get(ctx, id)
	if errors.Is(err, ErrNoSuchPosting) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	p := principal(ctx)
	if err := a.ownPosting(ctx, p, post); err != nil {
		return err
	}
	if _, err := step(p, post, a.clk.Now()); err != nil {
		return err
	}
	if !post.NeedsSelectionResults() {
		return nil
	}
	if a.results == nil {
		return ErrSelectionCheckUnavailable
	}
	n, err := a.results.CountUnresolvedApplicants(ctx, id)
	if err != nil {
		return ErrSelectionCheckUnavailable.Wrap(err)
	}
	return domainErr(posting.RefuseUnresolvedApplicants(n))
}

func requested(post *posting.Posting, by string, now time.Time) (outbox.Event, error) {
	return outbox.NewEvent(post.ID, 0, now, &jobpostingv1.PostingApplicationRequested{PostingId: post.ID,
		EstablishmentId: post.EstablishmentID, OfficeCode: post.OfficeCode, Kind: string(post.Pending.Kind), RequestedBy: by})
}

// WithdrawPosting takes back an application not yet accepted (取下げ).
func (a *App) WithdrawPosting(ctx context.Context, id string) (*posting.Posting, error) {
	return a.employerStep(ctx, id, func(_ authn.Principal, post *posting.Posting, now time.Time) (outbox.Event, error) {
		if err := post.Withdraw(now); err != nil {
			return outbox.Event{}, domainErr(err)
		}
		return outbox.NewEvent(post.ID, 0, now, &jobpostingv1.PostingWithdrawn{PostingId: post.ID,
			EstablishmentId: post.EstablishmentID, OfficeCode: post.OfficeCode})
	})
}

// RequestChange applies for a change of a valid posting (JOB-3).
type RequestChange struct {
	PostingID string
	Content   posting.Content
	Note      string
	Confirmed []string
}

// RequestChange checks the proposed content like a submission and leaves it pending
// for the office; the live content stays.
func (a *App) RequestChange(ctx context.Context, cmd RequestChange) (SubmitResult, error) {
	var res SubmitResult
	post, err := a.resultsFirstStep(ctx, cmd.PostingID, func(p authn.Principal, post *posting.Posting, now time.Time) (outbox.Event, error) {
		fs, err := post.RequestChange(cmd.Content, cmd.Note, posting.Submission{By: p.AccountID, At: now,
			Confirmed: cmd.Confirmed, Rates: a.rates, Policy: a.policy})
		if err != nil {
			return outbox.Event{}, domainErr(err)
		}
		res.Warnings = warnings(fs)
		return requested(post, p.AccountID, now)
	})
	res.Posting = post
	return res, err
}

// RequestSimple is a stop, cancellation or extension application.
type RequestSimple struct {
	PostingID string
	Kind      posting.ApplicationKind // AppStop, AppCancel or AppExtension
	Note      string
}

// RequestApplication applies for 募集停止, 取消 or 有効期間延長 (JOB-3).
func (a *App) RequestApplication(ctx context.Context, cmd RequestSimple) (*posting.Posting, error) {
	return a.resultsFirstStep(ctx, cmd.PostingID, func(p authn.Principal, post *posting.Posting, now time.Time) (outbox.Event, error) {
		var err error
		switch cmd.Kind {
		case posting.AppStop:
			err = post.RequestStop(cmd.Note, p.AccountID, now)
		case posting.AppCancel:
			err = post.RequestCancel(cmd.Note, p.AccountID, now)
		default:
			err = post.RequestExtension(cmd.Note, p.AccountID, now)
		}
		if err != nil {
			return outbox.Event{}, domainErr(err)
		}
		return requested(post, p.AccountID, now)
	})
}

// AcceptApplication accepts the pending application of a posting of the office: a
// change becomes the live content (the replaced one is kept as its version), a stop or
// cancellation ends the posting from today, an extension moves the 紹介期限日.
func (a *App) AcceptApplication(ctx context.Context, cmd StaffDecision) (*posting.Posting, error) {
	return a.staffStep(ctx, "posting.accept_application", cmd.PostingID, func(ctx context.Context, post *posting.Posting, now time.Time) (outbox.Event, error) {
		d, err := post.AcceptApplication(now)
		if err != nil {
			return outbox.Event{}, domainErr(err)
		}
		switch d.Kind {
		case posting.AppChange:
			if err := a.posts.SaveVersion(ctx, post.ID, post.ContentVersion-1, *d.Previous, now); err != nil {
				return outbox.Event{}, err
			}
			if err := a.posts.SaveVersion(ctx, post.ID, post.ContentVersion, post.Content, now); err != nil {
				return outbox.Event{}, err
			}
			return outbox.NewEvent(post.ID, 0, now, &jobpostingv1.PostingChangeApplied{PostingId: post.ID, EstablishmentId: post.EstablishmentID,
				JobNumber: post.Number.String(), ContentVersion: int32(post.ContentVersion), HoldReleased: d.Released,
				Conditions: conditions(post, a.officeName(ctx, post.EstablishmentID))})
		case posting.AppExtension:
			return outbox.NewEvent(post.ID, 0, now, &jobpostingv1.PostingExtended{PostingId: post.ID, EstablishmentId: post.EstablishmentID,
				JobNumber: post.Number.String(), ReferralDeadline: date(post.ReferralDeadline)})
		}
		return outbox.NewEvent(post.ID, 0, now, &jobpostingv1.PostingInvalidated{PostingId: post.ID, EstablishmentId: post.EstablishmentID,
			JobNumber: post.Number.String(), Cause: string(post.InvalidCause), InvalidFrom: date(post.InvalidFrom)})
	})
}

// RefuseApplication refuses the pending application with the office's message.
func (a *App) RefuseApplication(ctx context.Context, cmd StaffDecision) (*posting.Posting, error) {
	return a.staffStep(ctx, "posting.refuse_application", cmd.PostingID, func(_ context.Context, post *posting.Posting, now time.Time) (outbox.Event, error) {
		var kind posting.ApplicationKind
		if post.Pending != nil {
			kind = post.Pending.Kind
		}
		if err := post.RefuseApplication(cmd.Message, now); err != nil {
			return outbox.Event{}, domainErr(err)
		}
		return outbox.NewEvent(post.ID, 0, now, &jobpostingv1.PostingApplicationRefused{PostingId: post.ID,
			EstablishmentId: post.EstablishmentID, Kind: string(kind), Message: cmd.Message})
	})
}
