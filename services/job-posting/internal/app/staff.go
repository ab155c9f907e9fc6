package app

import (
	"context"
	"time"

	"github.com/hellowork-jp/hellowork/libs/audit"
	"github.com/hellowork-jp/hellowork/libs/authn"
	jobpostingv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/pagetoken"
	"github.com/hellowork-jp/hellowork/libs/prototime"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/number"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/posting"
)

// WorklistItem is one application on the office's worklist.
type WorklistItem struct {
	Posting           *posting.Posting
	EstablishmentName string
	Overdue           bool // JOB-2 publication deadline passed
	// EstablishmentProvisional: OPEN-1, the establishment is reviewed with its first posting.
	EstablishmentProvisional bool
}

// Worklist pages the office's worklist.
type Worklist struct {
	PageSize  int
	PageToken string
}

// WorklistPage is one page.
type WorklistPage struct {
	Items         []WorklistItem
	NextPageToken string
}

// ListWorklist lists the applications of the staff member's office waiting for
// acceptance or publication, by JOB-2 deadline, overdue ones flagged.
func (a *App) ListWorklist(ctx context.Context, q Worklist) (WorklistPage, error) {
	p := principal(ctx)
	if p.Role != authn.RoleStaff || p.OfficeCode == "" {
		return WorklistPage{}, ErrNotFound
	}
	filter := struct{ Office string }{p.OfficeCode}
	after, err := pagetoken.Decode(q.PageToken, filter)
	if err != nil {
		return WorklistPage{}, err
	}
	size := pagetoken.Size(q.PageSize, DefaultPageSize, MaxPageSize)
	rows, err := a.posts.Worklist(ctx, p.OfficeCode, after, size+1)
	if err != nil {
		return WorklistPage{}, err
	}
	var page WorklistPage
	if len(rows) > size {
		rows = rows[:size]
		last := rows[size-1]
		page.NextPageToken = pagetoken.Encode(filter, date(last.PublishBy), last.ID)
	}
	ids := make([]string, 0, len(rows))
	for _, r := range rows {
		ids = append(ids, r.EstablishmentID)
	}
	names, err := a.ests.Names(ctx, ids)
	if err != nil {
		return WorklistPage{}, err
	}
	opened, err := a.ests.Opened(ctx, ids)
	if err != nil {
		return WorklistPage{}, err
	}
	now := a.clk.Now()
	for _, r := range rows {
		page.Items = append(page.Items, WorklistItem{Posting: r, EstablishmentName: names[r.EstablishmentID], Overdue: r.PublishOverdue(now),
			EstablishmentProvisional: !opened[r.EstablishmentID]})
	}
	return page, nil
}

// StaffDecision is a staff step on one posting.
type StaffDecision struct {
	PostingID string
	Message   string // return and reject
}

// staffStep runs one decision of the posting's office in a transaction with its
// event, and records it in the audit trail (also when refused).
func (a *App) staffStep(ctx context.Context, action, id string, step func(ctx context.Context, post *posting.Posting, now time.Time) (outbox.Event, error)) (*posting.Posting, error) {
	p := principal(ctx)
	now := a.clk.Now()
	var (
		out   *posting.Posting
		estID string
	)
	err := a.tx.InTx(ctx, func(ctx context.Context) error {
		var ev outbox.Event
		err := a.update(ctx, id, func(post *posting.Posting) error {
			if authn.RequireOffice(p, post.OfficeCode) != nil {
				return ErrNotFound
			}
			estID = post.EstablishmentID
			var err error
			ev, err = step(ctx, post, now)
			out = post
			return err
		})
		if err != nil {
			return err
		}
		if err := a.events.Append(ctx, ev); err != nil {
			return err
		}
		return a.audit.Record(ctx, audit.Entry{At: now, Action: action, Actor: audit.ActorFrom(p), EstablishmentID: estID, SubjectID: id, Outcome: audit.OK})
	})
	if err != nil {
		if estID != "" { // the posting is the office's: a refused decision is recorded too
			e := audit.Entry{At: now, Action: action, Actor: audit.ActorFrom(p), EstablishmentID: estID, SubjectID: id}.WithResult(err)
			if rerr := a.audit.Record(ctx, e); rerr != nil {
				a.log.Warn("audit record failed")
			}
		}
		return nil, err
	}
	return out, nil
}

