package app

import (
	"context"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/credential"
)

// RequestPasswordReset is RESET-1's first step. The answer is the same whether or not
// the e-mail has an account; locked and disabled accounts can reset (that is how D5's
// disablement ends).
func (a *App) RequestPasswordReset(ctx context.Context, m Meta, email string) (time.Time, error) {
	key := credential.EmailKey(email)
	if err := a.rateLimit(ctx, "password-reset", m, key); err != nil {
		return time.Time{}, err
	}
	err := a.Store.InTx(ctx, func(tx Tx) error {
		acc, err := tx.AccountByEmailKey(ctx, key, false)
		if err != nil {
			return err
		}
		if acc == nil || acc.Status != account.StatusActive {
			// No key to mail, but the request is recorded all the same (a security
			// signal) and the commit costs what the known address's does: without the
			// decoy this answer came ~10 ms sooner, telling known addresses apart
			// (RESET-1; TestAuth_NoUserEnumeration).
			e := account.AuditEntry{Action: "PASSWORD_RESET_REQUESTED", Outcome: "NO_ACTIVE_ACCOUNT"}
			if acc != nil {
				e.SubjectAccountID, e.EstablishmentID, e.OfficeCode = acc.ID, acc.EstablishmentID, acc.OfficeCode
			}
			if err := tx.AppendDecoy(ctx); err != nil {
				return err
			}
			return a.audit(ctx, tx, e, m)
		}
		if err := a.issueAuthKey(ctx, tx, account.AuthKey{Purpose: account.PurposePasswordReset, Email: acc.Email,
			EmailKey: key, AccountID: acc.ID}); err != nil {
			return err
		}
		return a.audit(ctx, tx, account.AuditEntry{Action: "PASSWORD_RESET_REQUESTED", Outcome: "SUCCESS",
			SubjectAccountID: acc.ID, EstablishmentID: acc.EstablishmentID, OfficeCode: acc.OfficeCode}, m)
	})
	if err != nil {
		return time.Time{}, internal(err)
	}
	return a.keyExpiry(), nil
}

// CompletePasswordReset is RESET-1's second step: the new password lifts any lock,
// ends every session, and revokes the one-time-password skip on every device.
func (a *App) CompletePasswordReset(ctx context.Context, m Meta, email, authKey, password, confirmation string) error {
	if err := credential.ValidatePasswordPair(password, confirmation, email); err != nil {
		return onField(err, "password")
	}
	key := credential.EmailKey(email)
	if err := a.rateLimit(ctx, "password-reset-complete", m, key); err != nil {
		return err
	}
	hash, err := a.Hasher.Hash(ctx, password)
	if err != nil {
		return internal(err)
	}
	return a.inTxKeyed(ctx, func(tx Tx) error {
		k, err := tx.LiveAuthKey(ctx, account.PurposePasswordReset, key)
		if err != nil {
			return err
		}
		if err := a.checkAuthKey(ctx, tx, k, authKey); err != nil {
			return err
		}
		acc, err := tx.AccountByID(ctx, k.AccountID, true)
		if err != nil {
			return err
		}
		if acc == nil || acc.Status != account.StatusActive {
			return ErrAuthKeyInvalid
		}
		return a.passwordChanged(ctx, tx, m, acc, hash, "", "PASSWORD_RESET")
	})
}

// passwordChanged stores a new password and applies what every password change implies:
// locks lifted, sessions other than keep ended, trusted devices revoked (LOGIN-3),
// pending login attempts voided, PasswordChanged published.
func (a *App) passwordChanged(ctx context.Context, tx Tx, m Meta, acc *account.Account, hash, keep, action string) error {
	now := a.Clock.Now()
	v, err := tx.SetPassword(ctx, acc.ID, hash, now)
	if err != nil {
		return err
	}
	if err := a.revokeAll(ctx, tx, acc.ID, keep); err != nil {
		return err
	}
	ev, err := event(acc.ID, v, now, &identityv1.PasswordChanged{AccountId: acc.ID, Email: acc.Email})
	if err != nil {
		return err
	}
	if err := tx.Append(ctx, ev); err != nil {
		return err
	}
	actor := ""
	if keep != "" {
		actor = acc.ID
	}
	return a.audit(ctx, tx, account.AuditEntry{Action: action, Outcome: "SUCCESS", ActorAccountID: actor, ActorRole: string(acc.Role),
		SubjectAccountID: acc.ID, EstablishmentID: acc.EstablishmentID, OfficeCode: acc.OfficeCode}, m)
}

// revokeAll ends the account's sessions (but keep), trusted devices and pending login
// attempts.
func (a *App) revokeAll(ctx context.Context, tx Tx, accountID, keep string) error {
	now := a.Clock.Now()
	if err := tx.RevokeSessions(ctx, accountID, keep, now); err != nil {
		return err
	}
	if err := tx.RevokeDevices(ctx, accountID, now); err != nil {
		return err
	}
	return tx.SupersedeAttempts(ctx, accountID)
}

