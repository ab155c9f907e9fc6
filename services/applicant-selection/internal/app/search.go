package app

import (
	"context"
	"errors"
	"time"

	"github.com/hellowork-jp/hellowork/libs/audit"
	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/pagetoken"
	"github.com/hellowork-jp/hellowork/libs/prototime"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/directrequest"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/message"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/posting"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/seeker"
)

// Page sizes of the seeker search.
const (
	DefaultSearchPageSize = 20
	MaxSearchPageSize     = 50
)

// SearchSeekers is the seeker search (SEEK-1).
type SearchSeekers struct {
	Query     seeker.Query
	PageSize  int
	PageToken string
}

// SeekerPage is one page of safe projections.
type SeekerPage struct {
	Seekers       []seeker.PublicProfile
	NextPageToken string
}

// SendDirectRequest is a 直接リクエスト: a posting and a message to a seeker found by the search.
type SendDirectRequest struct {
	SeekerRef string
	PostingID string
	Message   string
}

// DirectRequestView is a request with the handle the employer knows the seeker by.
type DirectRequestView struct {
	Request   *directrequest.Request
	SeekerRef string
}

// SeekerDirectRequest is a request as the seeker portal shows it.
type SeekerDirectRequest struct {
	Request *directrequest.Request
	Posting posting.Facts
}

// searcher is the employer's establishment; staff and others never search (the
// policy already refuses them; this is the resource check).
func searcher(ctx context.Context) (string, string, error) {
	p := principal(ctx)
	if !p.Role.IsEmployer() || p.EstablishmentID == "" {
		return "", "", ErrNotFound
	}
	return p.EstablishmentID, p.AccountID, nil
}

// searchAllowed refuses the search to an establishment without a valid posting.
func (a *App) searchAllowed(ctx context.Context, establishmentID string, now time.Time) error {
	fs, err := a.posts.OfEstablishment(ctx, establishmentID)
	if err != nil {
		return err
	}
	valid := 0
	for _, f := range fs {
		if f.At(now).Valid() {
			valid++
		}
	}
	return domainErr(seeker.SearchAllowed(valid))
}

// SearchSeekers returns the searchable seekers matching the query, in the index's key
// order, as their safe projection only (SEEK-1).
func (a *App) SearchSeekers(ctx context.Context, cmd SearchSeekers) (SeekerPage, error) {
	est, _, err := searcher(ctx)
	if err != nil {
		return SeekerPage{}, err
	}
	now := a.clk.Now()
	if err := a.searchAllowed(ctx, est, now); err != nil {
		return SeekerPage{}, err
	}
	if err := cmd.Query.Check().Refusal(); err != nil {
		return SeekerPage{}, domainErr(err)
	}
	after, err := pagetoken.Decode(cmd.PageToken, cmd.Query)
	if err != nil {
		return SeekerPage{}, err
	}
	cursor := ""
	if len(after) == 1 {
		cursor = after[0]
	}
	size := pagetoken.Size(cmd.PageSize, DefaultSearchPageSize, MaxSearchPageSize)
	// One read of size+1 rows: the database filters, matches the keyword and pages
	// (the index's key order); the rule is applied again to what it returns.
	rows, err := a.index.Search(ctx, cmd.Query, now, cursor, size+1)
	if err != nil {
		return SeekerPage{}, err
	}
	var page SeekerPage
	if len(rows) > size {
		rows = rows[:size]
		page.NextPageToken = pagetoken.Encode(cmd.Query, rows[size-1].Key)
	}
	for _, x := range rows {
		if !cmd.Query.Matches(x.Seeker, now) {
			continue
		}
		if pp, ok := x.Seeker.Public(x.Key, now); ok {
			page.Seekers = append(page.Seekers, pp)
		}
	}
	return page, nil
}

// GetSeekerProfile is one searchable seeker's safe projection (SEEK-1).
func (a *App) GetSeekerProfile(ctx context.Context, ref string) (seeker.PublicProfile, error) {
	est, _, err := searcher(ctx)
	if err != nil {
		return seeker.PublicProfile{}, err
	}
	now := a.clk.Now()
	if err := a.searchAllowed(ctx, est, now); err != nil {
		return seeker.PublicProfile{}, err
	}
	s, err := a.index.ByKey(ctx, ref)
	if errors.Is(err, ErrNoSuchSeeker) {
		return seeker.PublicProfile{}, ErrNotFound
	}
	if err != nil {
		return seeker.PublicProfile{}, err
	}
	pp, ok := s.Public(ref, now)
	if !ok {
		return seeker.PublicProfile{}, ErrNotFound
	}
	return pp, nil
}

