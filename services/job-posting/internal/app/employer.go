package app

import (
	"context"
	"errors"
	"time"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/errs"
	jobpostingv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/pagetoken"
	"github.com/hellowork-jp/hellowork/libs/prototime"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/deadline"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/finding"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/posting"
)

// Page sizes of every list (JOB-4: 30 per page).
const (
	DefaultPageSize = 30
	MaxPageSize     = 100
)

func principal(ctx context.Context) authn.Principal {
	p, _ := authn.FromContext(ctx)
	return p
}

// employerEstablishment resolves the caller's establishment: the token's for an opened
// MyPage, the one the provisional account registered (OPEN-1) otherwise.
func (a *App) employerEstablishment(ctx context.Context, p authn.Principal) (Establishment, error) {
	var (
		e   Establishment
		ok  bool
		err error
	)
	switch {
	case p.Role == authn.RoleProvisional && p.EstablishmentID == "":
		e, ok, err = a.ests.ByOwner(ctx, p.AccountID)
	case p.Role == authn.RoleProvisional || p.Role.IsEmployer():
		e, ok, err = a.ests.Get(ctx, p.EstablishmentID)
	default:
		return Establishment{}, ErrNotFound
	}
	if err != nil {
		return Establishment{}, err
	}
	if !ok {
		return Establishment{}, ErrEstablishmentNotFound
	}
	return e, nil
}

// ownPosting is the resource check of an employer's step: the posting belongs to the
// caller's establishment, otherwise it answers as a missing one.
func (a *App) ownPosting(ctx context.Context, p authn.Principal, post *posting.Posting) error {
	e, err := a.employerEstablishment(ctx, p)
	if err != nil {
		if errors.Is(err, ErrEstablishmentNotFound) {
			return ErrNotFound
		}
		return err
	}
	if e.ID != post.EstablishmentID {
		return ErrNotFound
	}
	return nil
}

// canEdit is the resource check of editing and submitting: the employer of the
// posting's establishment, or staff of its office for a posting they entered for the
// counter channel.
func (a *App) canEdit(ctx context.Context, p authn.Principal, post *posting.Posting) error {
	if p.Role == authn.RoleStaff {
		if post.Channel != deadline.ChannelCounter || authn.RequireOffice(p, post.OfficeCode) != nil {
			return ErrNotFound
		}
		return nil
	}
	return a.ownPosting(ctx, p, post)
}

