// Package postgres holds the job-posting repositories. Every query joins the
// transaction the context carries (libs/pgkit) and otherwise runs on the pool.
package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/libs/audit"
	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/app"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/number"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/posting"
)

// AuditTable is the service's append-only audit trail (migrations/00002_audit_log.sql).
const AuditTable = "audit_log"

// NewAuditLog returns the app.Auditor writing into AuditTable in the ctx transaction.
func NewAuditLog(pool *pgxpool.Pool) *audit.PGWriter { return audit.NewPGWriter(pool, AuditTable) }

// Postings is the repository of the posting aggregate. The aggregate is stored as JSON
// in doc; the other columns are derived from it on every save for the queries, and a
// published posting's search row (search_postings, with its pre-rendered public card)
// is written or removed in the same transaction.
type Postings struct {
	pool *pgxpool.Pool
	tx   *pgkit.Transactor
	card CardRenderer
	// gram frequencies of the search projection (pg_stats), for the keyword plan.
	statsMu   sync.Mutex
	stats     map[string]float64
	statsRead time.Time
}

// CardRenderer renders the public card a search answers for a published posting
// (internal/ports/grpcapi.Card). Version changes whenever the rendering does: cards of
// an older version are rendered again by RenderStaleCards.
type CardRenderer struct {
	Version int
	// Render returns the BASIC (list card) and FULL views.
	Render func(app.PublicItem) (basic, full []byte, err error)
}

// NewPostings returns the repository.
func NewPostings(pool *pgxpool.Pool, card CardRenderer) *Postings {
	return &Postings{pool: pool, tx: pgkit.NewTransactor(pool), card: card}
}

var _ app.Postings = (*Postings)(nil)

// PostingColumns are the columns of a postings row, in PostingRow's order.
const PostingColumns = `id, establishment_id, office_code, state, list, job_number, publish_by, referral_deadline, published_at,
	scope, category, prefecture, doc, created_at, updated_at, renewal_noticed_for`

func nullDate(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format(time.DateOnly)
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// PostingRow derives the postings row of a posting.
func PostingRow(p *posting.Posting) ([]any, error) {
	doc, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("postgres: encode posting %s: %w", p.ID, err)
	}
	var jobNumber any
	if !p.Number.IsZero() {
		jobNumber = p.Number.String()
	}
	var scope, category int
	var prefecture string
	if s := p.Content.Category; s != nil {
		scope, category = int(s.Scope), int(s.Category)
	}
	if s := p.Content.Workplace; s != nil {
		prefecture = s.Prefecture().Code()
	}
	return []any{p.ID, p.EstablishmentID, p.OfficeCode, string(p.State), int(p.List()), jobNumber,
		nullDate(p.PublishBy), nullDate(p.ReferralDeadline), nullTime(p.PublishedAt),
		scope, category, prefecture, doc, p.CreatedAt, p.UpdatedAt, nullDate(p.RenewalNoticeFor)}, nil
}

// SearchText is what the keyword search looks in: the nearest station, 職種, 仕事内容,
// the PR and the special notes.
func SearchText(c posting.Content) string {
	var text []string
	if s := c.Workplace; s != nil {
		text = append(text, s.NearestStation)
	}
	if s := c.Job; s != nil {
		text = append(text, s.Occupation, s.Description)
	}
	if s := c.PR; s != nil {
		text = append(text, s.PR, s.SpecialNotes)
	}
	return strings.Join(text, "\n")
}

