package account

import "time"

// SetPassword registers or replaces the password: the account becomes active and every
// lock and counter of LOGIN-1 and D5 is lifted (RESET-1, ACC-1, OPEN-2/3).
func (a *Account) SetPassword(hash string) {
	a.PasswordHash, a.Status = hash, StatusActive
	a.FailedPasswordCount, a.ConsecutiveFailures, a.LockedUntil = 0, 0, nil
	a.Version++
}

// ChangeEmail changes the login ID (ACC-1, after the new address proved itself).
func (a *Account) ChangeEmail(email, key string) {
	a.Email, a.EmailKey = email, key
	a.Version++
}

// OpenAsPrimary makes a provisional OPEN-1 account the primary account of the
// establishment the office accepted. It reports false, changing nothing, for any other
// account (already opened: a replayed acceptance).
func (a *Account) OpenAsPrimary(establishmentID, number, office string) bool {
	if a.Role != RoleProvisional {
		return false
	}
	a.Role, a.EstablishmentID, a.EstablishmentNumber, a.OfficeCode = RolePrimary, establishmentID, number, office
	a.Version++
	return true
}

// Withdraw marks the account withdrawn at now (ACC-3); it may be restored until
// RestorableUntil(now) (ACC-4).
func (a *Account) Withdraw(now time.Time) {
	a.Status, a.WithdrawnAt = StatusWithdrawn, &now
	a.Version++
}

// Restorable reports whether the account is withdrawn and may still be restored at
// now (ACC-4: through day 30).
func (a *Account) Restorable(now time.Time) bool {
	return a.Status == StatusWithdrawn && a.WithdrawnAt != nil && CanRestore(*a.WithdrawnAt, now)
}

// Restore reopens a withdrawn account (ACC-4); the caller checked Restorable.
func (a *Account) Restore() {
	a.Status, a.WithdrawnAt = StatusActive, nil
	a.Version++
}
