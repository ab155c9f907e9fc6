package postgres

import (
	"bytes"
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
)

// LoginAttempts stores password steps awaiting their one-time password (LOGIN-2) and
// counts the codes mailed per account.
type LoginAttempts struct{ db }

// NewLoginAttempts returns the login-attempt repository on pool.
func NewLoginAttempts(pool *pgxpool.Pool) *LoginAttempts { return &LoginAttempts{db{pool}} }

// IssuedSince counts the account's one-time passwords mailed after since.
func (r *LoginAttempts) IssuedSince(ctx context.Context, accountID string, since time.Time) (int, error) {
	var n int
	err := r.q(ctx).QueryRow(ctx, qCountIssuances, accountID, since).Scan(&n)
	return n, err
}

// Start stores a new attempt, supersedes the account's other pending attempts (a new
// code voids the old ones) and counts its code, in one statement.
func (r *LoginAttempts) Start(ctx context.Context, a *account.LoginAttempt) error {
	_, err := r.q(ctx).Exec(ctx, qStartAttempt, a.ID, a.AccountID, a.OTPHash, a.OTPIssuedAt, a.OTPExpiresAt, a.IP, a.UserAgent)
	return err
}

// SupersedePending voids the account's pending attempts.
func (r *LoginAttempts) SupersedePending(ctx context.Context, accountID string) error {
	_, err := r.q(ctx).Exec(ctx, qSupersedeAttempts, accountID)
	return err
}

// Update loads an attempt FOR UPDATE, runs fn and saves it; a code replaced by fn
// (ReplaceOTP) is counted toward the hourly cap in the same statement. An unknown id
// is account.ErrNotFound.
func (r *LoginAttempts) Update(ctx context.Context, id string, fn func(*account.LoginAttempt) error) error {
	return r.inTx(ctx, func(ctx context.Context) error {
		var a account.LoginAttempt
		err := r.q(ctx).QueryRow(ctx, qAttemptForUpdate, id).Scan(&a.ID, &a.AccountID, &a.State, &a.OTPHash,
			&a.OTPIssuedAt, &a.OTPExpiresAt, &a.OTPFailures, &a.IP, &a.UserAgent)
		if errors.Is(err, pgx.ErrNoRows) {
			return account.ErrNotFound
		}
		if err != nil {
			return err
		}
		before := a
		if err := fn(&a); err != nil {
			return err
		}
		if a.State == before.State && a.OTPFailures == before.OTPFailures && bytes.Equal(a.OTPHash, before.OTPHash) &&
			a.OTPIssuedAt.Equal(before.OTPIssuedAt) && a.OTPExpiresAt.Equal(before.OTPExpiresAt) {
			return nil // nothing changed: no write
		}
		issued := before.OTPIssuedAt
		_, err = r.q(ctx).Exec(ctx, qSaveAttempt, a.ID, a.State, a.OTPFailures, a.OTPHash, a.OTPIssuedAt,
			a.OTPExpiresAt, !a.OTPIssuedAt.Equal(issued))
		return err
	})
}
