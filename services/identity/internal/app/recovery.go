package app

import (
	"context"
	"errors"
	"time"

	"github.com/hellowork-jp/hellowork/libs/email"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/credential"
)

// RequestPasswordReset is RESET-1's first step.
type RequestPasswordReset struct {
	Meta  Meta
	Email string
}

// RequestPasswordReset is RESET-1's first step. The answer is the same whether or not
// the e-mail has an account; locked and disabled accounts can reset (that is how D5's
// disablement ends). The rate-limit hit shares the transaction.
func (a *App) RequestPasswordReset(ctx context.Context, cmd RequestPasswordReset) (time.Time, error) {
	key := email.Key(cmd.Email)
	var over error
	err := a.Tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		if over, err = a.hitRate(ctx, "password-reset", cmd.Meta, key); err != nil || over != nil {
			return err
		}
		acc, err := a.Accounts.ByEmailKey(ctx, key)
		if err != nil {
			return err
		}
		if acc == nil || acc.Status != account.StatusActive {
			// No key to mail, but the request is recorded all the same (a security
			// signal) and the commit costs what the known address's does: without the
			// decoy this answer came ~10 ms sooner, telling known addresses apart
			// (RESET-1; TestAuth_NoUserEnumeration).
			e := subjectEntry("password_reset.request", acc)
			e.Detail = map[string]string{"result": "no_active_account"}
			if _, err := a.spendMail(ctx, key, "auth_key."+string(account.PurposePasswordReset)); err != nil {
				return err
			}
			if err := a.Decoys.AppendDecoy(ctx); err != nil {
				return err
			}
			return a.audit(ctx, e, cmd.Meta)
		}
		if err := a.issueAuthKey(ctx, account.AuthKey{Purpose: account.PurposePasswordReset, Email: acc.Email,
			EmailKey: key, AccountID: acc.ID}); err != nil {
			return err
		}
		return a.audit(ctx, subjectEntry("password_reset.request", acc), cmd.Meta)
	})
	if err != nil {
		return time.Time{}, internal(err)
	}
	if over != nil {
		return time.Time{}, over
	}
	return a.keyExpiry(), nil
}

// CompletePasswordReset is RESET-1's second step.
type CompletePasswordReset struct {
	Meta                 Meta
	Email                string
	AuthKey              string
	Password             string
	PasswordConfirmation string
}

// CompletePasswordReset is RESET-1's second step: the new password lifts any lock,
// ends every session, and revokes the one-time-password skip on every device.
func (a *App) CompletePasswordReset(ctx context.Context, cmd CompletePasswordReset) error {
	if err := credential.ValidatePasswordPair(cmd.Password, cmd.PasswordConfirmation, cmd.Email); err != nil {
		return onField(err, "password")
	}
	key := email.Key(cmd.Email)
	if err := a.rateLimit(ctx, "password-reset-complete", cmd.Meta, key); err != nil {
		return err
	}
	hash, err := a.Hasher.Hash(ctx, cmd.Password)
	if err != nil {
		return internal(err)
	}
	return a.withAuthKey(ctx, a.liveKey(account.PurposePasswordReset, key), cmd.AuthKey, func(ctx context.Context, k *account.AuthKey) error {
		return a.changePassword(ctx, cmd.Meta, k.AccountID, hash, "", "password.reset")
	})
}

// changePassword stores a new password (Account.SetPassword) and applies what every
// password change implies: sessions other than keep ended, trusted devices revoked
// (LOGIN-3), pending login attempts voided, PasswordChanged published. keep is the
// caller's own session in the settings; empty for a reset, which has no actor.
func (a *App) changePassword(ctx context.Context, m Meta, accountID, hash, keep, action string) error {
	var acc *account.Account
	err := a.Accounts.Update(ctx, accountID, func(x *account.Account) error {
		if x.Status != account.StatusActive {
			return account.ErrAuthKeyInvalid
		}
		x.SetPassword(hash)
		acc = x
		return nil
	})
	if errors.Is(err, account.ErrNotFound) {
		return account.ErrAuthKeyInvalid
	}
	if err != nil {
		return err
	}
	if err := a.revokeAll(ctx, acc.ID, keep); err != nil {
		return err
	}
	if err := a.emit(ctx, acc.ID, acc.Version, &identityv1.PasswordChanged{AccountId: acc.ID, Email: acc.Email}); err != nil {
		return err
	}
	e := ownEntry(action, acc)
	if keep == "" {
		e.Actor.ID = "" // a reset by auth key has no signed-in actor
	}
	return a.audit(ctx, e, m)
}

// revokeAll ends the account's sessions (but keep), trusted devices and pending login
// attempts, and voids its outstanding auth keys: after a credential change (password,
// reset, e-mail, restore) a reset key mailed before it must not undo it (M3).
func (a *App) revokeAll(ctx context.Context, accountID, keep string) error {
	now := a.Clock.Now()
	if err := a.AuthKeys.VoidOfAccount(ctx, accountID, now); err != nil {
		return err
	}
	if err := a.Sessions.RevokeAll(ctx, accountID, keep, now); err != nil {
		return err
	}
	if err := a.Devices.RevokeAll(ctx, accountID, now); err != nil {
		return err
	}
	return a.Attempts.SupersedePending(ctx, accountID)
}

