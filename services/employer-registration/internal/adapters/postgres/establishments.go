// Package postgres holds employer-registration's repositories on PostgreSQL (schema
// employer_registration), one per aggregate; the SQL is in queries.go. Every method
// runs in the transaction its ctx carries, if any.
package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/app"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/domain/establishment"
)

// Establishments implements app.Establishments.
type Establishments struct {
	pool *pgxpool.Pool
	tx   *pgkit.Transactor
}

// NewEstablishments returns the repository on pool.
func NewEstablishments(pool *pgxpool.Pool) *Establishments {
	return &Establishments{pool: pool, tx: pgkit.NewTransactor(pool)}
}

// dup turns a unique violation into app.ErrDuplicate.
func dup(err error) error {
	if pgkit.IsUniqueViolation(err, "") {
		return fmt.Errorf("%w: %v", app.ErrDuplicate, err)
	}
	return err
}

// tsOrNil stores the zero time as NULL.
func tsOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// cursor returns the keyset parameters of after: NULLs for the start of a list.
func cursor(after app.Cursor) (*time.Time, *string) {
	if !after.After() {
		return nil, nil
	}
	return &after.At, &after.ID
}

func scanEst(row pgx.Row) (*establishment.Establishment, error) {
	var e establishment.Establishment
	var number, source, state, origin string
	var profile []byte
	var submitted, registered *time.Time
	err := row.Scan(&e.ID, &number, &source, &state, &origin, &e.OwnerAccountID, &e.OwnerEmail, &e.OfficeCode,
		&e.OfficeOverridden, &profile, &e.OfficeMessage, &submitted, &registered, &e.Resubmissions, &e.Version, &e.CreatedAt, &e.UpdatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, establishment.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	e.Number, e.NumberSource, e.State, e.Origin = establishment.Number(number), establishment.NumberSource(source), establishment.State(state), establishment.Origin(origin)
	if err := json.Unmarshal(profile, &e.Profile); err != nil {
		return nil, fmt.Errorf("establishment %s: profile: %w", e.ID, err)
	}
	if submitted != nil {
		e.SubmittedAt = *submitted
	}
	if registered != nil {
		e.RegisteredAt = *registered
	}
	return &e, nil
}

// Get implements app.Establishments.
func (r *Establishments) Get(ctx context.Context, id string) (*establishment.Establishment, error) {
	if uuid.Validate(id) != nil {
		return nil, establishment.ErrNotFound
	}
	return scanEst(pgkit.Q(ctx, r.pool).QueryRow(ctx, qEstByID, id))
}

// ByOwner implements app.Establishments.
func (r *Establishments) ByOwner(ctx context.Context, accountID string) (*establishment.Establishment, error) {
	return scanEst(pgkit.Q(ctx, r.pool).QueryRow(ctx, qEstByOwner, accountID))
}

// ByNumber implements app.Establishments.
func (r *Establishments) ByNumber(ctx context.Context, n establishment.Number) (*establishment.Establishment, error) {
	return scanEst(pgkit.Q(ctx, r.pool).QueryRow(ctx, qEstByNumber, string(n)))
}

// Add implements app.Establishments.
func (r *Establishments) Add(ctx context.Context, e *establishment.Establishment) error {
	profile, err := json.Marshal(e.Profile)
	if err != nil {
		return err
	}
	_, err = pgkit.Q(ctx, r.pool).Exec(ctx, qEstInsert, e.ID, string(e.Number), string(e.NumberSource), string(e.State), string(e.Origin), e.OwnerAccountID,
		e.OwnerEmail, e.OfficeCode, e.OfficeOverridden, profile, e.OfficeMessage, tsOrNil(e.SubmittedAt), tsOrNil(e.RegisteredAt),
		e.Resubmissions, e.Version, e.CreatedAt, e.UpdatedAt)
	return dup(err)
}

// Update implements app.Establishments.
func (r *Establishments) Update(ctx context.Context, id string, fn func(*establishment.Establishment) error) error {
	if uuid.Validate(id) != nil {
		return establishment.ErrNotFound
	}
	return r.tx.InTx(ctx, func(ctx context.Context) error {
		db := pgkit.Q(ctx, r.pool)
		e, err := scanEst(db.QueryRow(ctx, qEstLock, id))
		if err != nil {
			return err
		}
		version := e.Version
		if err := fn(e); err != nil {
			return err
		}
		if e.Version == version {
			return nil // fn only read it (under the lock): every change moves the version
		}
		profile, err := json.Marshal(e.Profile)
		if err != nil {
			return err
		}
		_, err = db.Exec(ctx, qEstUpdate, e.ID, string(e.Number), string(e.NumberSource), string(e.State), e.OwnerEmail, e.OfficeCode,
			e.OfficeOverridden, profile, e.OfficeMessage, tsOrNil(e.SubmittedAt), tsOrNil(e.RegisteredAt), e.Resubmissions, e.Version, e.UpdatedAt)
		return dup(err)
	})
}

// Provisional implements app.Establishments.
func (r *Establishments) Provisional(ctx context.Context, office string, after app.Cursor, limit int) ([]*establishment.Establishment, error) {
	at, id := cursor(after)
	rows, err := pgkit.Q(ctx, r.pool).Query(ctx, qProvisional, office, at, id, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*establishment.Establishment
	for rows.Next() {
		e, err := scanEst(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// NextSerial implements app.Establishments.
func (r *Establishments) NextSerial(ctx context.Context, office string) (int64, error) {
	var n int64
	err := pgkit.Q(ctx, r.pool).QueryRow(ctx, qNextSerial, office).Scan(&n)
	return n, err
}

// LoginEmails implements app.LoginEmails.
type LoginEmails struct{ pool *pgxpool.Pool }

// NewLoginEmails returns the repository on pool.
func NewLoginEmails(pool *pgxpool.Pool) *LoginEmails { return &LoginEmails{pool: pool} }

// Add implements app.LoginEmails.
func (r *LoginEmails) Add(ctx context.Context, estID, email, by string, at time.Time) error {
	_, err := pgkit.Q(ctx, r.pool).Exec(ctx, qLoginEmailInsert, estID, email, by, at)
	return dup(err)
}

var (
	_ app.Establishments = (*Establishments)(nil)
	_ app.LoginEmails    = (*LoginEmails)(nil)
)
