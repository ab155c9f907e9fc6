package account

import (
	"crypto/subtle"
	"time"

	"github.com/hellowork-jp/hellowork/libs/errs"
)

// ErrAuthKeyInvalid: wrong, expired, used, replaced or exhausted key (AUTHKEY-1). One
// answer for every case, so a guesser learns nothing about the key.
var ErrAuthKeyInvalid = errs.New(errs.KindFailedPrecondition, "AUTH_KEY_INVALID",
	"the auth key is wrong, expired or no longer valid").WithRule("AUTHKEY-1")

// NewAuthKey issues a key of k's purpose for k's address or account: keyHash is the
// keyed hash of the mailed digits, valid for p.TTL from now.
func NewAuthKey(k AuthKey, id string, keyHash []byte, now time.Time, p AuthKeyPolicy) *AuthKey {
	k.ID, k.KeyHash, k.IssuedAt, k.ExpiresAt = id, keyHash, now, now.Add(p.TTL)
	k.FailedAttempts, k.ConsumedAt, k.VoidedAt = 0, nil, nil
	return &k
}

// Verify is AUTHKEY-1's check of a presented key (its keyed hash): accepted at 49:59,
// refused at 50:00, single use, voided at the MaxAttempts-th wrong key. A right key is
// consumed; a wrong one is counted (the caller must save the key even though it
// answers ErrAuthKeyInvalid, so the count survives).
func (k *AuthKey) Verify(now time.Time, presented []byte, p AuthKeyPolicy) error {
	if k.ConsumedAt != nil || k.VoidedAt != nil || Expired(k.ExpiresAt, now) || k.FailedAttempts >= p.MaxAttempts {
		return ErrAuthKeyInvalid
	}
	if subtle.ConstantTimeCompare(presented, k.KeyHash) != 1 {
		k.FailedAttempts++
		if k.FailedAttempts >= p.MaxAttempts {
			k.VoidedAt = &now
		}
		return ErrAuthKeyInvalid
	}
	k.ConsumedAt = &now
	return nil
}
