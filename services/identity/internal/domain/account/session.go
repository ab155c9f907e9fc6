package account

import "time"

// Usable reports whether a session still authenticates at now: not revoked, before its
// absolute expiry and used within idle.
func (s *Session) Usable(now time.Time, idle time.Duration) bool {
	return s.RevokedAt == nil && now.Before(s.ExpiresAt) && now.Before(s.LastSeenAt.Add(idle))
}

// SkipsOTP reports whether a trusted device lets accountID skip the one-time password
// at now (LOGIN-3): that device, that account, within its 90 days.
func (d *Device) SkipsOTP(accountID string, now time.Time) bool {
	return d.RevokedAt == nil && d.AccountID == accountID && now.Before(d.ExpiresAt)
}
