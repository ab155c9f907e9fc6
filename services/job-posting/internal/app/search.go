package app

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/office"
	"github.com/hellowork-jp/hellowork/libs/pagetoken"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/number"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/posting"
)

// SeekerPortal is the service name of the seeker portal's credential: the one caller
// that sees 公開範囲 2 postings (§2.3).
const SeekerPortal = "seeker-portal"

// Search orders.
const (
	OrderNewest = 1
	OrderWage   = 2
)

// SearchFilter is the seeker's filters, normalised.
type SearchFilter struct {
	Audience       posting.Audience
	Keyword        string
	Categories     []int
	TimeClass      int
	Forms          []int
	Prefecture     string
	Municipalities []string
	// OfficeCode is the 管内検索: postings whose place of work lies in the office's
	// district (libs/office); SearchPublished fills District from it.
	OfficeCode   string
	District     *office.District `json:"-"`
	MinMonthly   int
	MinHourly    int
	Features     []int
	Order        int
	TwoDaysOff   bool // 週休二日 every week
	NoEducation  bool // 学歴不問
	NoExperience bool // 経験不問
	// Full asks for the FULL view of each posting (the whole redacted content and the
	// JSON-LD) instead of the list card.
	Full bool
}

// Search is one page request of the public search.
type Search struct {
	Filter    SearchFilter
	PageSize  int
	PageToken string
}

// PublicItem is a published posting as the search shows it.
type PublicItem struct {
	Posting           *posting.Posting
	Content           posting.Content // after the scope's redaction
	EstablishmentName string          // "" when the scope hides the establishment
}

// Card is a published posting as the search lists it: its public card in the view
// asked for, rendered when the posting was saved (the ports' format, opaque here), and
// what paging and the scope rule need.
type Card struct {
	ID              string
	EstablishmentID string
	Scope           codes.Scope
	PublishedAt     time.Time
	WageLower       int
	Body            []byte
}

// SearchPage is one page of results.
type SearchPage struct {
	Cards         []Card
	NextPageToken string
}

func audience(ctx context.Context) posting.Audience {
	if p, ok := authn.FromContext(ctx); ok && p.Role == authn.RoleService && p.AccountID == SeekerPortal {
		return posting.AudienceSeekerPortal
	}
	return posting.AudiencePublic
}

// GetPublished is the public detail view of a published posting, by id or 求人番号;
// what the caller may not see answers NOT_FOUND like a missing posting.
func (a *App) GetPublished(ctx context.Context, idOrNumber string) (PublicItem, error) {
	var (
		post *posting.Posting
		err  error
	)
	if n, perr := number.Parse(idOrNumber); perr == nil {
		post, err = a.posts.ByJobNumber(ctx, n.String())
	} else {
		post, err = a.posts.Get(ctx, idOrNumber)
	}
	if errors.Is(err, ErrNoSuchPosting) {
		return PublicItem{}, ErrNotFound
	}
	if err != nil {
		return PublicItem{}, err
	}
	if !post.VisibleTo(audience(ctx)) {
		return PublicItem{}, ErrNotFound
	}
	it := PublicItem{Posting: post, Content: post.PublicContent()}
	if post.Content.Category.Scope.ShowsEstablishment() {
		names, err := a.ests.Names(ctx, []string{post.EstablishmentID})
		if err != nil {
			return PublicItem{}, err
		}
		it.EstablishmentName = names[post.EstablishmentID]
	}
	return it, nil
}

// SearchPublished is the public job search: published postings only, scope 2 only for
// the seeker portal's credential, scope 3 without establishment-identifying data, scope
// 4 never.
func (a *App) SearchPublished(ctx context.Context, q Search) (SearchPage, error) {
	f := q.Filter
	f.Audience = audience(ctx)
	f.Keyword = strings.TrimSpace(f.Keyword)
	f.District = nil
	if f.OfficeCode != "" {
		// 管内検索 is by the place of work, not by the office that took the posting:
		// the district's municipalities, combined with the other place filters.
		dist, err := office.Default.District(f.OfficeCode)
		if err != nil {
			return SearchPage{}, ErrOfficeCodeUnknown
		}
		f.District = &dist
	}
	if f.Order != OrderWage {
		f.Order = OrderNewest
	}
	after, err := pagetoken.Decode(q.PageToken, f)
	if err != nil {
		return SearchPage{}, err
	}
	size := pagetoken.Size(q.PageSize, DefaultPageSize, MaxPageSize)
	rows, err := a.posts.Search(ctx, f, after, size+1)
	if err != nil {
		return SearchPage{}, err
	}
	var page SearchPage
	if len(rows) > size {
		rows = rows[:size]
		last := rows[size-1]
		key := last.PublishedAt.UTC().Format(time.RFC3339Nano)
		if f.Order == OrderWage {
			key = strconv.Itoa(last.WageLower)
		}
		page.NextPageToken = pagetoken.Encode(f, key, last.ID)
	}
	for _, r := range rows {
		if posting.ScopeVisibleTo(r.Scope, f.Audience) { // the query filters already; the domain rule decides
			page.Cards = append(page.Cards, r)
		}
	}
	return page, nil
}

// RefreshCards renders again the search cards of an establishment's published
// postings, whose card carries its name (called when the name may have changed).
func (a *App) RefreshCards(ctx context.Context, establishmentID string) error {
	_, err := a.posts.RenderStaleCards(ctx, establishmentID, true)
	return err
}

// RenderStaleCards renders the cards a previous renderer wrote (at start).
func (a *App) RenderStaleCards(ctx context.Context) (int, error) {
	return a.posts.RenderStaleCards(ctx, "", false)
}

// WageLower is the search's wage key: the lower bound of a + b (+ c) of the main pay.
func WageLower(p *posting.Posting) int {
	if p.Content.Wage == nil {
		return 0
	}
	total := p.Content.Wage.Base.Lower
	for _, al := range p.Content.Wage.Allowances {
		total += al.Amount.Lower
	}
	if fo := p.Content.Wage.FixedOvertime; fo != nil {
		total += fo.Amount.Lower
	}
	return total
}
