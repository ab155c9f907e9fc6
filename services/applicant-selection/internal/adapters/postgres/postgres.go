// Package postgres holds the applicant-selection repositories. Aggregates are stored as
// JSON in doc columns; the other columns are derived from them on every save for the
// queries. Every query joins the transaction the context carries (libs/pgkit).
package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/libs/audit"
	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/app"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/application"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/message"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/posting"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/seeker"
)

// AuditTable is the service's append-only audit trail (migrations/00002_audit_log.sql).
const AuditTable = "audit_log"

// NewAuditLog returns the app.Auditor writing into AuditTable in the ctx transaction.
func NewAuditLog(pool *pgxpool.Pool) *audit.PGWriter { return audit.NewPGWriter(pool, AuditTable) }

// ---- postings (read model) ----

// Postings is the read model of job-posting's postings.
type Postings struct {
	pool *pgxpool.Pool
	tx   *pgkit.Transactor
}

// NewPostings returns the repository.
func NewPostings(pool *pgxpool.Pool) *Postings {
	return &Postings{pool: pool, tx: pgkit.NewTransactor(pool)}
}

var _ app.Postings = (*Postings)(nil)

func (r *Postings) one(ctx context.Context, sql string, id string) (posting.Facts, error) {
	var doc []byte
	if err := pgkit.Q(ctx, r.pool).QueryRow(ctx, sql, id).Scan(&doc); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return posting.Facts{}, app.ErrNoSuchPosting
		}
		return posting.Facts{}, fmt.Errorf("postgres: read posting: %w", err)
	}
	var f posting.Facts
	if err := json.Unmarshal(doc, &f); err != nil {
		return posting.Facts{}, fmt.Errorf("postgres: decode posting: %w", err)
	}
	return f, nil
}

// Get reads the facts.
func (r *Postings) Get(ctx context.Context, id string) (posting.Facts, error) {
	return r.one(ctx, `SELECT facts FROM postings WHERE id = $1`, id)
}

// Lock reads the facts FOR UPDATE.
func (r *Postings) Lock(ctx context.Context, id string) (posting.Facts, error) {
	return r.one(ctx, `SELECT facts FROM postings WHERE id = $1 FOR UPDATE`, id)
}

// Update loads FOR UPDATE (zero facts when unknown), runs fn, saves on change.
func (r *Postings) Update(ctx context.Context, id string, fn func(*posting.Facts) (bool, error)) error {
	return r.tx.InTx(ctx, func(ctx context.Context) error {
		// A placeholder row first, so that two events of a posting not seen yet (the
		// consumer handles messages in parallel) serialise on its row lock instead of
		// both starting from nothing.
		if _, err := pgkit.Q(ctx, r.pool).Exec(ctx, `INSERT INTO postings (id, establishment_id, office_code, facts, updated_at)
			VALUES ($1, '', '', '{}', now()) ON CONFLICT DO NOTHING`, id); err != nil {
			return err
		}
		f, err := r.Lock(ctx, id)
		if err != nil {
			return err
		}
		changed, err := fn(&f)
		if err != nil || !changed {
			return err
		}
		doc, err := json.Marshal(f)
		if err != nil {
			return err
		}
		_, err = pgkit.Q(ctx, r.pool).Exec(ctx, `INSERT INTO postings (id, establishment_id, office_code, facts, updated_at)
			VALUES ($1, $2, $3, $4, now()) ON CONFLICT (id) DO UPDATE
			SET establishment_id = EXCLUDED.establishment_id, office_code = EXCLUDED.office_code, facts = EXCLUDED.facts, updated_at = now()`,
			f.ID, f.EstablishmentID, f.OfficeCode, doc)
		return err
	})
}

// SaveVersion keeps a content version.
func (r *Postings) SaveVersion(ctx context.Context, id string, version int, content []byte, at time.Time) error {
	_, err := pgkit.Q(ctx, r.pool).Exec(ctx, `INSERT INTO posting_versions (posting_id, version, content, recorded_at)
		VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, id, version, content, at)
	return err
}

// Version reads a content version.
func (r *Postings) Version(ctx context.Context, id string, version int) ([]byte, error) {
	var doc []byte
	err := pgkit.Q(ctx, r.pool).QueryRow(ctx, `SELECT content FROM posting_versions WHERE posting_id = $1 AND version = $2`, id, version).Scan(&doc)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return doc, err
}

// ByIDs reads several.
func (r *Postings) ByIDs(ctx context.Context, ids []string) (map[string]posting.Facts, error) {
	out := map[string]posting.Facts{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := pgkit.Q(ctx, r.pool).Query(ctx, `SELECT facts FROM postings WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		var f posting.Facts
		if err := json.Unmarshal(doc, &f); err != nil {
			return nil, err
		}
		out[f.ID] = f
	}
	return out, rows.Err()
}