// CreateCounterPosting starts a draft that staff enter for an establishment of their
// office (JOB-2: the other channels' 7 open days).
func (a *App) CreateCounterPosting(ctx context.Context, establishmentID string) (*posting.Posting, error) {
	p := principal(ctx)
	est, ok, err := a.ests.Get(ctx, establishmentID)
	if err != nil {
		return nil, err
	}
	if !ok || authn.RequireOffice(p, est.OfficeCode) != nil {
		return nil, ErrEstablishmentNotFound
	}
	out := posting.NewDraft(a.newID(), est.ID, est.OfficeCode, p.AccountID, deadline.ChannelCounter, a.clk.Now())
	if err := a.posts.Create(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}

// CreatePosting is a new draft: empty, a reuse (JOB-1) or a renewal (JOB-5).
type CreatePosting struct {
	ReuseOf   string
	RenewalOf string
}

// CreatePosting starts a draft for the caller's establishment.
func (a *App) CreatePosting(ctx context.Context, cmd CreatePosting) (*posting.Posting, error) {
	p := principal(ctx)
	est, err := a.employerEstablishment(ctx, p)
	if err != nil {
		return nil, err
	}
	now := a.clk.Now()
	var out *posting.Posting
	err = a.tx.InTx(ctx, func(ctx context.Context) error {
		switch {
		case cmd.ReuseOf != "" && cmd.RenewalOf != "":
			return errInvalidSource
		case cmd.ReuseOf != "":
			src, err := a.load(ctx, cmd.ReuseOf)
			if err == nil && src.EstablishmentID != est.ID {
				err = ErrNotFound
			}
			if err != nil {
				return err
			}
			if out, err = src.Reuse(a.newID(), p.AccountID, now); err != nil {
				return domainErr(err)
			}
		case cmd.RenewalOf != "":
			var renewed *posting.Posting
			err := a.update(ctx, cmd.RenewalOf, func(src *posting.Posting) error {
				if src.EstablishmentID != est.ID {
					return ErrNotFound
				}
				n, err := src.ReserveRenewal(a.newID(), p.AccountID, a.policy, now)
				out, renewed = n, src
				return domainErr(err)
			})
			if err != nil {
				return err
			}
			ev, err := outbox.NewEvent(renewed.ID, 0, now, &jobpostingv1.PostingRenewalReserved{PostingId: renewed.ID,
				EstablishmentId: renewed.EstablishmentID, RenewalPostingId: out.ID, JobNumber: renewed.Number.String()})
			if err != nil {
				return err
			}
			if err := a.events.Append(ctx, ev); err != nil {
				return err
			}
		default:
			out = posting.NewDraft(a.newID(), est.ID, est.OfficeCode, p.AccountID, deadline.ChannelMyPage, now)
		}
		return a.posts.Create(ctx, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// errInvalidSource: a draft is copied from one posting at most.
var errInvalidSource = errs.New(errs.KindInvalidArgument, "INVALID_ARGUMENT", "reuse_of and renewal_of are exclusive")

func (a *App) load(ctx context.Context, id string) (*posting.Posting, error) {
	post, err := a.posts.Get(ctx, id)
	if errors.Is(err, ErrNoSuchPosting) {
		return nil, ErrNotFound
	}
	return post, err
}

func (a *App) update(ctx context.Context, id string, fn func(*posting.Posting) error) error {
	err := a.posts.Update(ctx, id, fn)
	if errors.Is(err, ErrNoSuchPosting) {
		return ErrNotFound
	}
	return err
}

// UpdateSection saves one section.
type UpdateSection struct {
	PostingID string
	Section   posting.SectionID
	Content   posting.Content // only Section is read
}

// SectionResult is the saved posting and the section's warnings.
type SectionResult struct {
	Posting  *posting.Posting
	Warnings []Warning
}

// UpdateSection saves one of the eight sections of the caller's draft (JOB-1).
func (a *App) UpdateSection(ctx context.Context, cmd UpdateSection) (SectionResult, error) {
	p := principal(ctx)
	var res SectionResult
	err := a.update(ctx, cmd.PostingID, func(post *posting.Posting) error {
		if err := a.canEdit(ctx, p, post); err != nil {
			return err
		}
		fs, err := post.SaveSection(cmd.Content, cmd.Section, a.clk.Now())
		if err != nil {
			return domainErr(err)
		}
		res = SectionResult{Posting: post, Warnings: warnings(fs)}
		return nil
	})
	return res, err
}

// GetPosting returns a posting of the caller's establishment, or of a staff member's
// office.
func (a *App) GetPosting(ctx context.Context, id string) (*posting.Posting, error) {
	p := principal(ctx)
	post, err := a.load(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Role == authn.RoleStaff {
		if authn.RequireOffice(p, post.OfficeCode) != nil {
			return nil, ErrNotFound
		}
		return post, nil
	}
	if err := a.ownPosting(ctx, p, post); err != nil {
		return nil, err
	}
	return post, nil
}

// ListPostings pages one of the employer's lists (JOB-4).
type ListPostings struct {
	List      posting.List // 0 = all
	PageSize  int
	PageToken string
}

// PostingPage is one page with the counts of valid postings (JOB-6, LOGIN-6).
type PostingPage struct {
	Postings      []*posting.Posting
	NextPageToken string
	Counts        map[codes.HomeGroup]int
}

// ListPostings lists the caller's establishment's postings, newest first.
func (a *App) ListPostings(ctx context.Context, q ListPostings) (PostingPage, error) {
	est, err := a.employerEstablishment(ctx, principal(ctx))
	if err != nil {
		return PostingPage{}, err
	}
	filter := struct {
		Est  string
		List int
	}{est.ID, int(q.List)}
	after, err := pagetoken.Decode(q.PageToken, filter)
	if err != nil {
		return PostingPage{}, err
	}
	size := pagetoken.Size(q.PageSize, DefaultPageSize, MaxPageSize)
	rows, err := a.posts.ByEstablishment(ctx, est.ID, q.List, after, size+1)
	if err != nil {
		return PostingPage{}, err
	}
	page := PostingPage{Postings: rows}
	if len(rows) > size {
		page.Postings = rows[:size]
		last := rows[size-1]
		page.NextPageToken = pagetoken.Encode(filter, last.CreatedAt.UTC().Format(time.RFC3339Nano), last.ID)
	}
	if page.Counts, err = a.posts.CountValid(ctx, est.ID); err != nil {
		return PostingPage{}, err
	}
	return page, nil
}

// SubmitPosting submits or resubmits with the confirmed warnings.
type SubmitPosting struct {
	PostingID string
	Confirmed []string
}

// SubmitResult is the submitted posting and its (confirmed) warnings.
type SubmitResult struct {
	Posting  *posting.Posting
	Warnings []Warning
}

// SubmitPosting sends the caller's draft (or returned posting) to the office after the
// whole check; the outbox carries PostingProvisionallyRegistered (→ 求人情報仮登録完了通知)
// or PostingResubmitted.
func (a *App) SubmitPosting(ctx context.Context, cmd SubmitPosting) (SubmitResult, error) {
	p := principal(ctx)
	now := a.clk.Now()
	var res SubmitResult
	err := a.tx.InTx(ctx, func(ctx context.Context) error {
		var (
			est Establishment
			ev  outbox.Event
		)
		err := a.update(ctx, cmd.PostingID, func(post *posting.Posting) error {
			if err := a.canEdit(ctx, p, post); err != nil {
				return err
			}
			var (
				err   error
				found bool
			)
			if est, found, err = a.ests.Get(ctx, post.EstablishmentID); err != nil {
				return err
			} else if !found {
				return ErrEstablishmentNotFound
			}
			h, err := a.posts.History(ctx, post.EstablishmentID, post.ID, now.AddDate(-1, 0, 0))
			if err != nil {
				return err
			}
			s := posting.Submission{By: p.AccountID, Email: p.Email, At: now, Confirmed: cmd.Confirmed, Rates: a.rates, Policy: a.policy,
				Visit: posting.VisitFacts{FirstMyPagePosting: !h.Submitted, OpenedAtCounter: est.OpenedAtCounter,
					DisabilityPostedSince: h.DisabilityAccepts, TrialPostedSince: h.TrialAccepts,
					DisabilityTrialSince: h.DisabilityAccepts && h.TrialAccepts, PostedWithinPastYear: h.SubmittedSince}}
			resubmit := post.State == posting.StateReturned
			var fs finding.Findings
			if resubmit {
				fs, err = post.Resubmit(s)
			} else {
				fs, err = post.Submit(s)
			}
			if err != nil {
				return domainErr(err)
			}
			res = SubmitResult{Posting: post, Warnings: warnings(fs)}
			if resubmit {
				ev, err = outbox.NewEvent(post.ID, 0, now, &jobpostingv1.PostingResubmitted{PostingId: post.ID,
					EstablishmentId: post.EstablishmentID, OfficeCode: post.OfficeCode, SubmittedBy: p.AccountID,
					SubmittedAt: prototime.Timestamp(now), SubmittedByEmail: p.Email})
			} else {
				ev, err = outbox.NewEvent(post.ID, 0, now, &jobpostingv1.PostingProvisionallyRegistered{PostingId: post.ID,
					EstablishmentId: post.EstablishmentID, OfficeCode: post.OfficeCode, SubmittedBy: p.AccountID,
					SubmittedByEmail: p.Email, Occupation: post.Content.Job.Occupation, SubmittedAt: prototime.Timestamp(now),
					PublishBy: date(post.PublishBy), EstablishmentName: est.Name, OfficeName: est.OfficeName})
			}
			return err
		})
		if err != nil {
			return err
		}
		return a.events.Append(ctx, ev)
	})
	return res, err
}

// date formats a JST date as YYYY-MM-DD, "" for the zero time.
func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(clock.JST).Format(time.DateOnly)
}