// RequestRestore is ACC-4's first step: former e-mail + password of a withdrawn account
// within 30 days → auth key mailed (アカウント再登録通知). Every input gets the same
// answer; the password check counts toward the lock like a sign-in.
func (a *App) RequestRestore(ctx context.Context, m Meta, email, password string) (time.Time, error) {
	key := credential.EmailKey(email)
	if err := a.rateLimit(ctx, "restore", m, key); err != nil {
		return time.Time{}, err
	}
	acc, err := a.verifyPassword(ctx, m, key, false, []account.Status{account.StatusWithdrawn}, password, "RESTORE")
	if err != nil {
		return time.Time{}, err
	}
	if acc != nil && acc.WithdrawnAt != nil && account.CanRestore(*acc.WithdrawnAt, a.Clock.Now()) {
		err = a.Store.InTx(ctx, func(tx Tx) error {
			return a.issueAuthKey(ctx, tx, account.AuthKey{Purpose: account.PurposeRestore, Email: acc.Email,
				EmailKey: key, AccountID: acc.ID})
		})
		if err != nil {
			return time.Time{}, internal(err)
		}
	}
	return a.keyExpiry(), nil
}

// CompleteRestore is ACC-4's second step: the key restores the account if the window is
// still open; the one-time-password skip stays revoked (LOGIN-3).
func (a *App) CompleteRestore(ctx context.Context, m Meta, email, authKey string) error {
	key := credential.EmailKey(email)
	if err := a.rateLimit(ctx, "restore-complete", m, key); err != nil {
		return err
	}
	var expired bool
	err := a.inTxKeyed(ctx, func(tx Tx) error {
		k, err := tx.LiveAuthKey(ctx, account.PurposeRestore, key)
		if err != nil {
			return err
		}
		if err := a.checkAuthKey(ctx, tx, k, authKey); err != nil {
			return err
		}
		acc, err := tx.AccountByID(ctx, k.AccountID, true)
		if err != nil {
			return err
		}
		if acc == nil || acc.Status != account.StatusWithdrawn || acc.WithdrawnAt == nil {
			return ErrAuthKeyInvalid
		}
		now := a.Clock.Now()
		if !account.CanRestore(*acc.WithdrawnAt, now) {
			expired = true
			return nil
		}
		v, err := tx.Restore(ctx, acc.ID, now)
		if err != nil {
			return err
		}
		if err := a.revokeAll(ctx, tx, acc.ID, ""); err != nil {
			return err
		}
		ev, err := event(acc.ID, v, now, &identityv1.AccountRestored{EstablishmentId: acc.EstablishmentID, Email: acc.Email, AccountId: acc.ID})
		if err != nil {
			return err
		}
		if err := tx.Append(ctx, ev); err != nil {
			return err
		}
		return a.audit(ctx, tx, account.AuditEntry{Action: "RESTORED", Outcome: "SUCCESS", ActorAccountID: acc.ID,
			ActorRole: string(acc.Role), SubjectAccountID: acc.ID, EstablishmentID: acc.EstablishmentID}, m)
	})
	if err != nil {
		return err
	}
	if expired {
		return ErrRestoreExpired
	}
	return nil
}

// PurgeWithdrawn removes accounts whose restore window has closed (ACC-4, from day 31)
// and old rows no rule needs. It returns how many accounts were purged.
func (a *App) PurgeWithdrawn(ctx context.Context) (int, error) {
	now := a.Clock.Now()
	purged := 0
	err := a.Store.InTx(ctx, func(tx Tx) error {
		cands, err := tx.WithdrawnBefore(ctx, now.Add(-account.RestoreDays*24*time.Hour), 500)
		if err != nil {
			return err
		}
		for _, acc := range cands {
			if acc.WithdrawnAt == nil || account.CanRestore(*acc.WithdrawnAt, now) {
				continue
			}
			if err := tx.DeleteAccount(ctx, acc.ID); err != nil {
				return err
			}
			ev, err := event(acc.ID, acc.Version+1, now, &identityv1.AccountPurged{EstablishmentId: acc.EstablishmentID, AccountId: acc.ID})
			if err != nil {
				return err
			}
			if err := tx.Append(ctx, ev); err != nil {
				return err
			}
			if err := a.audit(ctx, tx, account.AuditEntry{Action: "PURGED", Outcome: "SUCCESS", SubjectAccountID: acc.ID,
				EstablishmentID: acc.EstablishmentID, OfficeCode: acc.OfficeCode}, Meta{}); err != nil {
				return err
			}
			purged++
		}
		// Keep a day of rate-limit windows, attempts and expired tokens for forensics.
		return tx.Housekeep(ctx, now.Add(-24*time.Hour))
	})
	return purged, internal(err)
}

var _ = timestamppb.New