// RequestRestore is ACC-4's first step.
type RequestRestore struct {
	Meta     Meta
	Email    string
	Password string
}

// RequestRestore is ACC-4's first step: former e-mail + password of a withdrawn account
// within 30 days → auth key mailed (アカウント再登録通知). Every input gets the same
// answer; the password check counts toward the lock like a sign-in.
func (a *App) RequestRestore(ctx context.Context, cmd RequestRestore) (time.Time, error) {
	key := email.Key(cmd.Email)
	_, err := a.checkPassword(ctx, passwordCheck{op: "restore", meta: cmd.Meta, loginID: key,
		allowed: []account.Status{account.StatusWithdrawn}, password: cmd.Password, action: "account.restore_request",
		answer: ErrInvalidCredentials},
		func(ctx context.Context, acc *account.Account) error {
			if !acc.Restorable(a.Clock.Now()) {
				return nil
			}
			return a.issueAuthKey(ctx, account.AuthKey{Purpose: account.PurposeRestore, Email: acc.Email,
				EmailKey: key, AccountID: acc.ID})
		})
	if err != nil {
		return time.Time{}, err
	}
	return a.keyExpiry(), nil
}

// CompleteRestore is ACC-4's second step.
type CompleteRestore struct {
	Meta    Meta
	Email   string
	AuthKey string
}

// CompleteRestore is ACC-4's second step: the key restores the account if the window is
// still open; the one-time-password skip stays revoked (LOGIN-3).
func (a *App) CompleteRestore(ctx context.Context, cmd CompleteRestore) error {
	key := email.Key(cmd.Email)
	if err := a.rateLimit(ctx, "restore-complete", cmd.Meta, key); err != nil {
		return err
	}
	var expired bool
	err := a.withAuthKey(ctx, a.liveKey(account.PurposeRestore, key), cmd.AuthKey, func(ctx context.Context, k *account.AuthKey) error {
		var acc *account.Account
		err := a.Accounts.Update(ctx, k.AccountID, func(x *account.Account) error {
			if x.Status != account.StatusWithdrawn || x.WithdrawnAt == nil {
				return account.ErrAuthKeyInvalid
			}
			if !x.Restorable(a.Clock.Now()) {
				expired = true
				return nil
			}
			x.Restore()
			acc = x
			return nil
		})
		if errors.Is(err, account.ErrNotFound) {
			return account.ErrAuthKeyInvalid
		}
		if err != nil || expired {
			return err
		}
		if err := a.revokeAll(ctx, acc.ID, ""); err != nil {
			return err
		}
		if err := a.emit(ctx, acc.ID, acc.Version, &identityv1.AccountRestored{EstablishmentId: acc.EstablishmentID,
			Email: acc.Email, AccountId: acc.ID}); err != nil {
			return err
		}
		e := ownEntry("account.restore", acc)
		return a.audit(ctx, e, cmd.Meta)
	})
	if err != nil {
		return err
	}
	if expired {
		return ErrRestoreExpired
	}
	return nil
}

// Housekeeping deletes rows no rule needs any more (rate-limit windows, attempts,
// issuance records, sessions, devices, auth keys older than before).
type Housekeeping interface {
	Prune(ctx context.Context, before time.Time) error
	// PrunePendingAdditional deletes additional accounts created before createdBefore
	// that never confirmed their key and have none live at now.
	PrunePendingAdditional(ctx context.Context, createdBefore, now time.Time) (int64, error)
}

// WithdrawnAccounts lists withdrawn accounts for the purge.
type WithdrawnAccounts interface {
	WithdrawnBefore(ctx context.Context, cutoff time.Time, limit int) ([]account.Account, error)
}

// PurgeWithdrawn removes accounts whose restore window has closed (ACC-4, from day 31)
// and old rows no rule needs. It returns how many accounts were purged.
func (a *App) PurgeWithdrawn(ctx context.Context) (int, error) {
	now := a.Clock.Now()
	purged := 0
	err := a.Tx.InTx(ctx, func(ctx context.Context) error {
		cands, err := a.Withdrawn.WithdrawnBefore(ctx, now.Add(-account.RestoreDays*24*time.Hour), 500)
		if err != nil {
			return err
		}
		for _, acc := range cands {
			if acc.Restorable(now) {
				continue
			}
			if err := a.Accounts.Delete(ctx, acc.ID); err != nil {
				return err
			}
			if err := a.emit(ctx, acc.ID, acc.Version+1, &identityv1.AccountPurged{EstablishmentId: acc.EstablishmentID, AccountId: acc.ID}); err != nil {
				return err
			}
			if err := a.audit(ctx, subjectEntry("account.purge", &acc), Meta{}); err != nil {
				return err
			}
			purged++
		}
		// ACC-2, M3: an added address that never confirmed its key is freed.
		if _, err := a.Purge.PrunePendingAdditional(ctx, now.Add(-a.Rules.AuthKey.TTL), now); err != nil {
			return err
		}
		// Keep a day of rate-limit windows, attempts and expired tokens for forensics.
		return a.Purge.Prune(ctx, now.Add(-24*time.Hour))
	})
	return purged, internal(err)
}
