package app

import (
	"context"
	"errors"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/account"
	"github.com/hellowork-jp/hellowork/services/identity/internal/domain/credential"
)

// AuthKeys stores issued auth keys (AUTHKEY-1). Issue voids the live key of the same
// step for the same address or account; UpdateLive* load the live key under a row
// lock, run fn and save it; no live key is account.ErrNotFound.
type AuthKeys interface {
	Issue(ctx context.Context, k *account.AuthKey) error
	UpdateLive(ctx context.Context, p account.Purpose, emailKey string, fn func(*account.AuthKey) error) error
	UpdateLiveOfAccount(ctx context.Context, p account.Purpose, accountID string, fn func(*account.AuthKey) error) error
	VoidOfAccount(ctx context.Context, accountID string, now time.Time) error
	VoidIssuedWithCode(ctx context.Context, establishmentID string, until, now time.Time) (int64, error)
}

var purposeProto = map[account.Purpose]identityv1.AuthKeyPurpose{
	account.PurposeRegistration:         identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_REGISTRATION,
	account.PurposePasswordRegistration: identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_PASSWORD_REGISTRATION,
	account.PurposePasswordReset:        identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_PASSWORD_RESET,
	account.PurposeRestore:              identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_RESTORE,
	account.PurposeEmailChange:          identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_EMAIL_CHANGE,
}

// issueAuthKey stores a new auth key for k (voiding the live one of the same step,
// AUTHKEY-1) and appends the AuthKeyIssued event carrying the sealed key; when the
// recipient's mail budget is spent it does nothing visible (spendMail, M3).
func (a *App) issueAuthKey(ctx context.Context, k account.AuthKey) error {
	return a.budgetedMail(ctx, k.EmailKey, "auth_key."+string(k.Purpose), func() error { return a.mailAuthKey(ctx, k) })
}

// mailAuthKey stores and publishes the key of issueAuthKey.
func (a *App) mailAuthKey(ctx context.Context, k account.AuthKey) error {
	now := a.Clock.Now()
	secret, err := account.RandomDigits(account.AuthKeyDigits)
	if err != nil {
		return err
	}
	key := account.NewAuthKey(k, newID(), a.Keyed.Hash(credential.KindAuthKey, secret), now, a.Rules.AuthKey)
	if err := a.AuthKeys.Issue(ctx, key); err != nil {
		return err
	}
	msg := &identityv1.AuthKeyIssued{AccountId: key.AccountID, Email: key.Email, Purpose: purposeProto[key.Purpose],
		ExpiresAt: timestamppb.New(key.ExpiresAt), EstablishmentId: key.EstablishmentID}
	aggregate := key.AccountID
	if aggregate == "" {
		aggregate = key.ID
	}
	ev, err := a.sealedEvent(aggregate, now, msg, secret, func(b []byte) { msg.SealedSecret = b })
	if err != nil {
		return err
	}
	return a.Events.Append(ctx, ev)
}

// withAuthKey checks presented against the live key (AuthKey.Verify) and, when it is
// right, runs fn with the consumed key, all in one transaction. A wrong key is counted
// (and voided at the attempt limit) and the count is committed although the answer is
// ErrAuthKeyInvalid; so is a refusal fn reports as ErrAuthKeyInvalid.
func (a *App) withAuthKey(ctx context.Context, load func(ctx context.Context, fn func(*account.AuthKey) error) error,
	presented string, fn func(ctx context.Context, k *account.AuthKey) error) error {
	var verdict error
	err := a.Tx.InTx(ctx, func(ctx context.Context) error {
		var key account.AuthKey
		err := load(ctx, func(k *account.AuthKey) error {
			verdict = k.Verify(a.Clock.Now(), a.Keyed.Hash(credential.KindAuthKey, presented), a.Rules.AuthKey)
			key = *k
			return nil
		})
		if errors.Is(err, account.ErrNotFound) {
			verdict = account.ErrAuthKeyInvalid
			return nil
		}
		if err != nil || verdict != nil {
			return err
		}
		err = fn(ctx, &key)
		if errors.Is(err, account.ErrAuthKeyInvalid) {
			verdict = err
			return nil
		}
		return err
	})
	if err != nil {
		return internal(err)
	}
	return verdict
}

// liveKey loads the live key of a step for an address.
func (a *App) liveKey(p account.Purpose, emailKey string) func(context.Context, func(*account.AuthKey) error) error {
	return func(ctx context.Context, fn func(*account.AuthKey) error) error {
		return a.AuthKeys.UpdateLive(ctx, p, emailKey, fn)
	}
}

func (a *App) keyExpiry() time.Time { return a.Clock.Now().Add(a.Rules.AuthKey.TTL) }

// registrationAttempted tells an existing account's owner that someone tried to use
// the address, instead of telling the requester (no enumeration); within the owner's
// mail budget (M3).
func (a *App) registrationAttempted(ctx context.Context, existing *account.Account) error {
	return a.budgetedMail(ctx, existing.EmailKey, "registration_attempted", func() error {
		return a.emit(ctx, existing.ID, existing.Version, &identityv1.RegistrationAttempted{Email: existing.Email})
	})
}
