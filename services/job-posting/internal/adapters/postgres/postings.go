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
// in doc; the other columns are derived from it on every save for the queries.
type Postings struct {
	pool *pgxpool.Pool
	tx   *pgkit.Transactor
}

// NewPostings returns the repository.
func NewPostings(pool *pgxpool.Pool) *Postings {
	return &Postings{pool: pool, tx: pgkit.NewTransactor(pool)}
}

var _ app.Postings = (*Postings)(nil)

const columns = `id, establishment_id, office_code, state, list, job_number, publish_by, referral_deadline, published_at,
	scope, category, time_class, employment_form, municipality, prefecture, pay_form, wage_lower, features, search_text,
	doc, created_at, updated_at, search_grams`

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

// args derives the row of a posting.
func args(p *posting.Posting) ([]any, error) {
	doc, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("postgres: encode posting %s: %w", p.ID, err)
	}
	var jobNumber any
	if !p.Number.IsZero() {
		jobNumber = p.Number.String()
	}
	var (
		scope, category, timeClass, form, payForm int
		municipality, prefecture                  string
		features                                  = []int32{}
		text                                      []string
	)
	c := p.Content
	if s := c.Category; s != nil {
		scope, category, timeClass = int(s.Scope), int(s.Category), int(s.TimeClass)
	}
	if s := c.Workplace; s != nil {
		municipality, prefecture = s.Municipality, s.Prefecture().Code()
		text = append(text, s.NearestStation)
	}
	if s := c.Job; s != nil {
		form = int(s.Form)
		text = append(text, s.Occupation, s.Description)
	}
	if s := c.Wage; s != nil {
		payForm = int(s.Form)
	}
	if s := c.PR; s != nil {
		for _, f := range s.Features {
			features = append(features, int32(f))
		}
		text = append(text, s.PR, s.SpecialNotes)
	}
	return []any{p.ID, p.EstablishmentID, p.OfficeCode, string(p.State), int(p.List()), jobNumber,
		nullDate(p.PublishBy), nullDate(p.ReferralDeadline), nullTime(p.PublishedAt),
		scope, category, timeClass, form, municipality, prefecture, payForm, app.WageLower(p), features,
		strings.Join(text, "\n"), doc, p.CreatedAt, p.UpdatedAt, Bigrams(strings.Join(text, "\n"))}, nil
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
	a, err := args(p)
	if err != nil {
		return err
	}
	_, err = pgkit.Q(ctx, r.pool).Exec(ctx, `INSERT INTO postings (`+columns+`)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23)`, a...)
	if err != nil {
		return fmt.Errorf("postgres: insert posting: %w", err)
	}
	return nil
}

func (r *Postings) save(ctx context.Context, p *posting.Posting) error {
	a, err := args(p)
	if err != nil {
		return err
	}
	_, err = pgkit.Q(ctx, r.pool).Exec(ctx, `UPDATE postings SET establishment_id=$2, office_code=$3, state=$4, list=$5,
		job_number=$6, publish_by=$7, referral_deadline=$8, published_at=$9, scope=$10, category=$11, time_class=$12,
		employment_form=$13, municipality=$14, prefecture=$15, pay_form=$16, wage_lower=$17, features=$18,
		search_text=$19, doc=$20, created_at=$21, updated_at=$22, search_grams=$23 WHERE id=$1`, a...)
	if err != nil {
		return fmt.Errorf("postgres: update posting: %w", err)
	}
	return nil
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

// Search lists published postings matching f; the scope rule is applied here and
// again by the app with the domain's VisibleTo.
func (r *Postings) Search(ctx context.Context, f app.SearchFilter, after []string, limit int) ([]*posting.Posting, error) {
	var (
		where []string
		a     []any
	)
	arg := func(v any) string { a = append(a, v); return "$" + strconv.Itoa(len(a)) }
	where = append(where, `state = 'PUBLISHED'`)
	if f.Audience == posting.AudienceSeekerPortal {
		where = append(where, `scope IN (1, 2, 3)`)
	} else {
		where = append(where, `scope IN (1, 3)`)
	}
	if f.Keyword != "" {
		for _, w := range strings.Fields(f.Keyword) {
			if g := Bigrams(w); len(g) > 0 {
				where = append(where, `search_grams @> `+arg(g))
			}
			where = append(where, `strpos(lower(search_text), `+arg(strings.ToLower(w))+`) > 0`)
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
	if f.OfficeCode != "" {
		where = append(where, `office_code = `+arg(f.OfficeCode))
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
		where = append(where, `(doc->'Content'->'Hours'->>'TwoDaysOff')::int = `+strconv.Itoa(int(codes.TwoDaysOffEveryWeek)))
	}
	if f.NoEducation {
		where = append(where, `(doc->'Content'->'Job'->>'Education')::int = `+strconv.Itoa(int(codes.NotRequired)))
	}
	if f.NoExperience {
		where = append(where, `(doc->'Content'->'Job'->>'Experience')::int = `+strconv.Itoa(int(codes.NotRequired)))
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
	q := `SELECT doc, job_number FROM postings WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY ` + order + ` LIMIT ` + strconv.Itoa(limit)
	return r.many(ctx, q, a...)
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
	_, err := pgkit.Q(ctx, r.pool).Exec(ctx, `INSERT INTO establishments (id, name, office_code, opened, owner_account_id, updated_at, opened_at_counter, office_name)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (id) DO UPDATE SET
			name = CASE WHEN $2 = '' THEN establishments.name ELSE $2 END,
			office_code = CASE WHEN $3 = '' THEN establishments.office_code ELSE $3 END,
			opened = establishments.opened OR $4,
			owner_account_id = CASE WHEN $5 = '' THEN establishments.owner_account_id ELSE $5 END,
			opened_at_counter = establishments.opened_at_counter OR $7,
			office_name = CASE WHEN $8 = '' THEN establishments.office_name ELSE $8 END,
			updated_at = $6`, e.ID, e.Name, e.OfficeCode, e.Opened, e.OwnerAccountID, at, e.OpenedAtCounter, e.OfficeName)
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
