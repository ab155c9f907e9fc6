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

	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/app"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/application"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/seeker"
)

// Applications is the repository of the applicant aggregate.
type Applications struct {
	pool   *pgxpool.Pool
	tx     *pgkit.Transactor
	remind application.ReminderPolicy
}

// NewApplications returns the repository; pol indexes the next reminder on every save.
func NewApplications(pool *pgxpool.Pool, pol application.ReminderPolicy) *Applications {
	return &Applications{pool: pool, tx: pgkit.NewTransactor(pool), remind: pol}
}

var _ app.Applications = (*Applications)(nil)

func (r *Applications) args(a *application.Application, next *time.Time) ([]any, error) {
	doc, err := json.Marshal(a)
	if err != nil {
		return nil, fmt.Errorf("postgres: encode application %s: %w", a.ID, err)
	}
	var due any
	if next != nil {
		due = *next
	}
	return []any{a.ID, a.EstablishmentID, a.PostingID, a.Seeker.String(), string(a.Channel), string(a.State),
		a.PostingOffice.Code, a.ReferringOffice.Code, a.AppliedAt, due, doc}, nil
}

// Create inserts a new application.
func (r *Applications) Create(ctx context.Context, a *application.Application, next *time.Time) error {
	args, err := r.args(a, next)
	if err != nil {
		return err
	}
	_, err = pgkit.Q(ctx, r.pool).Exec(ctx, `INSERT INTO applications (id, establishment_id, posting_id, seeker_number, channel, state,
		posting_office_code, referring_office_code, applied_at, next_reminder_at, doc) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`, args...)
	return err
}

func scan(row pgx.Row) (*application.Application, error) {
	var doc []byte
	if err := row.Scan(&doc); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, app.ErrNoSuchApplication
		}
		return nil, fmt.Errorf("postgres: read application: %w", err)
	}
	var a application.Application
	if err := json.Unmarshal(doc, &a); err != nil {
		return nil, fmt.Errorf("postgres: decode application: %w", err)
	}
	return &a, nil
}

func (r *Applications) many(ctx context.Context, sql string, args ...any) ([]*application.Application, error) {
	rows, err := pgkit.Q(ctx, r.pool).Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: list applications: %w", err)
	}
	defer rows.Close()
	var out []*application.Application
	for rows.Next() {
		a, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Get reads an application.
func (r *Applications) Get(ctx context.Context, id string) (*application.Application, error) {
	return scan(pgkit.Q(ctx, r.pool).QueryRow(ctx, `SELECT doc FROM applications WHERE id = $1`, id))
}

// Update loads FOR UPDATE, runs fn and saves with the reminder index.
func (r *Applications) Update(ctx context.Context, id string, fn func(*application.Application) error) error {
	return r.tx.InTx(ctx, func(ctx context.Context) error {
		a, err := scan(pgkit.Q(ctx, r.pool).QueryRow(ctx, `SELECT doc FROM applications WHERE id = $1 FOR UPDATE`, id))
		if err != nil {
			return err
		}
		if err := fn(a); err != nil {
			return err
		}
		var next *time.Time
		if at, ok := a.NextReminderAt(r.remind); ok {
			next = &at
		}
		args, err := r.args(a, next)
		if err != nil {
			return err
		}
		_, err = pgkit.Q(ctx, r.pool).Exec(ctx, `UPDATE applications SET establishment_id=$2, posting_id=$3, seeker_number=$4, channel=$5,
			state=$6, posting_office_code=$7, referring_office_code=$8, applied_at=$9, next_reminder_at=$10, doc=$11 WHERE id=$1`, args...)
		return err
	})
}

// OfSeeker lists a seeker's applications.
func (r *Applications) OfSeeker(ctx context.Context, n seeker.Number) ([]*application.Application, error) {
	return r.many(ctx, `SELECT doc FROM applications WHERE seeker_number = $1 ORDER BY applied_at, id`, n.String())
}

// List pages newest first after the keyset (applied_at, id).
func (r *Applications) List(ctx context.Context, q app.ListQuery, after []string, limit int) ([]*application.Application, error) {
	var (
		where []string
		args  []any
	)
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if q.OfficeCode != "" {
		add("(posting_office_code = ? OR referring_office_code = ?)", q.OfficeCode)
		if q.EstablishmentID != "" {
			add("establishment_id = ?", q.EstablishmentID)
		}
	} else {
		add("establishment_id = ?", q.EstablishmentID)
	}
	if q.PostingID != "" {
		add("posting_id = ?", q.PostingID)
	}
	if len(q.Filter.Channels) > 0 {
		chs := make([]string, len(q.Filter.Channels))
		for i, c := range q.Filter.Channels {
			chs[i] = string(c)
		}
		add("channel = ANY(?)", chs)
	}
	if q.Filter.PendingOnly {
		add("state = ?", string(application.StateSelecting))
	}
	if len(after) == 2 {
		at, err := time.Parse(time.RFC3339Nano, after[0])
		if err != nil {
			return nil, err
		}
		args = append(args, at, after[1])
		where = append(where, fmt.Sprintf("(applied_at, id) < ($%d, $%d)", len(args)-1, len(args)))
	}
	args = append(args, limit)
	return r.many(ctx, `SELECT doc FROM applications WHERE `+strings.Join(where, " AND ")+
		fmt.Sprintf(` ORDER BY applied_at DESC, id DESC LIMIT $%d`, len(args)), args...)
}

// CountPendingSelf is ACC-3's count.
func (r *Applications) CountPendingSelf(ctx context.Context, est string) (int, error) {
	var n int
	err := pgkit.Q(ctx, r.pool).QueryRow(ctx, `SELECT count(*) FROM applications WHERE establishment_id = $1 AND channel = $2 AND state = $3`,
		est, string(application.ChannelSelf), string(application.StateSelecting)).Scan(&n)
	return n, err
}

// CountUnresolved is §2.4's count: the posting's applicants of every channel still
// SELECTING (by applications_posting).
func (r *Applications) CountUnresolved(ctx context.Context, est, posting string) (int, error) {
	var n int
	err := pgkit.Q(ctx, r.pool).QueryRow(ctx, `SELECT count(*) FROM applications WHERE posting_id = $1 AND establishment_id = $2 AND state = $3`,
		posting, est, string(application.StateSelecting)).Scan(&n)
	return n, err
}

// Decided lists the establishment's applications with a result.
func (r *Applications) Decided(ctx context.Context, est string) ([]*application.Application, error) {
	return r.many(ctx, `SELECT doc FROM applications WHERE establishment_id = $1 AND state = $2`, est, string(application.StateDecided))
}

// DueReminders lists due ids, skipping rows locked by another replica.
func (r *Applications) DueReminders(ctx context.Context, now time.Time, limit int) ([]string, error) {
	rows, err := pgkit.Q(ctx, r.pool).Query(ctx, `SELECT id FROM applications WHERE next_reminder_at <= $1
		ORDER BY next_reminder_at LIMIT $2 FOR UPDATE SKIP LOCKED`, now, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// NextLetterNo allocates a 紹介状 serial.
func (r *Applications) NextLetterNo(ctx context.Context) (int64, error) {
	var n int64
	err := pgkit.Q(ctx, r.pool).QueryRow(ctx, `SELECT nextval('letter_numbers')`).Scan(&n)
	return n, err
}

// ClearReminder drops the application from the reminder index.
func (r *Applications) ClearReminder(ctx context.Context, id string) error {
	_, err := pgkit.Q(ctx, r.pool).Exec(ctx, `UPDATE applications SET next_reminder_at = NULL WHERE id = $1`, id)
	return err
}
