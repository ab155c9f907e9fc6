package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
)

// Accounts stores login accounts.
type Accounts struct{ db }

// NewAccounts returns the account repository on pool.
func NewAccounts(pool *pgxpool.Pool) *Accounts { return &Accounts{db{pool}} }

func scanAccount(row pgx.Row) (*account.Account, error) {
	var a account.Account
	var role, status string
	err := row.Scan(&a.ID, &a.Email, &a.EmailKey, &role, &status, &a.EstablishmentID, &a.EstablishmentNumber,
		&a.OfficeCode, &a.PasswordHash, &a.FailedPasswordCount, &a.LockedUntil, &a.ConsecutiveFailures,
		&a.CreatedAt, &a.WithdrawnAt, &a.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	a.Role, a.Status = account.Role(role), account.Status(status)
	return &a, nil
}

func collect[T any](rows pgx.Rows, err error, scan func(pgx.Row) (*T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		x, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *x)
	}
	return out, rows.Err()
}

func accountErr(err error) error {
	switch {
	case pgkit.IsUniqueViolation(err, "accounts_email_key_unique"):
		return account.ErrLoginIDTaken
	case pgkit.IsUniqueViolation(err, "accounts_one_primary"):
		return account.ErrEstablishmentOpened
	}
	return err
}

// ByEmailKey returns the account with that login ID, or nil.
func (r *Accounts) ByEmailKey(ctx context.Context, key string) (*account.Account, error) {
	return scanAccount(r.q(ctx).QueryRow(ctx, qAccountByEmailKey, key))
}

// ByID returns the account, or nil.
func (r *Accounts) ByID(ctx context.Context, id string) (*account.Account, error) {
	return scanAccount(r.q(ctx).QueryRow(ctx, qAccountByID, id))
}

// PrimaryByEstablishmentNumber returns the primary account of an establishment, or nil.
func (r *Accounts) PrimaryByEstablishmentNumber(ctx context.Context, number string) (*account.Account, error) {
	return scanAccount(r.q(ctx).QueryRow(ctx, qPrimaryByNumber, number))
}

// PrimaryOf returns the primary account of an establishment, or nil.
func (r *Accounts) PrimaryOf(ctx context.Context, establishmentID string) (*account.Account, error) {
	return scanAccount(r.q(ctx).QueryRow(ctx, qPrimaryByEstablishment, establishmentID))
}

// OfEstablishment lists the active primary and additional accounts, and the additional
// accounts awaiting their key.
func (r *Accounts) OfEstablishment(ctx context.Context, establishmentID string) ([]account.Account, error) {
	rows, err := r.q(ctx).Query(ctx, qAccountsOfEstablishment, establishmentID)
	return collect(rows, err, scanAccount)
}

// CountAdditional counts an establishment's additional accounts.
func (r *Accounts) CountAdditional(ctx context.Context, establishmentID string) (int, error) {
	var n int
	err := r.q(ctx).QueryRow(ctx, qCountAdditional, establishmentID).Scan(&n)
	return n, err
}

// WithdrawnBefore lists accounts withdrawn before cutoff.
func (r *Accounts) WithdrawnBefore(ctx context.Context, cutoff time.Time, limit int) ([]account.Account, error) {
	rows, err := r.q(ctx).Query(ctx, qWithdrawnBefore, cutoff, limit)
	return collect(rows, err, scanAccount)
}

// Insert stores a new account.
func (r *Accounts) Insert(ctx context.Context, a *account.Account) error {
	_, err := r.q(ctx).Exec(ctx, qInsertAccount, a.ID, a.Email, a.EmailKey, string(a.Role), string(a.Status),
		a.EstablishmentID, a.EstablishmentNumber, a.OfficeCode, a.PasswordHash, a.CreatedAt, a.Version)
	return accountErr(err)
}

// Delete removes an account and, by cascade, its keys, attempts, sessions and devices.
// Audit rows stay (append-only).
func (r *Accounts) Delete(ctx context.Context, id string) error {
	_, err := r.q(ctx).Exec(ctx, qDeleteAccount, id)
	return err
}

// Update loads the account under a row lock, runs fn and saves what fn changed, in the
// context's transaction (one is opened if there is none). An unknown id is
// account.ErrNotFound; an error of fn is returned without saving. The lock is FOR NO KEY
// UPDATE: it serialises every Update of the account (LOGIN-1's reservation, the hourly
// OTP cap) without blocking the inserts of sessions and login attempts that reference it.
func (r *Accounts) Update(ctx context.Context, id string, fn func(*account.Account) error) error {
	return r.update(ctx, qAccountByID+` FOR NO KEY UPDATE`, id, fn)
}

// UpdateByEmailKey is Update for the account with that login ID.
func (r *Accounts) UpdateByEmailKey(ctx context.Context, key string, fn func(*account.Account) error) error {
	return r.update(ctx, qAccountByEmailKey+` FOR NO KEY UPDATE`, key, fn)
}

// UpdatePrimaryOf is Update for the primary account of an establishment.
func (r *Accounts) UpdatePrimaryOf(ctx context.Context, establishmentID string, fn func(*account.Account) error) error {
	return r.update(ctx, qPrimaryByEstablishment+` FOR NO KEY UPDATE`, establishmentID, fn)
}

func (r *Accounts) update(ctx context.Context, load, arg string, fn func(*account.Account) error) error {
	return r.inTx(ctx, func(ctx context.Context) error {
		a, err := scanAccount(r.q(ctx).QueryRow(ctx, load, arg))
		if err != nil {
			return err
		}
		if a == nil {
			return account.ErrNotFound
		}
		before := *a
		if err := fn(a); err != nil {
			return err
		}
		if *a == before {
			return nil // nothing changed: no write
		}
		_, err = r.q(ctx).Exec(ctx, qSaveAccount, a.ID, a.Email, a.EmailKey, string(a.Role), string(a.Status),
			a.EstablishmentID, a.EstablishmentNumber, a.OfficeCode, a.PasswordHash, a.FailedPasswordCount,
			a.LockedUntil, a.ConsecutiveFailures, a.WithdrawnAt, a.Version)
		return accountErr(err)
	})
}

// RecordEstablishmentOffice keeps the office employer-registration announced for an
// establishment at version, unless a newer version is already known, and copies the
// newest known office onto the establishment's accounts and pending auth keys. It is
// idempotent: a replay writes the same office again.
func (r *Accounts) RecordEstablishmentOffice(ctx context.Context, establishmentID, officeCode string, version int64) error {
	return r.inTx(ctx, func(ctx context.Context) error {
		if _, err := r.q(ctx).Exec(ctx, qRecordEstablishmentOffice, establishmentID, officeCode, version); err != nil {
			return err
		}
		var current string
		if err := r.q(ctx).QueryRow(ctx, qEstablishmentOffice, establishmentID).Scan(&current); err != nil {
			return err
		}
		if _, err := r.q(ctx).Exec(ctx, qMoveAccountsToOffice, establishmentID, current); err != nil {
			return err
		}
		_, err := r.q(ctx).Exec(ctx, qMoveAuthKeysToOffice, establishmentID, current)
		return err
	})
}