// ---- seekers ----

// Seekers is the repository of seekers and offers.
type Seekers struct {
	pool *pgxpool.Pool

	statsMu   sync.Mutex // the bigram frequencies of the search (gramStats)
	stats     map[string]float64
	statsRead time.Time
}

// NewSeekers returns the repository.
func NewSeekers(pool *pgxpool.Pool) *Seekers { return &Seekers{pool: pool} }

var _ app.Seekers = (*Seekers)(nil)

func (r *Seekers) one(ctx context.Context, sql string, n seeker.Number) (*seeker.Seeker, error) {
	var doc []byte
	if err := pgkit.Q(ctx, r.pool).QueryRow(ctx, sql, n.String()).Scan(&doc); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, app.ErrNoSuchSeeker
		}
		return nil, fmt.Errorf("postgres: read seeker: %w", err)
	}
	var s seeker.Seeker
	if err := json.Unmarshal(doc, &s); err != nil {
		return nil, fmt.Errorf("postgres: decode seeker: %w", err)
	}
	return &s, nil
}

// Get reads a seeker.
func (r *Seekers) Get(ctx context.Context, n seeker.Number) (*seeker.Seeker, error) {
	return r.one(ctx, `SELECT doc FROM seekers WHERE number = $1`, n)
}

// Lock reads FOR UPDATE (nil when unknown).
func (r *Seekers) Lock(ctx context.Context, n seeker.Number) (*seeker.Seeker, error) {
	s, err := r.one(ctx, `SELECT doc FROM seekers WHERE number = $1 FOR UPDATE`, n)
	if errors.Is(err, app.ErrNoSuchSeeker) {
		return nil, nil
	}
	return s, err
}

