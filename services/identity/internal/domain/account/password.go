package account

import "time"

// Refusal says why a password attempt was refused before any hash comparison (LOGIN-1,
// D5). The caller answers every refusal like a wrong password; the reason is for the
// audit trail only.
type Refusal string

// Refusals of a password attempt.
const (
	// NotRefused: the attempt may compare the hash.
	NotRefused Refusal = ""
	// RefusedNotAllowed: no password yet, or the account is not in a status the step
	// accepts (a withdrawn account cannot sign in, an active one cannot be restored).
	RefusedNotAllowed Refusal = "not_allowed"
	// RefusedLocked: LOGIN-1's lock holds.
	RefusedLocked Refusal = "locked"
	// RefusedDisabled: the consecutive-failure cap was reached (D5); only a password
	// reset enables the password again.
	RefusedDisabled Refusal = "password_disabled"
)

// Locked reports whether LOGIN-1's lock holds at now.
func (a *Account) Locked(now time.Time) bool {
	return a.LockedUntil != nil && now.Before(*a.LockedUntil)
}

// PasswordDisabled reports whether the consecutive wrong passwords reached the cap
// (D5: lock expiries in between do not reset it).
func (a *Account) PasswordDisabled(l Lockout) bool { return a.ConsecutiveFailures >= l.ConsecutiveCap }

// RecordPasswordFailure is LOGIN-1's race-proof reservation: before the hash is
// compared, the attempt is counted as a wrong password. Whoever holds the account's
// row lock while calling it sees every earlier attempt, so N parallel guesses get
// exactly Threshold comparisons. Reaching Threshold locks the account for Duration at
// once (a correct password undoes it, RecordPasswordSuccess); an expired lock restarts
// the count at this attempt. The account is left unchanged when the attempt is refused.
func (a *Account) RecordPasswordFailure(now time.Time, l Lockout, allowed ...Status) Refusal {
	if a.PasswordHash == "" || !statusIn(a.Status, allowed) {
		return RefusedNotAllowed
	}
	if a.PasswordDisabled(l) {
		return RefusedDisabled
	}
	lockExpired := a.LockedUntil != nil && !now.Before(*a.LockedUntil)
	if a.Locked(now) || (a.LockedUntil == nil && a.FailedPasswordCount >= l.Threshold) {
		return RefusedLocked
	}
	if lockExpired {
		a.FailedPasswordCount = 1
	} else {
		a.FailedPasswordCount++
	}
	a.ConsecutiveFailures++
	a.LockedUntil = nil
	if a.FailedPasswordCount >= l.Threshold {
		until := now.Add(l.Duration)
		a.LockedUntil = &until
	}
	return NotRefused
}

// LockedByFailure reports what the failure just recorded did: lock the account
// (LOGIN-1) or disable its password (D5). Either one is mailed to the owner.
func (a *Account) LockedByFailure(l Lockout) (locked, disabled bool) {
	return a.FailedPasswordCount >= l.Threshold, a.PasswordDisabled(l)
}

// RecordPasswordSuccess undoes the reservation of a correct password: every counter
// and the lock are cleared. rehash, when not empty, replaces the stored hash (the hash
// parameters changed since it was made).
func (a *Account) RecordPasswordSuccess(rehash string) {
	a.FailedPasswordCount, a.ConsecutiveFailures, a.LockedUntil = 0, 0, nil
	if rehash != "" {
		a.PasswordHash = rehash
	}
}

func statusIn(s Status, allowed []Status) bool {
	for _, x := range allowed {
		if s == x {
			return true
		}
	}
	return false
}