// AcceptPosting accepts (受理) an application of the office and issues its 求人番号:
// the office's prefix and the next serial of that prefix (unique, never reused).
func (a *App) AcceptPosting(ctx context.Context, cmd StaffDecision) (*posting.Posting, error) {
	return a.staffStep(ctx, "posting.accept", cmd.PostingID, func(ctx context.Context, post *posting.Posting, now time.Time) (outbox.Event, error) {
		if !post.Can(posting.ActAccept) {
			return outbox.Event{}, domainErr(post.Accept(number.JobNumber{}, a.policy, now))
		}
		prefix, err := number.Prefix(post.OfficeCode, 0)
		if err != nil {
			return outbox.Event{}, domainErr(err)
		}
		serial, err := a.numbers.Next(ctx, prefix)
		if err != nil {
			return outbox.Event{}, err
		}
		n, err := number.New(prefix, serial)
		if err != nil {
			return outbox.Event{}, domainErr(err)
		}
		if err := post.Accept(n, a.policy, now); err != nil {
			return outbox.Event{}, domainErr(err)
		}
		if err := a.posts.SaveVersion(ctx, post.ID, post.ContentVersion, post.Content, now); err != nil {
			return outbox.Event{}, err
		}
		est, _, err := a.ests.Get(ctx, post.EstablishmentID)
		if err != nil {
			return outbox.Event{}, err
		}
		return outbox.NewEvent(post.ID, 0, now, &jobpostingv1.PostingAccepted{PostingId: post.ID, EstablishmentId: post.EstablishmentID,
			OfficeCode: post.OfficeCode, JobNumber: n.String(), AcceptedOn: date(post.AcceptedOn),
			ReferralDeadline: date(post.ReferralDeadline), Occupation: post.Content.Job.Occupation,
			Openings: int32(post.Content.Category.Openings), RenewalOf: post.RenewalOf, SubmittedByEmail: post.SubmitterEmail,
			Conditions: conditions(post, est.OfficeName), EstablishmentName: est.Name, OfficeName: est.OfficeName,
			SubmittedBy: post.SubmittedBy})
	})
}

// ReturnPosting returns an application for correction (修正依頼) with a message.
func (a *App) ReturnPosting(ctx context.Context, cmd StaffDecision) (*posting.Posting, error) {
	return a.staffStep(ctx, "posting.return", cmd.PostingID, func(_ context.Context, post *posting.Posting, now time.Time) (outbox.Event, error) {
		if err := post.Return(cmd.Message, now); err != nil {
			return outbox.Event{}, domainErr(err)
		}
		est, _, err := a.ests.Get(ctx, post.EstablishmentID)
		if err != nil {
			return outbox.Event{}, err
		}
		return outbox.NewEvent(post.ID, 0, now, &jobpostingv1.PostingReturned{PostingId: post.ID, EstablishmentId: post.EstablishmentID,
			OfficeCode: post.OfficeCode, Message: cmd.Message, SubmittedBy: post.SubmittedBy, ReturnedAt: prototime.Timestamp(now),
			SubmittedByEmail: post.SubmitterEmail, Occupation: post.Content.Job.Occupation, EstablishmentName: est.Name,
			OfficeName: est.OfficeName})
	})
}

// RejectPosting rejects an application (不受理) with a message.
func (a *App) RejectPosting(ctx context.Context, cmd StaffDecision) (*posting.Posting, error) {
	return a.staffStep(ctx, "posting.reject", cmd.PostingID, func(_ context.Context, post *posting.Posting, now time.Time) (outbox.Event, error) {
		if err := post.Reject(cmd.Message, now); err != nil {
			return outbox.Event{}, domainErr(err)
		}
		return outbox.NewEvent(post.ID, 0, now, &jobpostingv1.PostingRejected{PostingId: post.ID, EstablishmentId: post.EstablishmentID,
			OfficeCode: post.OfficeCode, Message: cmd.Message, RejectedAt: prototime.Timestamp(now), SubmittedByEmail: post.SubmitterEmail})
	})
}

