package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/app"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/directrequest"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/posting"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/seeker"
)

// OfEstablishment reads the establishment's postings.
func (r *Postings) OfEstablishment(ctx context.Context, establishmentID string) ([]posting.Facts, error) {
	rows, err := pgkit.Q(ctx, r.pool).Query(ctx, `SELECT facts FROM postings WHERE establishment_id = $1`, establishmentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []posting.Facts
	for rows.Next() {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		var f posting.Facts
		if err := json.Unmarshal(doc, &f); err != nil {
			return nil, fmt.Errorf("postgres: decode posting: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// ---- seeker index (SEEK-1) ----

var _ app.SeekerIndex = (*Seekers)(nil)

// IndexVersion is the version of the search columns' derivation (indexArgs): rows
// written by an older one are derived again at start (Reindex).
const IndexVersion = 1

// indexColumns are the search columns of seekers (migration 00004), in indexArgs' order.
const indexColumns = `index_version, valid_until, occupation_prefixes, prefectures, employment_forms, wage_form, wage_yen,
	licences, search_text, search_grams`

const indexUpdate = `index_version = EXCLUDED.index_version, valid_until = EXCLUDED.valid_until,
	occupation_prefixes = EXCLUDED.occupation_prefixes, prefectures = EXCLUDED.prefectures,
	employment_forms = EXCLUDED.employment_forms, wage_form = EXCLUDED.wage_form, wage_yen = EXCLUDED.wage_yen,
	licences = EXCLUDED.licences, search_text = EXCLUDED.search_text, search_grams = EXCLUDED.search_grams`

// indexArgs are the values of indexColumns for a seeker: its published profile as the
// search compares it (seeker.Profile.Index), empty when nothing is published.
func indexArgs(s *seeker.Seeker) []any {
	var (
		occ, lic, grams = []string{}, []string{}, []string{}
		prefs, forms    = []int32{}, []int32{}
		wageForm, yen   any
		text            string
	)
	if p := s.Profile; p != nil {
		ix := p.Index()
		occ, lic, text, grams = nonNil(ix.OccupationPrefixes), nonNil(ix.Licences), ix.Text, Bigrams(ix.Text)
		prefs, forms = int32s(p.DesiredPrefectures), int32s(p.EmploymentForms)
		if w := p.DesiredWage; w != nil {
			wageForm, yen = int16(w.Form), int32(w.Yen)
		}
	}
	return []any{IndexVersion, clock.DateJST(s.ValidUntil).Format(time.DateOnly), occ, prefs, forms, wageForm, yen, lic, text, grams}
}

func nonNil(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}

func int32s(is []int) []int32 {
	out := make([]int32, len(is))
	for i, v := range is {
		out[i] = int32(v)
	}
	return out
}

// SeekerColumns and SeekerRow are a seeker's row as Save writes it (search_key takes
// its random default), for bulk loads (COPY) of generated seekers in benchmarks.
var SeekerColumns = append([]string{"number", "searchable", "doc", "updated_at"},
	strings.Split(strings.Join(strings.Fields(strings.ReplaceAll(indexColumns, ",", " ")), ","), ",")...)

// SeekerRow is the row of s in SeekerColumns' order.
func SeekerRow(s *seeker.Seeker) ([]any, error) {
	doc, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	return append([]any{s.Number.String(), s.Publishes(), doc, s.UpdatedAt}, indexArgs(s)...), nil
}

// Bigrams returns the distinct pairs of adjacent characters of s (already folded), in
// first-seen order, across spaces and punctuation too: a keyword term is matched as
// typed (the same projection as job-posting's search).
func Bigrams(s string) []string {
	rs := []rune(s)
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

// Reindex derives the search columns again for every seeker written by an older
// derivation (rows from before migration 00004 included), in batches, so the search
// finds them. It returns how many rows it rewrote.
func (r *Seekers) Reindex(ctx context.Context) (int, error) {
	n := 0
	for {
		rows, err := pgkit.Q(ctx, r.pool).Query(ctx, `SELECT doc FROM seekers WHERE index_version <> $1 LIMIT 500`, IndexVersion)
		if err != nil {
			return n, fmt.Errorf("postgres: reindex seekers: %w", err)
		}
		docs, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
		if err != nil {
			return n, err
		}
		for _, doc := range docs {
			var s seeker.Seeker
			if err := json.Unmarshal(doc, &s); err != nil {
				return n, fmt.Errorf("postgres: decode seeker: %w", err)
			}
			args := append([]any{s.Number.String()}, indexArgs(&s)...)
			if _, err := pgkit.Q(ctx, r.pool).Exec(ctx, `UPDATE seekers SET (`+indexColumns+`) =
				($2, $3, $4, $5, $6, $7, $8, $9, $10, $11) WHERE number = $1`, args...); err != nil {
				return n, fmt.Errorf("postgres: reindex seeker: %w", err)
			}
			n++
		}
		if len(docs) < 500 {
			return n, nil
		}
	}
}

// frequentKeyword is the share of searchable seekers above which a keyword is
// "frequent": its matches are then found by walking the key order and checking the
// text (about page/share rows), not through the bigram index, which reads every match
// before ordering them.
const frequentKeyword = 0.01

// statsTTL is how long the bigram frequencies read from pg_stats are reused.
const statsTTL = 5 * time.Minute

// gramStats returns the frequencies of the most common bigrams of the search text
// (pg_stats of search_grams as of the last ANALYZE): a bigram not listed is rare, and
// so is every bigram before the first ANALYZE (the bigram index then answers, right
// for a small table).
func (r *Seekers) gramStats(ctx context.Context) map[string]float64 {
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
		FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'seekers' AND attname = 'search_grams'`).
		Scan(&elems, &freqs)
	if err == nil {
		for i, e := range elems {
			if i < len(freqs) {
				stats[e] = freqs[i]
			}
		}
	}
	r.stats, r.statsRead = stats, time.Now()
	return stats
}

// keywordShare bounds the share of seekers containing every term: no more than its
// rarest bigram's share.
func keywordShare(stats map[string]float64, terms []string) float64 {
	share := 1.0
	for _, t := range terms {
		for _, g := range Bigrams(t) {
			share = min(share, stats[g])
		}
	}
	return share
}

// Search reads, in search-key order after `after`, up to limit seekers who publish a
// profile, whose registration is valid on the JST date of now and who meet q (SEEK-1;
// the same set as seeker.Query.Matches, which the app applies again). Every filter is a
// containment on the search columns (GIN seekers_search_terms) or a comparison; each
// keyword term also needs its bigrams (GIN) and is confirmed with strpos on the folded
// text.
func (r *Seekers) Search(ctx context.Context, q seeker.Query, now time.Time, after string, limit int) ([]app.IndexedSeeker, error) {
	sql, a := r.searchSQL(ctx, q, now, after, limit)
	// Planned with its values every time (an unnamed statement, not pgx's cached
	// prepared one): after five executions PostgreSQL may switch a prepared statement
	// to a generic plan, whose estimate for the array containments is one row, so it
	// read every match through the GIN bitmap and sorted them (desired prefecture +
	// employment form over 100,000 profiles: 6,667 rows, 13.9 ms of backend CPU per
	// search instead of 0.27 ms walking the key order; docs/benchmarks.md).
	rows, err := pgkit.Q(ctx, r.pool).Query(ctx, sql, append([]any{pgx.QueryExecModeExec}, a...)...)
	if err != nil {
		return nil, fmt.Errorf("postgres: search seekers: %w", err)
	}
	defer rows.Close()
	var out []app.IndexedSeeker
	for rows.Next() {
		var key string
		var doc []byte
		if err := rows.Scan(&key, &doc); err != nil {
			return nil, err
		}
		var s seeker.Seeker
		if err := json.Unmarshal(doc, &s); err != nil {
			return nil, fmt.Errorf("postgres: decode seeker: %w", err)
		}
		out = append(out, app.IndexedSeeker{Key: key, Seeker: &s})
	}
	return out, rows.Err()
}

// searchSQL builds the search's statement and arguments.
func (r *Seekers) searchSQL(ctx context.Context, q seeker.Query, now time.Time, after string, limit int) (string, []any) {
	var a []any
	arg := func(v any) string { a = append(a, v); return "$" + strconv.Itoa(len(a)) }
	where := []string{`searchable`, `valid_until >= ` + arg(clock.DateJST(now).Format(time.DateOnly)) + `::date`}
	if q.Occupation != "" {
		where = append(where, `occupation_prefixes @> ARRAY[`+arg(q.Occupation)+`::text]`)
	}
	if q.Prefecture != 0 {
		where = append(where, `prefectures @> ARRAY[`+arg(int32(q.Prefecture))+`::integer]`)
	}
	if q.EmploymentForm != 0 {
		where = append(where, `employment_forms @> ARRAY[`+arg(int32(q.EmploymentForm))+`::integer]`)
	}
	if w := q.Offered; w != nil {
		where = append(where, `(wage_form IS DISTINCT FROM `+arg(int16(w.Form))+`::smallint OR wage_yen <= `+arg(int32(w.Yen))+`::integer)`)
	}
	if ls := q.FoldedLicences(); len(ls) > 0 {
		where = append(where, `licences @> `+arg(ls)+`::text[]`)
	}
	terms := seeker.Terms(q.Keyword)
	// A frequent keyword leaves the bigram index out, so the planner walks the key
	// order and stops at the page (its estimate for several containments assumes
	// independent bigrams and is far too low for real words: "システム 設計" read
	// every match through the bitmap, 200-480 ms over 100,000 profiles).
	useGrams := len(terms) > 0 && keywordShare(r.gramStats(ctx), terms) < frequentKeyword
	for _, t := range terms {
		if g := Bigrams(t); len(g) > 0 && useGrams {
			where = append(where, `search_grams @> `+arg(g)+`::text[]`)
		}
		where = append(where, `strpos(search_text, `+arg(t)+`) > 0`)
	}
	if after != "" {
		where = append(where, `search_key > `+arg(after))
	}
	return `SELECT search_key, doc FROM seekers WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY search_key LIMIT ` + strconv.Itoa(limit), a
}

// ByKey reads a seeker by search key.
func (r *Seekers) ByKey(ctx context.Context, key string) (*seeker.Seeker, error) {
	var doc []byte
	err := pgkit.Q(ctx, r.pool).QueryRow(ctx, `SELECT doc FROM seekers WHERE search_key = $1`, key).Scan(&doc)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, app.ErrNoSuchSeeker
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: read seeker: %w", err)
	}
	var s seeker.Seeker
	if err := json.Unmarshal(doc, &s); err != nil {
		return nil, fmt.Errorf("postgres: decode seeker: %w", err)
	}
	return &s, nil
}

// KeysOf returns the search keys of the seekers given.
func (r *Seekers) KeysOf(ctx context.Context, ns []seeker.Number) (map[seeker.Number]string, error) {
	out := map[seeker.Number]string{}
	if len(ns) == 0 {
		return out, nil
	}
	keys := make([]string, len(ns))
	for i, n := range ns {
		keys[i] = n.String()
	}
	rows, err := pgkit.Q(ctx, r.pool).Query(ctx, `SELECT number, search_key FROM seekers WHERE number = ANY($1)`, keys)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var number, key string
		if err := rows.Scan(&number, &key); err != nil {
			return nil, err
		}
		n, err := seeker.ParseNumber(number)
		if err != nil {
			return nil, err
		}
		out[n] = key
	}
	return out, rows.Err()
}

// ---- direct requests (SEEK-1) ----

// DirectRequests is the repository of the 直接リクエスト.
type DirectRequests struct{ pool *pgxpool.Pool }

// NewDirectRequests returns the repository.
func NewDirectRequests(pool *pgxpool.Pool) *DirectRequests { return &DirectRequests{pool: pool} }

var _ app.DirectRequests = (*DirectRequests)(nil)

// Create inserts a request; the unique (posting, seeker) backs the domain's once-only rule.
func (r *DirectRequests) Create(ctx context.Context, d *directrequest.Request) error {
	doc, err := json.Marshal(d)
	if err != nil {
		return err
	}
	_, err = pgkit.Q(ctx, r.pool).Exec(ctx, `INSERT INTO direct_requests (id, establishment_id, posting_id, seeker_number, doc, sent_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, d.ID, d.EstablishmentID, d.PostingID, d.Seeker.String(), doc, d.SentAt)
	return err
}

// Save replaces a request's document.
func (r *DirectRequests) Save(ctx context.Context, d *directrequest.Request) error {
	doc, err := json.Marshal(d)
	if err != nil {
		return err
	}
	_, err = pgkit.Q(ctx, r.pool).Exec(ctx, `UPDATE direct_requests SET doc = $2 WHERE id = $1`, d.ID, doc)
	return err
}

// Get reads a request.
func (r *DirectRequests) Get(ctx context.Context, id string) (*directrequest.Request, error) {
	out, err := r.list(ctx, `SELECT doc FROM direct_requests WHERE id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, app.ErrNoSuchDirectRequest
	}
	return out[0], nil
}

// OfPosting lists a posting's requests.
func (r *DirectRequests) OfPosting(ctx context.Context, postingID string) ([]*directrequest.Request, error) {
	return r.list(ctx, `SELECT doc FROM direct_requests WHERE posting_id = $1 ORDER BY sent_at DESC, id DESC`, postingID)
}

// OfEstablishment lists an establishment's requests (of one posting when given).
func (r *DirectRequests) OfEstablishment(ctx context.Context, establishmentID, postingID string) ([]*directrequest.Request, error) {
	return r.list(ctx, `SELECT doc FROM direct_requests WHERE establishment_id = $1 AND ($2 = '' OR posting_id = $2)
		ORDER BY sent_at DESC, id DESC`, establishmentID, postingID)
}

// OfSeeker lists the requests sent to a seeker.
func (r *DirectRequests) OfSeeker(ctx context.Context, n seeker.Number) ([]*directrequest.Request, error) {
	return r.list(ctx, `SELECT doc FROM direct_requests WHERE seeker_number = $1 ORDER BY sent_at DESC, id DESC`, n.String())
}

func (r *DirectRequests) list(ctx context.Context, sql string, args ...any) ([]*directrequest.Request, error) {
	rows, err := pgkit.Q(ctx, r.pool).Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*directrequest.Request
	for rows.Next() {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		var d directrequest.Request
		if err := json.Unmarshal(doc, &d); err != nil {
			return nil, fmt.Errorf("postgres: decode direct request: %w", err)
		}
		out = append(out, &d)
	}
	return out, rows.Err()
}

// SeekerRefKey reads the key of the per-establishment seeker handles (migration 00006).
func SeekerRefKey(ctx context.Context, pool *pgxpool.Pool) ([]byte, error) {
	var key []byte
	if err := pool.QueryRow(ctx, `SELECT key FROM seeker_ref_key`).Scan(&key); err != nil {
		return nil, fmt.Errorf("postgres: seeker_ref key: %w", err)
	}
	return key, nil
}