// project writes the search row of p in the ctx transaction: a published posting's
// filters, text and rendered card; any other state removes the row.
func (r *Postings) project(ctx context.Context, p *posting.Posting) error {
	q := pgkit.Q(ctx, r.pool)
	if p.State != posting.StatePublished || p.Content.Category == nil {
		if _, err := q.Exec(ctx, `DELETE FROM search_postings WHERE id = $1`, p.ID); err != nil {
			return fmt.Errorf("postgres: remove search row: %w", err)
		}
		return nil
	}
	it := app.PublicItem{Posting: p, Content: p.PublicContent()}
	if p.Content.Category.Scope.ShowsEstablishment() {
		err := q.QueryRow(ctx, `SELECT name FROM establishments WHERE id = $1`, p.EstablishmentID).Scan(&it.EstablishmentName)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("postgres: establishment name: %w", err)
		}
	}
	row, err := SearchRow(it, r.card)
	if err != nil {
		return err
	}
	_, err = q.Exec(ctx, `INSERT INTO search_postings (`+SearchColumns+`)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21)
		ON CONFLICT (id) DO UPDATE SET establishment_id=$2, published_at=$3, scope=$4, category=$5, time_class=$6,
			employment_form=$7, prefecture=$8, municipality=$9, office_code=$10, pay_form=$11, wage_lower=$12, features=$13,
			two_days_off=$14, no_education=$15, no_experience=$16, search_text=$17, search_grams=$18, card=$19, card_full=$20,
			card_version=$21`,
		row...)
	if err != nil {
		return fmt.Errorf("postgres: write search row: %w", err)
	}
	return nil
}

// SearchColumns are the columns of a search_postings row, in SearchRow's order.
const SearchColumns = `id, establishment_id, published_at, scope, category, time_class, employment_form, prefecture,
	municipality, office_code, pay_form, wage_lower, features, two_days_off, no_education, no_experience, search_text,
	search_grams, card, card_full, card_version`

// SearchRow derives the search_postings row of a published posting, its card rendered
// by card (also for the benchmarks' bulk load).
func SearchRow(it app.PublicItem, card CardRenderer) ([]any, error) {
	p := it.Posting
	basic, full, err := card.Render(it)
	if err != nil {
		return nil, fmt.Errorf("postgres: render card %s: %w", p.ID, err)
	}
	c := p.Content
	var (
		scope, category, timeClass, form, payForm int
		municipality, prefecture                  string
		features                                  = []int32{}
		twoDays, noEduc, noExperience             bool
	)
	if s := c.Category; s != nil {
		scope, category, timeClass = int(s.Scope), int(s.Category), int(s.TimeClass)
	}
	if s := c.Workplace; s != nil {
		municipality, prefecture = s.Municipality, s.Prefecture().Code()
	}
	if s := c.Job; s != nil {
		form = int(s.Form)
		noEduc, noExperience = s.Education == codes.NotRequired, s.Experience == codes.NotRequired
	}
	if s := c.Wage; s != nil {
		payForm = int(s.Form)
	}
	if s := c.Hours; s != nil {
		twoDays = s.TwoDaysOff == codes.TwoDaysOffEveryWeek
	}
	if s := c.PR; s != nil {
		for _, f := range s.Features {
			features = append(features, int32(f))
		}
	}
	text := SearchText(c)
	return []any{p.ID, p.EstablishmentID, p.PublishedAt, scope, category, timeClass, form, prefecture, municipality,
		p.OfficeCode, payForm, app.WageLower(p), features, twoDays, noEduc, noExperience, text, Bigrams(text), basic, full,
		card.Version}, nil
}

// RenderStaleCards renders again the cards of the establishment's published postings
// ("" = every establishment) whose card is older than the renderer, or all of them when
// all is set (an establishment's name changed); each in its own transaction, unless ctx
// carries one.
func (r *Postings) RenderStaleCards(ctx context.Context, establishmentID string, all bool) (int, error) {
	rows, err := pgkit.Q(ctx, r.pool).Query(ctx, `SELECT p.id FROM postings p LEFT JOIN search_postings s ON s.id = p.id
		WHERE p.state = 'PUBLISHED' AND ($1 = '' OR p.establishment_id = $1)
			AND ($2 OR s.id IS NULL OR s.card_version <> $3) ORDER BY p.id`, establishmentID, all, r.card.Version)
	if err != nil {
		return 0, fmt.Errorf("postgres: stale cards: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		if err := r.Update(ctx, id, func(*posting.Posting) error { return nil }); err != nil && !errors.Is(err, app.ErrNoSuchPosting) {
			return 0, err
		}
	}
	return len(ids), nil
}

