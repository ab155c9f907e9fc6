package app

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/pagetoken"
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
	OfficeCode     string
	MinMonthly     int
	MinHourly      int
	Features       []int
	Order          int
	TwoDaysOff     bool // 週休二日 every week
	NoEducation    bool // 学歴不問
	NoExperience   bool // 経験不問
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

// SearchPage is one page of results.
type SearchPage struct {
	Items         []PublicItem
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
			key = strconv.Itoa(WageLower(last))
		}
		page.NextPageToken = pagetoken.Encode(f, key, last.ID)
	}
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.EstablishmentID)
	}
	names, err := a.ests.Names(ctx, ids)
	if err != nil {
		return SearchPage{}, err
	}
	for _, r := range rows {
		if !r.VisibleTo(f.Audience) { // the query filters already; the domain rule decides
			continue
		}
		it := PublicItem{Posting: r, Content: r.PublicContent()}
		if r.Content.Category.Scope.ShowsEstablishment() {
			it.EstablishmentName = names[r.EstablishmentID]
		}
		page.Items = append(page.Items, it)
	}
	return page, nil
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