// Save inserts or replaces.
func (r *Seekers) Save(ctx context.Context, s *seeker.Seeker) error {
	doc, err := json.Marshal(s)
	if err != nil {
		return err
	}
	args := append([]any{s.Number.String(), s.Publishes(), doc, s.UpdatedAt}, indexArgs(s)...)
	_, err = pgkit.Q(ctx, r.pool).Exec(ctx, `INSERT INTO seekers (number, searchable, doc, updated_at, `+indexColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
		ON CONFLICT (number) DO UPDATE SET searchable = EXCLUDED.searchable, doc = EXCLUDED.doc, updated_at = EXCLUDED.updated_at,
			`+indexUpdate, args...)
	return err
}

// PersonalByNumbers reads the personal data of several seekers: only that part of each
// document leaves PostgreSQL (the applicant list's decoration; a whole document is
// about 1 kB of JSON to print and parse per applicant).
func (r *Seekers) PersonalByNumbers(ctx context.Context, ns []seeker.Number) (map[seeker.Number]seeker.Personal, error) {
	out := map[seeker.Number]seeker.Personal{}
	if len(ns) == 0 {
		return out, nil
	}
	keys := make([]string, len(ns))
	for i, n := range ns {
		keys[i] = n.String()
	}
	rows, err := pgkit.Q(ctx, r.pool).Query(ctx, `SELECT number, doc->'Personal' FROM seekers WHERE number = ANY($1)`, keys)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			number string
			doc    []byte
		)
		if err := rows.Scan(&number, &doc); err != nil {
			return nil, err
		}
		n, err := seeker.ParseNumber(number)
		if err != nil {
			return nil, err
		}
		var p seeker.Personal
		if err := json.Unmarshal(doc, &p); len(doc) > 0 && err != nil {
			return nil, fmt.Errorf("postgres: decode seeker %s: %w", number, err)
		}
		out[n] = p
	}
	return out, rows.Err()
}

// PutOffer records an offer.
func (r *Seekers) PutOffer(ctx context.Context, n seeker.Number, o application.Offer) error {
	_, err := pgkit.Q(ctx, r.pool).Exec(ctx, `INSERT INTO referral_offers (seeker_number, posting_id, office_code, office_name, offered_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, n.String(), o.PostingID, o.Office.Code, o.Office.Name, o.OfferedAt)
	return err
}

// Offer reads an offer.
func (r *Seekers) Offer(ctx context.Context, n seeker.Number, postingID string) (*application.Offer, error) {
	o := application.Offer{PostingID: postingID}
	err := pgkit.Q(ctx, r.pool).QueryRow(ctx, `SELECT office_code, office_name, offered_at FROM referral_offers
		WHERE seeker_number = $1 AND posting_id = $2`, n.String(), postingID).Scan(&o.Office.Code, &o.Office.Name, &o.OfferedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &o, nil
}

// ---- accounts ----

// Accounts is the read model of primary accounts.
type Accounts struct{ pool *pgxpool.Pool }

// NewAccounts returns the repository.
func NewAccounts(pool *pgxpool.Pool) *Accounts { return &Accounts{pool: pool} }

var _ app.Accounts = (*Accounts)(nil)

// Upsert records the primary account.
func (r *Accounts) Upsert(ctx context.Context, a app.PrimaryAccount, at time.Time) error {
	_, err := pgkit.Q(ctx, r.pool).Exec(ctx, `INSERT INTO primary_accounts (establishment_id, account_id, email, updated_at)
		VALUES ($1, $2, $3, $4) ON CONFLICT (establishment_id) DO UPDATE
		SET account_id = EXCLUDED.account_id, email = EXCLUDED.email, updated_at = EXCLUDED.updated_at`,
		a.EstablishmentID, a.AccountID, a.Email, at)
	return err
}

// ChangeEmail follows a primary account's new e-mail.
func (r *Accounts) ChangeEmail(ctx context.Context, accountID, email string, at time.Time) error {
	_, err := pgkit.Q(ctx, r.pool).Exec(ctx, `UPDATE primary_accounts SET email = $2, updated_at = $3 WHERE account_id = $1`, accountID, email, at)
	return err
}

// Primary reads the primary account.
func (r *Accounts) Primary(ctx context.Context, est string) (app.PrimaryAccount, bool, error) {
	a := app.PrimaryAccount{EstablishmentID: est}
	err := pgkit.Q(ctx, r.pool).QueryRow(ctx, `SELECT account_id, email FROM primary_accounts WHERE establishment_id = $1`, est).Scan(&a.AccountID, &a.Email)
	if errors.Is(err, pgx.ErrNoRows) {
		return a, false, nil
	}
	return a, err == nil, err
}

// ---- messages ----

// Messages is the repository of threads and messages.
type Messages struct{ pool *pgxpool.Pool }

// NewMessages returns the repository.
func NewMessages(pool *pgxpool.Pool) *Messages { return &Messages{pool: pool} }

var _ app.Messages = (*Messages)(nil)

// Thread reads an application's thread (nil when none).
func (r *Messages) Thread(ctx context.Context, applicationID string) (*message.Thread, error) {
	return r.thread(ctx, `application_id = $1`, applicationID)
}

// ThreadOfDirectRequest reads a direct request's thread (nil when none).
func (r *Messages) ThreadOfDirectRequest(ctx context.Context, requestID string) (*message.Thread, error) {
	return r.thread(ctx, `direct_request_id = $1`, requestID)
}

func (r *Messages) thread(ctx context.Context, where, id string) (*message.Thread, error) {
	var (
		t      message.Thread
		number string
	)
	err := pgkit.Q(ctx, r.pool).QueryRow(ctx, `SELECT id, establishment_id, posting_id, coalesce(application_id, ''),
		coalesce(direct_request_id, ''), seeker_number, owner, created_at FROM threads WHERE `+where, id).
		Scan(&t.ID, &t.EstablishmentID, &t.PostingID, &t.ApplicationID, &t.DirectRequestID, &number, &t.Owner, &t.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	t.Seeker, err = seeker.ParseNumber(number)
	return &t, err
}

// CreateThread inserts a thread.
func (r *Messages) CreateThread(ctx context.Context, t *message.Thread) error {
	null := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	_, err := pgkit.Q(ctx, r.pool).Exec(ctx, `INSERT INTO threads (id, establishment_id, posting_id, application_id, direct_request_id,
		seeker_number, owner, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, t.ID, t.EstablishmentID, t.PostingID,
		null(t.ApplicationID), null(t.DirectRequestID), t.Seeker.String(), t.Owner, t.CreatedAt)
	return err
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// Add inserts a message.
func (r *Messages) Add(ctx context.Context, m *message.Message) error {
	_, err := pgkit.Q(ctx, r.pool).Exec(ctx, `INSERT INTO messages (id, thread_id, establishment_id, from_party, account_id, body, sent_at, read_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, m.ID, m.ThreadID, m.EstablishmentID, string(m.From), m.AccountID, m.Body, m.SentAt, nullTime(m.ReadAt))
	return err
}

// List reads a thread oldest first.
func (r *Messages) List(ctx context.Context, threadID string) ([]*message.Message, error) {
	rows, err := pgkit.Q(ctx, r.pool).Query(ctx, `SELECT id, thread_id, establishment_id, from_party, account_id, body, sent_at, read_at
		FROM messages WHERE thread_id = $1 ORDER BY sent_at, id`, threadID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*message.Message
	for rows.Next() {
		var (
			m    message.Message
			from string
			read *time.Time
		)
		if err := rows.Scan(&m.ID, &m.ThreadID, &m.EstablishmentID, &from, &m.AccountID, &m.Body, &m.SentAt, &read); err != nil {
			return nil, err
		}
		m.From = message.Party(from)
		if read != nil {
			m.ReadAt = *read
		}
		out = append(out, &m)
	}
	return out, rows.Err()
}

// MarkRead stores read times.
func (r *Messages) MarkRead(ctx context.Context, ms []*message.Message) error {
	for _, m := range ms {
		if _, err := pgkit.Q(ctx, r.pool).Exec(ctx, `UPDATE messages SET read_at = $2 WHERE id = $1 AND read_at IS NULL`, m.ID, m.ReadAt); err != nil {
			return err
		}
	}
	return nil
}

// Unread counts LOGIN-6's new messages.
func (r *Messages) Unread(ctx context.Context, est string) (int, error) {
	var n int
	err := pgkit.Q(ctx, r.pool).QueryRow(ctx, `SELECT count(*) FROM messages WHERE establishment_id = $1 AND from_party <> 'EMPLOYER' AND read_at IS NULL`, est).Scan(&n)
	return n, err
}

// UnreadByApplication counts the unread messages per application's thread.
func (r *Messages) UnreadByApplication(ctx context.Context, ids []string) (map[string]int, error) {
	out := make(map[string]int)
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := pgkit.Q(ctx, r.pool).Query(ctx, `SELECT t.application_id, count(*) FROM threads t JOIN messages m ON m.thread_id = t.id
		WHERE t.application_id = ANY($1) AND m.from_party <> 'EMPLOYER' AND m.read_at IS NULL GROUP BY t.application_id`, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id string
			n  int
		)
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// DeleteOfAccount is ACC-2's deletion (message.OfAccount in SQL) and reassignment
// (message.Reassign).
func (r *Messages) DeleteOfAccount(ctx context.Context, est, account, newOwner string) (int, error) {
	if account == "" {
		return 0, nil
	}
	tag, err := pgkit.Q(ctx, r.pool).Exec(ctx, `DELETE FROM messages WHERE establishment_id = $1 AND account_id = $2`, est, account)
	if err != nil {
		return 0, err
	}
	if newOwner != "" {
		if _, err := pgkit.Q(ctx, r.pool).Exec(ctx, `UPDATE threads SET owner = $3 WHERE establishment_id = $1 AND owner = $2`, est, account, newOwner); err != nil {
			return 0, err
		}
	}
	return int(tag.RowsAffected()), nil
}

// ThreadPostings lists the postings that have threads.
func (r *Messages) ThreadPostings(ctx context.Context) ([]string, error) {
	rows, err := pgkit.Q(ctx, r.pool).Query(ctx, `SELECT DISTINCT posting_id FROM threads ORDER BY posting_id`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// PurgePosting deletes a posting's threads; their messages go with them (ON DELETE
// CASCADE).
func (r *Messages) PurgePosting(ctx context.Context, postingID string) (int, error) {
	var n int
	err := pgkit.Q(ctx, r.pool).QueryRow(ctx, `WITH gone AS (DELETE FROM threads WHERE posting_id = $1 RETURNING id)
		SELECT count(*) FROM messages WHERE thread_id IN (SELECT id FROM gone)`, postingID).Scan(&n)
	return n, err
}

// DeleteOfEstablishment is ACC-3's deletion.
func (r *Messages) DeleteOfEstablishment(ctx context.Context, est string) (int, error) {
	tag, err := pgkit.Q(ctx, r.pool).Exec(ctx, `DELETE FROM messages WHERE establishment_id = $1`, est)
	if err != nil {
		return 0, err
	}
	if _, err := pgkit.Q(ctx, r.pool).Exec(ctx, `DELETE FROM threads WHERE establishment_id = $1`, est); err != nil {
		return 0, err
	}
	return int(tag.RowsAffected()), nil
}