// SendDirectRequest sends one of the establishment's postings to a seeker (SEEK-1):
// the posting's row lock serialises the requests of a posting, so the 10th and 11th
// cannot both pass.
func (a *App) SendDirectRequest(ctx context.Context, cmd SendDirectRequest) (DirectRequestView, error) {
	est, account, err := searcher(ctx)
	if err != nil {
		return DirectRequestView{}, err
	}
	now := a.clk.Now()
	var out DirectRequestView
	err = a.tx.InTx(ctx, func(ctx context.Context) error {
		f, err := a.postingFor(ctx, cmd.PostingID)
		if err != nil {
			return err
		}
		if f.EstablishmentID != est {
			return ErrNotFound
		}
		s, err := a.index.ByKey(ctx, cmd.SeekerRef)
		if errors.Is(err, ErrNoSuchSeeker) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		earlier, err := a.drs.OfPosting(ctx, f.ID)
		if err != nil {
			return err
		}
		r, err := a.drPol.Send(directrequest.Input{ID: a.newID(), Message: cmd.Message, SentBy: account}, f, s, earlier, now)
		if err != nil {
			return domainErr(err)
		}
		if err := a.drs.Create(ctx, r); err != nil {
			return err
		}
		// MSG-1: the request's thread, its message first, owned by the sender (ACC-2).
		t := message.OpenForDirectRequest(a.newID(), est, f.ID, r.ID, s.Number, account, now)
		if err := a.msgs.CreateThread(ctx, t); err != nil {
			return err
		}
		if err := a.msgs.Add(ctx, message.RequestMessage(a.newID(), t, r.Message, now)); err != nil {
			return err
		}
		ev, err := outbox.NewEvent(r.ID, 0, now, &asv1.DirectRequestSent{DirectRequestId: r.ID, EstablishmentId: est,
			PostingId: f.ID, SentAt: prototime.Timestamp(now)})
		if err != nil {
			return err
		}
		if err := a.events.Append(ctx, ev); err != nil {
			return err
		}
		out = DirectRequestView{Request: r, SeekerRef: cmd.SeekerRef}
		return a.audit.Record(ctx, audit.Entry{At: now, Action: "direct_request.send", Actor: audit.ActorFrom(principal(ctx)),
			EstablishmentID: est, SubjectID: r.ID, Outcome: audit.OK})
	})
	return out, err
}

// ListDirectRequests lists the establishment's requests (of one posting when given)
// and, for a posting, how many seekers may still get one. Another establishment's
// posting lists nothing and shows the full allowance.
func (a *App) ListDirectRequests(ctx context.Context, postingID string) ([]DirectRequestView, int, error) {
	est, _, err := searcher(ctx)
	if err != nil {
		return nil, 0, err
	}
	rs, err := a.drs.OfEstablishment(ctx, est, postingID)
	if err != nil {
		return nil, 0, err
	}
	ns := make([]seeker.Number, len(rs))
	for i, r := range rs {
		ns[i] = r.Seeker
	}
	keys, err := a.index.KeysOf(ctx, ns)
	if err != nil {
		return nil, 0, err
	}
	out := make([]DirectRequestView, len(rs))
	for i, r := range rs {
		out[i] = DirectRequestView{Request: r, SeekerRef: keys[r.Seeker]}
	}
	remaining := 0
	if postingID != "" {
		remaining = a.drPol.Remaining(postingID, rs)
	}
	return out, remaining, nil
}

// ListSeekerDirectRequests is the seeker portal's list of the requests sent to a seeker.
func (a *App) ListSeekerDirectRequests(ctx context.Context, seekerNumber string) ([]SeekerDirectRequest, error) {
	s, err := a.seekerByNumber(ctx, seekerNumber)
	if err != nil {
		return nil, err
	}
	rs, err := a.drs.OfSeeker(ctx, s.Number)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.PostingID
	}
	posts, err := a.posts.ByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]SeekerDirectRequest, len(rs))
	for i, r := range rs {
		out[i] = SeekerDirectRequest{Request: r, Posting: posts[r.PostingID]}
	}
	return out, nil
}

// directRequestFor reads the request a self-application answers: it must be this
// seeker's, for this posting; anything else answers like a missing request.
func (a *App) directRequestFor(ctx context.Context, id string, s *seeker.Seeker, postingID string) (*directrequest.Request, error) {
	r, err := a.drs.Get(ctx, id)
	if errors.Is(err, ErrNoSuchDirectRequest) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if r.Seeker != s.Number || r.PostingID != postingID {
		return nil, ErrNotFound
	}
	return r, nil
}