// PublishPosting publishes an accepted posting per its 公開範囲 (JOB-2).
func (a *App) PublishPosting(ctx context.Context, cmd StaffDecision) (*posting.Posting, error) {
	return a.staffStep(ctx, "posting.publish", cmd.PostingID, func(_ context.Context, post *posting.Posting, now time.Time) (outbox.Event, error) {
		if err := post.Publish(now); err != nil {
			return outbox.Event{}, domainErr(err)
		}
		return outbox.NewEvent(post.ID, 0, now, &jobpostingv1.PostingPublished{PostingId: post.ID, EstablishmentId: post.EstablishmentID,
			JobNumber: post.Number.String(), Scope: jobpostingv1.Scope(post.Content.Category.Scope), PublishedAt: prototime.Timestamp(now)})
	})
}

// BringForward moves the 紹介期限日 of a valid posting of the office earlier.
type BringForward struct {
	PostingID string
	To        time.Time // a JST date
}

// BringForwardReferralDeadline brings the 紹介期限日 forward (§2.4).
func (a *App) BringForwardReferralDeadline(ctx context.Context, cmd BringForward) (*posting.Posting, error) {
	return a.staffStep(ctx, "posting.bring_forward", cmd.PostingID, func(_ context.Context, post *posting.Posting, now time.Time) (outbox.Event, error) {
		if err := post.BringForward(cmd.To, now); err != nil {
			return outbox.Event{}, domainErr(err)
		}
		return outbox.NewEvent(post.ID, 0, now, &jobpostingv1.PostingReferralDeadlineChanged{PostingId: post.ID,
			EstablishmentId: post.EstablishmentID, JobNumber: post.Number.String(), ReferralDeadline: date(post.ReferralDeadline)})
	})
}

// OfficeLookup filters the office's postings (staff).
type OfficeLookup struct {
	JobNumber       string // NNNNN-NNNNNNNN or 13 digits
	EstablishmentID string
	PageSize        int
	PageToken       string
}

// ListOfficePostings is the staff lookup of any posting of their office.
func (a *App) ListOfficePostings(ctx context.Context, q OfficeLookup) (PostingPage, error) {
	p := principal(ctx)
	if p.Role != authn.RoleStaff || p.OfficeCode == "" {
		return PostingPage{}, ErrNotFound
	}
	if q.JobNumber != "" {
		n, err := number.Parse(q.JobNumber)
		if err != nil {
			return PostingPage{}, domainErr(err)
		}
		q.JobNumber = n.String()
	}
	filter := struct{ Office, Number, Est string }{p.OfficeCode, q.JobNumber, q.EstablishmentID}
	after, err := pagetoken.Decode(q.PageToken, filter)
	if err != nil {
		return PostingPage{}, err
	}
	size := pagetoken.Size(q.PageSize, DefaultPageSize, MaxPageSize)
	rows, err := a.posts.ByOffice(ctx, p.OfficeCode, q.JobNumber, q.EstablishmentID, after, size+1)
	if err != nil {
		return PostingPage{}, err
	}
	page := PostingPage{Postings: rows}
	if len(rows) > size {
		page.Postings = rows[:size]
		last := rows[size-1]
		page.NextPageToken = pagetoken.Encode(filter, last.CreatedAt.UTC().Format(time.RFC3339Nano), last.ID)
	}
	return page, nil
}

// officeName is the jurisdiction office's name from the read model of establishments
// ("" when unknown: the events still carry the code).
func (a *App) officeName(ctx context.Context, establishmentID string) string {
	e, ok, err := a.ests.Get(ctx, establishmentID)
	if err != nil || !ok {
		return ""
	}
	return e.OfficeName
}
