package app

import (
	"context"
	"errors"
	"time"

	"github.com/hellowork-jp/hellowork/libs/audit"
	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/pagetoken"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/application"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/finding"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/posting"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/seeker"
)

// Page sizes of the applicant lists.
const (
	DefaultPageSize = 30
	MaxPageSize     = 100
)

// Applicant is an application with what the lists show beside it.
type Applicant struct {
	App        *application.Application
	Posting    posting.Facts
	SeekerName string
	SeekerAge  int // on the application day; -1 unknown
	// ResultDeadline is 翌々々月末 (zero while the posting is valid).
	ResultDeadline time.Time
	// UnreadMessages counts the thread's messages the employer has not read (employer
	// views only).
	UnreadMessages int
}

// ListApplicants filters and pages.
type ListApplicants struct {
	PostingID       string
	EstablishmentID string // staff only
	Filter          application.Filter
	PageSize        int
	PageToken       string
}

// ApplicantPage is one page.
type ApplicantPage struct {
	Applicants    []Applicant
	NextPageToken string
}

// ListApplicants lists the applicants of the employer's establishment (or one of its
// postings), newest first; staff see those of their office's postings and of their
// office's referrals.
func (a *App) ListApplicants(ctx context.Context, q ListApplicants) (ApplicantPage, error) {
	p := principal(ctx)
	lq := ListQuery{PostingID: q.PostingID, Filter: q.Filter}
	switch {
	case p.Role.IsEmployer() && p.EstablishmentID != "":
		lq.EstablishmentID = p.EstablishmentID
	case p.Role == authn.RoleStaff && p.OfficeCode != "":
		lq.OfficeCode, lq.EstablishmentID = p.OfficeCode, q.EstablishmentID
	default:
		return ApplicantPage{}, ErrNotFound
	}
	filter := struct {
		Q    ListQuery
		Role authn.Role
	}{lq, p.Role}
	after, err := pagetoken.Decode(q.PageToken, filter)
	if err != nil {
		return ApplicantPage{}, err
	}
	size := pagetoken.Size(q.PageSize, DefaultPageSize, MaxPageSize)
	rows, err := a.apps.List(ctx, lq, after, size+1)
	if err != nil {
		return ApplicantPage{}, err
	}
	var page ApplicantPage
	if len(rows) > size {
		rows = rows[:size]
		last := rows[size-1]
		page.NextPageToken = pagetoken.Encode(filter, last.AppliedAt.UTC().Format(time.RFC3339Nano), last.ID)
	}
	page.Applicants, err = a.decorate(ctx, rows)
	return page, err
}

// decorate adds the posting facts and the seeker's name and age.
func (a *App) decorate(ctx context.Context, rows []*application.Application) ([]Applicant, error) {
	ids := make([]string, 0, len(rows))
	ns := make([]seeker.Number, 0, len(rows))
	for _, r := range rows {
		ids, ns = append(ids, r.PostingID), append(ns, r.Seeker)
	}
	posts, err := a.posts.ByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	seekers, err := a.seekers.PersonalByNumbers(ctx, ns)
	if err != nil {
		return nil, err
	}
	unread := map[string]int{}
	if principal(ctx).Role.IsEmployer() {
		appIDs := make([]string, 0, len(rows))
		for _, r := range rows {
			appIDs = append(appIDs, r.ID)
		}
		if unread, err = a.msgs.UnreadByApplication(ctx, appIDs); err != nil {
			return nil, err
		}
	}
	now := a.clk.Now()
	out := make([]Applicant, 0, len(rows))
	for _, r := range rows {
		it := Applicant{App: r, Posting: posts[r.PostingID], SeekerAge: -1, UnreadMessages: unread[r.ID]}
		if r.Letter != nil {
			it.SeekerName, it.SeekerAge = r.Letter.SeekerName, r.Letter.SeekerAge
		} else if p, ok := seekers[r.Seeker]; ok {
			it.SeekerName = p.Name
			if !p.BirthDate.IsZero() {
				it.SeekerAge = p.AgeOn(r.AppliedAt)
			}
		}
		if dl, ok := it.Posting.At(now).ResultDeadline(); ok {
			it.ResultDeadline = dl
		}
		out = append(out, it)
	}
	return out, nil
}

// ApplicantDetail is one applicant with its letter, results and posting version.
type ApplicantDetail struct {
	Applicant
	Letter *application.ReferralLetter
	// Content is the posting version's content (protojson), nil when not recorded.
	Content []byte
}

// viewer is the domain's view of the caller.
func viewer(p authn.Principal) application.Viewer {
	switch {
	case p.Role.IsEmployer():
		return application.Viewer{Role: application.RoleEmployer, EstablishmentID: p.EstablishmentID}
	case p.Role == authn.RoleStaff:
		return application.Viewer{Role: application.RoleStaff, OfficeCode: p.OfficeCode}
	case p.Role == authn.RoleService && p.AccountID == SeekerPortal:
		return application.Viewer{Role: application.RoleSeekerPortal}
	}
	return application.Viewer{}
}

// mayRead is the resource check of an applicant: the employer of its establishment,
// staff of the posting's or the referring office.
func mayRead(p authn.Principal, ap *application.Application) error {
	if p.Role == authn.RoleStaff {
		if authn.RequireOffice(p, ap.PostingOffice.Code) == nil || authn.RequireOffice(p, ap.ReferringOffice.Code) == nil {
			return nil
		}
		return ErrNotFound
	}
	return authn.RequireEstablishment(p, ap.EstablishmentID)
}

// load reads an application the caller may read (a foreign one answers NOT_FOUND).
func (a *App) load(ctx context.Context, id string) (*application.Application, error) {
	ap, err := a.apps.Get(ctx, id)
	if errors.Is(err, ErrNoSuchApplication) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if err := mayRead(principal(ctx), ap); err != nil {
		return nil, ErrNotFound
	}
	return ap, nil
}

// GetApplicant is the detail (staff reads are audited).
func (a *App) GetApplicant(ctx context.Context, id string) (ApplicantDetail, error) {
	ap, err := a.load(ctx, id)
	if err != nil {
		return ApplicantDetail{}, err
	}
	return a.detail(ctx, ap)
}

func (a *App) detail(ctx context.Context, ap *application.Application) (ApplicantDetail, error) {
	p := principal(ctx)
	items, err := a.decorate(ctx, []*application.Application{ap})
	if err != nil {
		return ApplicantDetail{}, err
	}
	d := ApplicantDetail{Applicant: items[0]}
	if ap.Letter != nil {
		l, err := ap.LetterFor(viewer(p))
		if err != nil && finding.ReasonOf(err) != finding.NoReferralLetter {
			return ApplicantDetail{}, domainErr(err)
		}
		d.Letter = l
	}
	if d.Content, err = a.posts.Version(ctx, ap.PostingID, ap.PostingVersion); err != nil {
		return ApplicantDetail{}, err
	}
	if p.Role == authn.RoleStaff {
		if err := a.audit.Record(ctx, audit.Entry{At: a.clk.Now(), Action: "applicant.read", Actor: audit.ActorFrom(p),
			EstablishmentID: ap.EstablishmentID, SubjectID: ap.ID, Outcome: audit.OK}); err != nil {
			return ApplicantDetail{}, err
		}
	}
	return d, nil
}
