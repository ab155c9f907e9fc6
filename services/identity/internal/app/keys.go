package app

import (
	"context"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/services/identity/internal/adapters/secrets"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
)

var purposeProto = map[account.Purpose]identityv1.AuthKeyPurpose{
	account.PurposeRegistration:         identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_REGISTRATION,
	account.PurposePasswordRegistration: identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_PASSWORD_REGISTRATION,
	account.PurposePasswordReset:        identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_PASSWORD_RESET,
	account.PurposeRestore:              identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_RESTORE,
	account.PurposeEmailChange:          identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_EMAIL_CHANGE,
}

// issueAuthKey stores a new auth key for k (voiding the live one of the same step,
// AUTHKEY-1) and appends the AuthKeyIssued event carrying the sealed key.
func (a *App) issueAuthKey(ctx context.Context, tx Tx, k account.AuthKey) error {
	now := a.Clock.Now()
	secret, err := account.RandomDigits(account.AuthKeyDigits)
	if err != nil {
		return err
	}
	k.ID = newID()
	k.KeyHash = a.Keyed.Hash(secrets.KindAuthKey, secret)
	k.IssuedAt, k.ExpiresAt = now, now.Add(a.cfg.AuthKey.TTL)
	if err := tx.IssueAuthKey(ctx, &k); err != nil {
		return err
	}
	msg := &identityv1.AuthKeyIssued{AccountId: k.AccountID, Email: k.Email, Purpose: purposeProto[k.Purpose],
		ExpiresAt: timestamppb.New(k.ExpiresAt)}
	aggregate := k.AccountID
	if aggregate == "" {
		aggregate = k.ID
	}
	ev, err := a.sealedEvent(aggregate, now, msg, secret, func(b []byte) { msg.SealedSecret = b })
	if err != nil {
		return err
	}
	return tx.Append(ctx, ev)
}

// checkAuthKey verifies presented against the live key k inside tx. A wrong key is
// counted, and voided at the attempt limit; the caller must commit tx and then return
// the error, so the count survives (AUTHKEY-1).
func (a *App) checkAuthKey(ctx context.Context, tx Tx, k *account.AuthKey, presented string) error {
	now := a.Clock.Now()
	if k == nil || account.Expired(k.ExpiresAt, now) || k.FailedAttempts >= a.cfg.AuthKey.MaxAttempts {
		return ErrAuthKeyInvalid
	}
	if !secrets.Equal(a.Keyed.Hash(secrets.KindAuthKey, presented), k.KeyHash) {
		if err := tx.AuthKeyFailed(ctx, k.ID, k.FailedAttempts+1 >= a.cfg.AuthKey.MaxAttempts, now); err != nil {
			return err
		}
		return ErrAuthKeyInvalid
	}
	return tx.ConsumeAuthKey(ctx, k.ID, now)
}

// inTxKeyed runs fn in a transaction in which a wrong auth key (ErrAuthKeyInvalid) is
// committed rather than rolled back, then returned.
func (a *App) inTxKeyed(ctx context.Context, fn func(tx Tx) error) error {
	var keyErr error
	err := a.Store.InTx(ctx, func(tx Tx) error {
		err := fn(tx)
		if err == ErrAuthKeyInvalid {
			keyErr = err
			return nil
		}
		return err
	})
	if err != nil {
		return internal(err)
	}
	return keyErr
}

func (a *App) keyExpiry() time.Time { return a.Clock.Now().Add(a.cfg.AuthKey.TTL) }

// registrationAttempted tells an existing account's owner that someone tried to use
// the address, instead of telling the requester (no enumeration).
func (a *App) registrationAttempted(ctx context.Context, tx Tx, existing *account.Account) error {
	ev, err := event(existing.ID, existing.Version, a.Clock.Now(), &identityv1.RegistrationAttempted{Email: existing.Email})
	if err != nil {
		return err
	}
	return tx.Append(ctx, ev)
}
