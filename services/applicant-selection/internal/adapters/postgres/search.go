package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

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

// Publishing reads seekers who publish a profile, in search-key order after `after`.
// The query itself runs in the app (seeker.Query.Matches): the profile is JSON and
// the keyword folding is Go's.
func (r *Seekers) Publishing(ctx context.Context, after string, limit int) ([]app.IndexedSeeker, error) {
	rows, err := pgkit.Q(ctx, r.pool).Query(ctx, `SELECT search_key, doc FROM seekers
		WHERE searchable AND search_key > $1 ORDER BY search_key LIMIT $2`, after, limit)
	if err != nil {
		return nil, err
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
