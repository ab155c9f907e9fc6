package account

import (
	"crypto/subtle"
	"strconv"
	"time"

	"github.com/hellowork-jp/hellowork/libs/errs"
)

// Errors of the one-time password (LOGIN-2). Reasons are stable API.
var (
	// ErrOTPInvalid: wrong one-time password; the user may try again.
	ErrOTPInvalid = errs.New(errs.KindUnauthenticated, "ONE_TIME_PASSWORD_INVALID",
		"the one-time password is incorrect").WithRule("LOGIN-2")
	// ErrLoginAttemptEnded: the attempt expired, was used, replaced or saw 10 wrong
	// entries; the sign-in starts over.
	ErrLoginAttemptEnded = errs.New(errs.KindUnauthenticated, "LOGIN_ATTEMPT_ENDED",
		"the one-time password expired or was invalidated; sign in again").WithRule("LOGIN-2")
	// ErrOTPLimit: resend cooldown or hourly cap.
	ErrOTPLimit = errs.New(errs.KindResourceExhausted, "ONE_TIME_PASSWORD_LIMIT",
		"too many one-time passwords; wait before asking again").WithRule("LOGIN-2")
)

// NewLoginAttempt starts the one-time-password step of a password step that succeeded:
// otpHash is the keyed hash of the code bound to id (a code of another attempt never
// matches), valid for p.TTL from now.
func NewLoginAttempt(id, accountID string, otpHash []byte, now time.Time, p OTPPolicy, ip, userAgent string) *LoginAttempt {
	return &LoginAttempt{ID: id, AccountID: accountID, State: AttemptPending, OTPHash: otpHash,
		OTPIssuedAt: now, OTPExpiresAt: now.Add(p.TTL), IP: ip, UserAgent: userAgent}
}

// CheckHourlyCap refuses a new one-time password when issued codes were already mailed
// to the account in the last hour (LOGIN-2's mail bound).
func (p OTPPolicy) CheckHourlyCap(issued int) error {
	if issued >= p.HourlyCap {
		return ErrOTPLimit
	}
	return nil
}

// pending reports whether the attempt still accepts codes at now.
func (a *LoginAttempt) pending(now time.Time, p OTPPolicy) bool {
	return a.State == AttemptPending && !Expired(a.OTPExpiresAt, now) && a.OTPFailures < p.MaxWrong
}

// VerifyOTP is LOGIN-2's check of a presented code (its keyed hash, bound to this
// attempt): single use, within its life (29:59 accepted, 30:00 not), fewer than
// MaxWrong wrong entries. A right code completes the attempt; a wrong one is counted
// (ErrOTPInvalid with the remaining tries) and the MaxWrong-th invalidates the attempt
// (ErrLoginAttemptEnded: the sign-in starts over). An attempt that no longer accepts
// codes is ErrLoginAttemptEnded and stays as it is.
func (a *LoginAttempt) VerifyOTP(now time.Time, presented []byte, p OTPPolicy) error {
	if !a.pending(now, p) {
		return ErrLoginAttemptEnded
	}
	if subtle.ConstantTimeCompare(presented, a.OTPHash) != 1 {
		a.OTPFailures++
		if a.OTPFailures >= p.MaxWrong {
			a.State = AttemptInvalidated
			return ErrLoginAttemptEnded
		}
		return ErrOTPInvalid.WithMeta("remaining_attempts", strconv.Itoa(p.MaxWrong-a.OTPFailures))
	}
	a.State = AttemptCompleted
	return nil
}

// CanResend checks a resend request (LOGIN-2): only for an attempt still pending and
// not out of tries, and at least ResendCooldown after the last code. Expiry is not
// checked: a resend is how an expired code is replaced.
func (a *LoginAttempt) CanResend(now time.Time, p OTPPolicy) error {
	if a.State != AttemptPending || a.OTPFailures >= p.MaxWrong {
		return ErrLoginAttemptEnded
	}
	if now.Before(a.OTPIssuedAt.Add(p.ResendCooldown)) {
		return ErrOTPLimit
	}
	return nil
}

// ReplaceOTP gives the attempt a new code (the old one stops matching), valid for
// p.TTL from now.
func (a *LoginAttempt) ReplaceOTP(otpHash []byte, now time.Time, p OTPPolicy) {
	a.OTPHash, a.OTPIssuedAt, a.OTPExpiresAt = otpHash, now, now.Add(p.TTL)
}