// Bigrams returns the distinct pairs of adjacent characters of s, across spaces and
// punctuation too (a keyword is matched as typed), in first-seen order.
func Bigrams(s string) []string {
	rs := []rune(strings.ToLower(s))
	seen := map[string]bool{}
	out := []string{}
	for i := 0; i+1 < len(rs); i++ {
		g := string(rs[i : i+2])
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	return out
}

// Create inserts a new posting.
func (r *Postings) Create(ctx context.Context, p *posting.Posting) error {
	a, err := PostingRow(p)
	if err != nil {
		return err
	}
	return r.tx.InTx(ctx, func(ctx context.Context) error {
		_, err = pgkit.Q(ctx, r.pool).Exec(ctx, `INSERT INTO postings (`+PostingColumns+`)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`, a...)
		if err != nil {
			return fmt.Errorf("postgres: insert posting: %w", err)
		}
		if p.State == posting.StatePublished {
			return r.project(ctx, p)
		}
		return nil
	})
}

func (r *Postings) save(ctx context.Context, p *posting.Posting) error {
	a, err := PostingRow(p)
	if err != nil {
		return err
	}
	_, err = pgkit.Q(ctx, r.pool).Exec(ctx, `UPDATE postings SET establishment_id=$2, office_code=$3, state=$4, list=$5,
		job_number=$6, publish_by=$7, referral_deadline=$8, published_at=$9, scope=$10, category=$11, prefecture=$12,
		doc=$13, created_at=$14, updated_at=$15, renewal_noticed_for=$16 WHERE id=$1`, a...)
	if err != nil {
		return fmt.Errorf("postgres: update posting: %w", err)
	}
	return r.project(ctx, p)
}

func scanDoc(row pgx.Row) (*posting.Posting, error) {
	var (
		doc []byte
		num *string
	)
	if err := row.Scan(&doc, &num); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, app.ErrNoSuchPosting
		}
		return nil, fmt.Errorf("postgres: read posting: %w", err)
	}
	var p posting.Posting
	if err := json.Unmarshal(doc, &p); err != nil {
		return nil, fmt.Errorf("postgres: decode posting: %w", err)
	}
	if num != nil {
		n, err := number.Parse(*num)
		if err != nil {
			return nil, fmt.Errorf("postgres: job number %q: %w", *num, err)
		}
		p.Number = n
	}
	return &p, nil
}

