package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
)

// AuthKeys stores issued auth keys (AUTHKEY-1; only their keyed hashes).
type AuthKeys struct{ db }

// NewAuthKeys returns the auth-key repository on pool.
func NewAuthKeys(pool *pgxpool.Pool) *AuthKeys { return &AuthKeys{db{pool}} }

func scanAuthKey(row pgx.Row) (*account.AuthKey, error) {
	var k account.AuthKey
	var purpose string
	err := row.Scan(&k.ID, &purpose, &k.Email, &k.EmailKey, &k.AccountID, &k.EstablishmentID, &k.EstablishmentNumber,
		&k.OfficeCode, &k.KeyHash, &k.IssuedAt, &k.ExpiresAt, &k.FailedAttempts, &k.ConsumedAt, &k.VoidedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	k.Purpose = account.Purpose(purpose)
	return &k, err
}

// Issue voids the live key of the same step for the same address or account and
// stores k, in one statement (AUTHKEY-1: at most one live key per step).
func (r *AuthKeys) Issue(ctx context.Context, k *account.AuthKey) error {
	_, err := r.q(ctx).Exec(ctx, qIssueAuthKey, k.ID, string(k.Purpose), k.EmailKey, k.Email, k.AccountID,
		k.EstablishmentID, k.EstablishmentNumber, k.OfficeCode, k.KeyHash, k.IssuedAt, k.ExpiresAt)
	return err
}

// UpdateLive loads the live key of a step for an address FOR UPDATE, runs fn and saves
// its counters; no live key is account.ErrNotFound.
func (r *AuthKeys) UpdateLive(ctx context.Context, p account.Purpose, emailKey string, fn func(*account.AuthKey) error) error {
	return r.update(ctx, qLiveAuthKeyByEmail, p, emailKey, fn)
}

// UpdateLiveOfAccount is UpdateLive for the live key of a step of an account.
func (r *AuthKeys) UpdateLiveOfAccount(ctx context.Context, p account.Purpose, accountID string, fn func(*account.AuthKey) error) error {
	return r.update(ctx, qLiveAuthKeyByAccount, p, accountID, fn)
}

func (r *AuthKeys) update(ctx context.Context, load string, p account.Purpose, arg string, fn func(*account.AuthKey) error) error {
	return r.inTx(ctx, func(ctx context.Context) error {
		k, err := scanAuthKey(r.q(ctx).QueryRow(ctx, load, string(p), arg))
		if err != nil {
			return err
		}
		if k == nil {
			return account.ErrNotFound
		}
		failures, consumed, voided := k.FailedAttempts, k.ConsumedAt, k.VoidedAt
		if err := fn(k); err != nil {
			return err
		}
		if k.FailedAttempts == failures && k.ConsumedAt == consumed && k.VoidedAt == voided {
			return nil // nothing changed: no write
		}
		_, err = r.q(ctx).Exec(ctx, qSaveAuthKey, k.ID, k.FailedAttempts, k.ConsumedAt, k.VoidedAt)
		return err
	})
}

// VoidOfAccount voids every live key of an account.
func (r *AuthKeys) VoidOfAccount(ctx context.Context, accountID string, now time.Time) error {
	_, err := r.q(ctx).Exec(ctx, qVoidAccountKeys, accountID, now)
	return err
}

// VoidIssuedWithCode voids the live OPEN-3 keys of an establishment issued up to
// until (those a creation code verified) and returns how many.
func (r *AuthKeys) VoidIssuedWithCode(ctx context.Context, establishmentID string, until, now time.Time) (int64, error) {
	tag, err := r.q(ctx).Exec(ctx, qVoidCodeKeys, establishmentID, until, now)
	return tag.RowsAffected(), err
}