func (r *Postings) many(ctx context.Context, sql string, args ...any) ([]*posting.Posting, error) {
	rows, err := pgkit.Q(ctx, r.pool).Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: list postings: %w", err)
	}
	defer rows.Close()
	var out []*posting.Posting
	for rows.Next() {
		p, err := scanDoc(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Get reads a posting.
func (r *Postings) Get(ctx context.Context, id string) (*posting.Posting, error) {
	return scanDoc(pgkit.Q(ctx, r.pool).QueryRow(ctx, `SELECT doc, job_number FROM postings WHERE id = $1`, id))
}

// ByJobNumber reads the posting of a 求人番号.
func (r *Postings) ByJobNumber(ctx context.Context, jobNumber string) (*posting.Posting, error) {
	return scanDoc(pgkit.Q(ctx, r.pool).QueryRow(ctx, `SELECT doc, job_number FROM postings WHERE job_number = $1`, jobNumber))
}

// Update loads the posting FOR UPDATE in the ctx transaction (opening one if none),
// runs fn and saves what fn left; an error of fn saves nothing.
func (r *Postings) Update(ctx context.Context, id string, fn func(*posting.Posting) error) error {
	return r.tx.InTx(ctx, func(ctx context.Context) error {
		p, err := scanDoc(pgkit.Q(ctx, r.pool).QueryRow(ctx, `SELECT doc, job_number FROM postings WHERE id = $1 FOR UPDATE`, id))
		if err != nil {
			return err
		}
		if err := fn(p); err != nil {
			return err
		}
		return r.save(ctx, p)
	})
}

// SaveVersion keeps an accepted content (JOB-3).
func (r *Postings) SaveVersion(ctx context.Context, id string, version int, c posting.Content, at time.Time) error {
	doc, err := json.Marshal(c)
	if err != nil {
		return err
	}
	_, err = pgkit.Q(ctx, r.pool).Exec(ctx, `INSERT INTO posting_versions (posting_id, version, content, recorded_at)
		VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, id, version, doc, at)
	return err
}

// ByEstablishment lists an establishment's postings newest first.
func (r *Postings) ByEstablishment(ctx context.Context, est string, list posting.List, after []string, limit int) ([]*posting.Posting, error) {
	q := `SELECT doc, job_number FROM postings WHERE establishment_id = $1 AND ($2 = 0 OR list = $2)`
	a := []any{est, int(list)}
	if len(after) == 2 {
		q += ` AND (created_at, id) < ($3::timestamptz, $4)`
		a = append(a, after[0], after[1])
	}
	q += ` ORDER BY created_at DESC, id DESC LIMIT ` + strconv.Itoa(limit)
	return r.many(ctx, q, a...)
}

// ByOffice lists the office's postings newest first.
func (r *Postings) ByOffice(ctx context.Context, office, jobNumber, est string, after []string, limit int) ([]*posting.Posting, error) {
	q := `SELECT doc, job_number FROM postings WHERE office_code = $1 AND ($2 = '' OR job_number = $2)
		AND ($3 = '' OR establishment_id = $3)`
	a := []any{office, jobNumber, est}
	if len(after) == 2 {
		q += ` AND (created_at, id) < ($4::timestamptz, $5)`
		a = append(a, after[0], after[1])
	}
	q += ` ORDER BY created_at DESC, id DESC LIMIT ` + strconv.Itoa(limit)
	return r.many(ctx, q, a...)
}

// CountValid counts the valid postings per home-screen group (JOB-6).
func (r *Postings) CountValid(ctx context.Context, est string) (map[codes.HomeGroup]int, error) {
	rows, err := pgkit.Q(ctx, r.pool).Query(ctx, `SELECT category, count(*) FROM postings
		WHERE establishment_id = $1 AND list = $2 GROUP BY category`, est, int(posting.ListValid))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[codes.HomeGroup]int{codes.GroupGeneral: 0, codes.GroupGraduate: 0, codes.GroupDisability: 0}
	for rows.Next() {
		var cat, n int
		if err := rows.Scan(&cat, &n); err != nil {
			return nil, err
		}
		out[codes.Category(cat).HomeGroup()] += n
	}
	return out, rows.Err()
}

// History gives the counter-visit facts from the establishment's other postings.
func (r *Postings) History(ctx context.Context, est, exclude string, since time.Time) (app.History, error) {
	var h app.History
	err := pgkit.Q(ctx, r.pool).QueryRow(ctx, `SELECT
		coalesce(bool_or(state <> 'DRAFT'), false),
		coalesce(bool_or(state <> 'DRAFT' AND (doc->>'SubmittedAt')::timestamptz >= $3), false),
		coalesce(bool_or(job_number IS NOT NULL AND category = $4), false),
		coalesce(bool_or(job_number IS NOT NULL AND (doc->'Content'->'Category'->>'TrialEmployment')::boolean), false)
		FROM postings WHERE establishment_id = $1 AND id <> $2`, est, exclude, since, int(codes.CategoryDisability)).
		Scan(&h.Submitted, &h.SubmittedSince, &h.DisabilityAccepts, &h.TrialAccepts)
	return h, err
}

// Worklist lists the office's applications waiting for acceptance or publication by
// JOB-2 deadline (scope 4 accepted postings wait for nothing and are left out), and the
// valid postings with a pending change, stop, cancellation or extension (JOB-3).
func (r *Postings) Worklist(ctx context.Context, office string, after []string, limit int) ([]*posting.Posting, error) {
	q := `SELECT doc, job_number FROM postings WHERE office_code = $1
		AND (state = 'PROVISIONAL' OR (state = 'ACCEPTED' AND scope BETWEEN 1 AND 3)
			OR (state IN ('ACCEPTED', 'PUBLISHED', 'HELD') AND jsonb_typeof(doc->'Pending') = 'object'))`
	a := []any{office}
	if len(after) == 2 {
		q += ` AND (publish_by, id) > ($2::date, $3)`
		a = append(a, after[0], after[1])
	}
	q += ` ORDER BY publish_by, id LIMIT ` + strconv.Itoa(limit)
	return r.many(ctx, q, a...)
}

// frequentKeyword is the share of published postings above which a keyword is
// "frequent": its matches are then found by walking the order's index and checking
// the text (about 31/share rows for a page), not through the bigram index, which would
// read every match before ordering them.
const frequentKeyword = 0.01

// statsTTL is how long the gram frequencies read from pg_stats are reused.
const statsTTL = 5 * time.Minute

// gramStats returns the frequency of the most common bigrams of the search projection
// (pg_stats of search_grams, as of the last ANALYZE): a bigram not listed is rare.
func (r *Postings) gramStats(ctx context.Context) map[string]float64 {
	r.statsMu.Lock()
	defer r.statsMu.Unlock()
	if r.stats != nil && time.Since(r.statsRead) < statsTTL {
		return r.stats
	}
	stats := map[string]float64{}
	var (
		elems []string
		freqs []float64
	)
	err := pgkit.Q(ctx, r.pool).QueryRow(ctx, `SELECT most_common_elems::text::text[], most_common_elem_freqs::float8[]
		FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'search_postings' AND attname = 'search_grams'`).
		Scan(&elems, &freqs)
	if err == nil {
		for i, e := range elems {
			if i < len(freqs) {
				stats[e] = freqs[i]
			}
		}
	}
	// No statistics yet (a new or small table) reads as "every keyword rare": the
	// bigram index then answers, which is right for a small table.
	r.stats, r.statsRead = stats, time.Now()
	return stats
}

// keywordShare bounds the share of postings containing every word: no more than its
// rarest bigram's share.
func keywordShare(stats map[string]float64, words []string) float64 {
	share := 1.0
	for _, w := range words {
		for _, g := range Bigrams(w) {
			share = min(share, stats[g])
		}
	}
	return share
}

// Search lists the cards of published postings matching f from the search projection;
// the scope rule is applied here and again by the app (posting.ScopeVisibleTo).
func (r *Postings) Search(ctx context.Context, f app.SearchFilter, after []string, limit int) ([]app.Card, error) {
	var (
		where []string
		a     []any
	)
	arg := func(v any) string { a = append(a, v); return "$" + strconv.Itoa(len(a)) }
	if f.Audience == posting.AudienceSeekerPortal {
		where = append(where, `scope IN (1, 2, 3)`)
	} else {
		where = append(where, `scope IN (1, 3)`)
	}
	if words := strings.Fields(strings.ToLower(f.Keyword)); len(words) > 0 {
		// A frequent keyword leaves the bigram index out, so the planner walks the
		// order's index and stops at the page (its estimate for several containments
		// assumes independent bigrams and is far too low for real words).
		useGrams := keywordShare(r.gramStats(ctx), words) < frequentKeyword
		for _, w := range words {
			if g := Bigrams(w); len(g) > 0 && useGrams {
				where = append(where, `search_grams @> `+arg(g))
			}
			where = append(where, `strpos(lower(search_text), `+arg(w)+`) > 0`)
		}
	}
	if len(f.Categories) > 0 {
		where = append(where, `category = ANY(`+arg(f.Categories)+`)`)
	}
	if f.TimeClass != 0 {
		where = append(where, `time_class = `+arg(f.TimeClass))
	}
	if len(f.Forms) > 0 {
		where = append(where, `employment_form = ANY(`+arg(f.Forms)+`)`)
	}
	if f.Prefecture != "" {
		where = append(where, `prefecture = `+arg(f.Prefecture))
	}
	if len(f.Municipalities) > 0 {
		where = append(where, `municipality = ANY(`+arg(f.Municipalities)+`)`)
	}
	if d := f.District; d != nil {
		// 管内検索 by the place of work (search_postings_municipality): the district's
		// municipalities, or for a main office whose prefecture's districts are not
		// modelled in full, that prefecture without the other offices' municipalities.
		district := `municipality = ANY(` + arg(d.MunicipalityCodes) + `::text[])`
		if d.RestOfPrefecture != "" {
			district = `(` + district + ` OR (prefecture = ` + arg(d.RestOfPrefecture) +
				` AND municipality <> ALL(` + arg(append([]string{}, d.Excluded...)) + `::text[])))`
		}
		where = append(where, district)
	}
	if f.MinMonthly > 0 {
		where = append(where, `pay_form = `+strconv.Itoa(int(codes.PayMonthly))+` AND wage_lower >= `+arg(f.MinMonthly))
	}
	if f.MinHourly > 0 {
		where = append(where, `pay_form = `+strconv.Itoa(int(codes.PayHourly))+` AND wage_lower >= `+arg(f.MinHourly))
	}
	if len(f.Features) > 0 {
		fs := make([]int32, len(f.Features))
		for i, v := range f.Features {
			fs[i] = int32(v)
		}
		where = append(where, `features @> `+arg(fs))
	}
	if f.TwoDaysOff {
		where = append(where, `two_days_off`)
	}
	if f.NoEducation {
		where = append(where, `no_education`)
	}
	if f.NoExperience {
		where = append(where, `no_experience`)
	}
	order := `published_at DESC, id DESC`
	if f.Order == app.OrderWage {
		order = `wage_lower DESC, id DESC`
		if len(after) == 2 {
			where = append(where, `(wage_lower, id) < (`+arg(after[0])+`::integer, `+arg(after[1])+`)`)
		}
	} else if len(after) == 2 {
		where = append(where, `(published_at, id) < (`+arg(after[0])+`::timestamptz, `+arg(after[1])+`)`)
	}
	body := `card`
	if f.Full {
		body = `card_full`
	}
	q := `SELECT id, establishment_id, scope, published_at, wage_lower, ` + body + ` FROM search_postings WHERE ` +
		strings.Join(where, " AND ") + ` ORDER BY ` + order + ` LIMIT ` + strconv.Itoa(limit)
	rows, err := pgkit.Q(ctx, r.pool).Query(ctx, q, a...)
	if err != nil {
		return nil, fmt.Errorf("postgres: search: %w", err)
	}
	defer rows.Close()
	var out []app.Card
	for rows.Next() {
		var (
			c     app.Card
			scope int16
		)
		if err := rows.Scan(&c.ID, &c.EstablishmentID, &scope, &c.PublishedAt, &c.WageLower, &c.Body); err != nil {
			return nil, fmt.Errorf("postgres: search row: %w", err)
		}
		c.Scope = codes.Scope(scope)
		out = append(out, c)
	}
	return out, rows.Err()
}

// PublishableIDs lists the accepted postings of scope 1–3 accepted before today.
func (r *Postings) PublishableIDs(ctx context.Context, today time.Time, limit int) ([]string, error) {
	rows, err := pgkit.Q(ctx, r.pool).Query(ctx, `SELECT id FROM postings
		WHERE state = 'ACCEPTED' AND scope BETWEEN 1 AND 3 AND (doc->>'AcceptedOn')::timestamptz < $1
		ORDER BY id LIMIT $2`, today, limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// HoldableIDs lists the accepted and published postings of a prefecture.
func (r *Postings) HoldableIDs(ctx context.Context, prefecture string) ([]string, error) {
	rows, err := pgkit.Q(ctx, r.pool).Query(ctx, `SELECT id FROM postings
		WHERE state IN ('ACCEPTED', 'PUBLISHED') AND prefecture = $1 ORDER BY id`, prefecture)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// ExpiredIDs lists valid postings whose 紹介期限日 is before today.
func (r *Postings) ExpiredIDs(ctx context.Context, today time.Time, limit int) ([]string, error) {
	rows, err := pgkit.Q(ctx, r.pool).Query(ctx, `SELECT id FROM postings
		WHERE state IN ('ACCEPTED', 'PUBLISHED', 'HELD') AND referral_deadline < $1::date
		ORDER BY referral_deadline, id LIMIT $2`, today.Format(time.DateOnly), limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// RenewalNoticeIDs lists valid postings without a reserved renewal whose 紹介期限日 is
// on or before lastDeadline and whose window for that date was not announced yet.
func (r *Postings) RenewalNoticeIDs(ctx context.Context, lastDeadline time.Time, limit int) ([]string, error) {
	rows, err := pgkit.Q(ctx, r.pool).Query(ctx, `SELECT id FROM postings
		WHERE state IN ('ACCEPTED', 'PUBLISHED', 'HELD') AND referral_deadline <= $1::date
			AND renewal_noticed_for IS DISTINCT FROM referral_deadline AND coalesce(doc->>'RenewedBy', '') = ''
		ORDER BY referral_deadline, id LIMIT $2`, lastDeadline.Format(time.DateOnly), limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// Numbers allocates 求人番号 serials from one counter row per prefix.
type Numbers struct{ pool *pgxpool.Pool }

// NewNumbers returns the allocator.
func NewNumbers(pool *pgxpool.Pool) *Numbers { return &Numbers{pool: pool} }

// Next moves the prefix's counter by one and returns it. The row stays locked until
// the ctx transaction ends, so concurrent acceptances of one prefix queue up and a
// serial is never handed out twice; a rolled-back acceptance leaves the counter as it
// was, and a committed one is never undone (never reused).
func (n *Numbers) Next(ctx context.Context, prefix string) (int, error) {
	var serial int
	err := pgkit.Q(ctx, n.pool).QueryRow(ctx, `INSERT INTO job_number_counters (prefix, last_serial) VALUES ($1, 1)
		ON CONFLICT (prefix) DO UPDATE SET last_serial = job_number_counters.last_serial + 1
		RETURNING last_serial`, prefix).Scan(&serial)
	if err != nil {
		return 0, fmt.Errorf("postgres: allocate job number serial: %w", err)
	}
	return serial, nil
}

// Establishments is the read model of employer-registration's establishments.
type Establishments struct{ pool *pgxpool.Pool }

// NewEstablishments returns the read model repository.
func NewEstablishments(pool *pgxpool.Pool) *Establishments { return &Establishments{pool: pool} }

func (r *Establishments) one(ctx context.Context, where string, arg string) (app.Establishment, bool, error) {
	var e app.Establishment
	err := pgkit.Q(ctx, r.pool).QueryRow(ctx, `SELECT id, name, office_code, office_name, opened, opened_at_counter, owner_account_id FROM establishments WHERE `+where, arg).
		Scan(&e.ID, &e.Name, &e.OfficeCode, &e.OfficeName, &e.Opened, &e.OpenedAtCounter, &e.OwnerAccountID)
	if errors.Is(err, pgx.ErrNoRows) {
		return e, false, nil
	}
	return e, err == nil, err
}

// Get reads one establishment.
func (r *Establishments) Get(ctx context.Context, id string) (app.Establishment, bool, error) {
	return r.one(ctx, `id = $1`, id)
}

// ByOwner reads the establishment a provisional account registered (OPEN-1).
func (r *Establishments) ByOwner(ctx context.Context, accountID string) (app.Establishment, bool, error) {
	return r.one(ctx, `owner_account_id = $1 ORDER BY updated_at DESC LIMIT 1`, accountID)
}

// Upsert records what an event says; empty fields keep what is known.
func (r *Establishments) Upsert(ctx context.Context, e app.Establishment, at time.Time) error {
	// The office and the name follow the newest event (aggregate version): a late older
	// one leaves them; the opened flags only ever turn on.
	_, err := pgkit.Q(ctx, r.pool).Exec(ctx, `INSERT INTO establishments (id, name, office_code, opened, owner_account_id, updated_at, opened_at_counter, office_name, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (id) DO UPDATE SET
			name = CASE WHEN $2 = '' OR $9 < establishments.version THEN establishments.name ELSE $2 END,
			office_code = CASE WHEN $3 = '' OR $9 < establishments.version THEN establishments.office_code ELSE $3 END,
			opened = establishments.opened OR $4,
			owner_account_id = CASE WHEN $5 = '' THEN establishments.owner_account_id ELSE $5 END,
			opened_at_counter = establishments.opened_at_counter OR $7,
			office_name = CASE WHEN $8 = '' OR $9 < establishments.version THEN establishments.office_name ELSE $8 END,
			version = greatest(establishments.version, $9),
			updated_at = $6`, e.ID, e.Name, e.OfficeCode, e.Opened, e.OwnerAccountID, at, e.OpenedAtCounter, e.OfficeName, e.Version)
	return err
}

// Names reads the names of establishments.
func (r *Establishments) Names(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := pgkit.Q(ctx, r.pool).Query(ctx, `SELECT id, name FROM establishments WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}

// Opened reports which of the establishments are opened.
func (r *Establishments) Opened(ctx context.Context, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := pgkit.Q(ctx, r.pool).Query(ctx, `SELECT id, opened FROM establishments WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id     string
			opened bool
		)
		if err := rows.Scan(&id, &opened); err != nil {
			return nil, err
		}
		out[id] = opened
	}
	return out, rows.Err()
}
