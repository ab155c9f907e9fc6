package account

import (
	"errors"
	"testing"
	"time"
)

var t0 = time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)

func at(d time.Duration) *time.Time { x := t0.Add(d); return &x }

// TestRecordPasswordFailure [LOGIN-1, D5]: the reservation before the hash comparison.
func TestRecordPasswordFailure(t *testing.T) {
	l := DefaultLockout
	tests := []struct {
		name        string
		acc         Account
		allowed     []Status
		want        Refusal
		failed      int
		consecutive int
		lockedUntil *time.Time
	}{
		{"first wrong", Account{PasswordHash: "h", Status: StatusActive}, []Status{StatusActive}, NotRefused, 1, 1, nil},
		{"4th counted", Account{PasswordHash: "h", Status: StatusActive, FailedPasswordCount: 3, ConsecutiveFailures: 3},
			[]Status{StatusActive}, NotRefused, 4, 4, nil},
		{"5th locks for 30 minutes", Account{PasswordHash: "h", Status: StatusActive, FailedPasswordCount: 4, ConsecutiveFailures: 4},
			[]Status{StatusActive}, NotRefused, 5, 5, at(30 * time.Minute)},
		{"locked at 29:59", Account{PasswordHash: "h", Status: StatusActive, FailedPasswordCount: 5, ConsecutiveFailures: 5,
			LockedUntil: at(time.Second)}, []Status{StatusActive}, RefusedLocked, 5, 5, at(time.Second)},
		{"lock over at 30:00 restarts the count", Account{PasswordHash: "h", Status: StatusActive, FailedPasswordCount: 5,
			ConsecutiveFailures: 5, LockedUntil: at(0)}, []Status{StatusActive}, NotRefused, 1, 6, nil},
		{"threshold without a lock", Account{PasswordHash: "h", Status: StatusActive, FailedPasswordCount: 5},
			[]Status{StatusActive}, RefusedLocked, 5, 0, nil},
		{"cap disables whatever the lock", Account{PasswordHash: "h", Status: StatusActive, ConsecutiveFailures: 100},
			[]Status{StatusActive}, RefusedDisabled, 0, 100, nil},
		{"99th + 1 reaches the cap", Account{PasswordHash: "h", Status: StatusActive, ConsecutiveFailures: 99},
			[]Status{StatusActive}, NotRefused, 1, 100, nil},
		{"no password yet (OPEN-2)", Account{Status: StatusPendingPassword}, []Status{StatusActive}, RefusedNotAllowed, 0, 0, nil},
		{"withdrawn cannot sign in", Account{PasswordHash: "h", Status: StatusWithdrawn}, []Status{StatusActive}, RefusedNotAllowed, 0, 0, nil},
		{"withdrawn can restore (ACC-4)", Account{PasswordHash: "h", Status: StatusWithdrawn}, []Status{StatusWithdrawn}, NotRefused, 1, 1, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.acc
			got := a.RecordPasswordFailure(t0, l, tc.allowed...)
			if got != tc.want {
				t.Fatalf("refusal = %q, want %q", got, tc.want)
			}
			if a.FailedPasswordCount != tc.failed || a.ConsecutiveFailures != tc.consecutive {
				t.Fatalf("counters = %d/%d, want %d/%d", a.FailedPasswordCount, a.ConsecutiveFailures, tc.failed, tc.consecutive)
			}
			if (a.LockedUntil == nil) != (tc.lockedUntil == nil) || a.LockedUntil != nil && !a.LockedUntil.Equal(*tc.lockedUntil) {
				t.Fatalf("locked until %v, want %v", a.LockedUntil, tc.lockedUntil)
			}
		})
	}
}

// TestRecordPasswordFailure_FiveOfFifty [LOGIN-1]: serialised by the row lock, 50
// attempts reserve exactly 5 comparisons; a success clears everything.
func TestRecordPasswordFailure_FiveOfFifty(t *testing.T) {
	a := Account{PasswordHash: "h", Status: StatusActive}
	n := 0
	for range 50 {
		if a.RecordPasswordFailure(t0, DefaultLockout, StatusActive) == NotRefused {
			n++
		}
	}
	if n != 5 {
		t.Fatalf("comparisons = %d, want 5", n)
	}
	if locked, disabled := a.LockedByFailure(DefaultLockout); !locked || disabled {
		t.Fatalf("locked=%v disabled=%v", locked, disabled)
	}
	a.RecordPasswordSuccess("new")
	if a.FailedPasswordCount != 0 || a.ConsecutiveFailures != 0 || a.LockedUntil != nil || a.PasswordHash != "new" {
		t.Fatalf("after success: %+v", a)
	}
}

// TestVerifyOTP [LOGIN-2]: single use, bound hash, expiry, the 10-wrong cap.
func TestVerifyOTP(t *testing.T) {
	p := DefaultOTPPolicy
	right, wrong := []byte("right"), []byte("wrong")
	fresh := func() LoginAttempt { return *NewLoginAttempt("a", "acc", right, t0, p, "", "") }
	tests := []struct {
		name     string
		mutate   func(*LoginAttempt)
		at       time.Duration
		code     []byte
		want     error
		state    string
		failures int
	}{
		{"right code", nil, 0, right, nil, AttemptCompleted, 0},
		{"right at 29:59", nil, 29*time.Minute + 59*time.Second, right, nil, AttemptCompleted, 0},
		{"expired at 30:00", nil, 30 * time.Minute, right, ErrLoginAttemptEnded, AttemptPending, 0},
		{"wrong code counted", nil, 0, wrong, ErrOTPInvalid, AttemptPending, 1},
		{"10th wrong invalidates", func(a *LoginAttempt) { a.OTPFailures = 9 }, 0, wrong, ErrLoginAttemptEnded, AttemptInvalidated, 10},
		{"right after 10 wrong", func(a *LoginAttempt) { a.OTPFailures = 10 }, 0, right, ErrLoginAttemptEnded, AttemptPending, 10},
		{"used once", func(a *LoginAttempt) { a.State = AttemptCompleted }, 0, right, ErrLoginAttemptEnded, AttemptCompleted, 0},
		{"superseded by a new sign-in", func(a *LoginAttempt) { a.State = AttemptSuperseded }, 0, right, ErrLoginAttemptEnded, AttemptSuperseded, 0},
		{"another attempt's code", nil, 0, []byte("other attempt"), ErrOTPInvalid, AttemptPending, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := fresh()
			if tc.mutate != nil {
				tc.mutate(&a)
			}
			err := a.VerifyOTP(t0.Add(tc.at), tc.code, p)
			if !errors.Is(err, tc.want) && !(err == nil && tc.want == nil) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if a.State != tc.state || a.OTPFailures != tc.failures {
				t.Fatalf("state %s failures %d, want %s %d", a.State, a.OTPFailures, tc.state, tc.failures)
			}
		})
	}
}

// TestResend [LOGIN-2]: cooldown, ended attempts, the hourly cap; a resent code
// replaces the old one.
func TestResend(t *testing.T) {
	p := DefaultOTPPolicy
	a := NewLoginAttempt("a", "acc", []byte("old"), t0, p, "", "")
	if err := a.CanResend(t0.Add(59*time.Second), p); !errors.Is(err, ErrOTPLimit) {
		t.Fatalf("within the cooldown: %v", err)
	}
	if err := a.CanResend(t0.Add(time.Minute), p); err != nil {
		t.Fatalf("after the cooldown: %v", err)
	}
	a.ReplaceOTP([]byte("new"), t0.Add(time.Minute), p)
	if err := a.VerifyOTP(t0.Add(time.Minute), []byte("old"), p); !errors.Is(err, ErrOTPInvalid) {
		t.Fatalf("old code after a resend: %v", err)
	}
	if !a.OTPExpiresAt.Equal(t0.Add(31 * time.Minute)) {
		t.Fatalf("expiry %v", a.OTPExpiresAt)
	}
	a.State = AttemptCompleted
	if err := a.CanResend(t0.Add(time.Hour), p); !errors.Is(err, ErrLoginAttemptEnded) {
		t.Fatalf("completed attempt: %v", err)
	}
	if err := p.CheckHourlyCap(p.HourlyCap - 1); err != nil {
		t.Fatal(err)
	}
	if err := p.CheckHourlyCap(p.HourlyCap); !errors.Is(err, ErrOTPLimit) {
		t.Fatalf("cap: %v", err)
	}
}

// TestAuthKeyVerify [AUTHKEY-1]: 49:59 accepted, 50:00 refused, single use, voided at
// the 5th wrong key.
func TestAuthKeyVerify(t *testing.T) {
	p := DefaultAuthKeyPolicy
	right := []byte("right")
	tests := []struct {
		name     string
		mutate   func(*AuthKey)
		at       time.Duration
		key      []byte
		want     error
		failures int
		consumed bool
		voided   bool
	}{
		{"right at 49:59", nil, 49*time.Minute + 59*time.Second, right, nil, 0, true, false},
		{"right at 50:00", nil, 50 * time.Minute, right, ErrAuthKeyInvalid, 0, false, false},
		{"wrong counted", nil, 0, []byte("x"), ErrAuthKeyInvalid, 1, false, false},
		{"5th wrong voids", func(k *AuthKey) { k.FailedAttempts = 4 }, 0, []byte("x"), ErrAuthKeyInvalid, 5, false, true},
		{"right after 5 wrong", func(k *AuthKey) { k.FailedAttempts = 5 }, 0, right, ErrAuthKeyInvalid, 5, false, false},
		{"used", func(k *AuthKey) { k.ConsumedAt = at(0) }, 0, right, ErrAuthKeyInvalid, 0, true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k := NewAuthKey(AuthKey{Purpose: PurposePasswordReset}, "k", right, t0, p)
			if tc.mutate != nil {
				tc.mutate(k)
			}
			err := k.Verify(t0.Add(tc.at), tc.key, p)
			if !errors.Is(err, tc.want) && !(err == nil && tc.want == nil) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if k.FailedAttempts != tc.failures || (k.ConsumedAt != nil) != tc.consumed || (k.VoidedAt != nil) != tc.voided {
				t.Fatalf("failures %d consumed %v voided %v", k.FailedAttempts, k.ConsumedAt != nil, k.VoidedAt != nil)
			}
		})
	}
}

// TestSessionAndDevice [LOGIN-3]: session idle and absolute expiry; the device skip.
func TestSessionAndDevice(t *testing.T) {
	s := Session{CreatedAt: t0, LastSeenAt: t0, ExpiresAt: t0.Add(12 * time.Hour)}
	if !s.Usable(t0.Add(59*time.Minute), time.Hour) || s.Usable(t0.Add(time.Hour), time.Hour) {
		t.Fatal("idle timeout")
	}
	s.LastSeenAt = t0.Add(11*time.Hour + 30*time.Minute)
	if s.Usable(t0.Add(12*time.Hour), time.Hour) {
		t.Fatal("absolute expiry")
	}
	d := Device{AccountID: "a", ExpiresAt: t0.Add(DeviceTTL)}
	if !d.SkipsOTP("a", t0.Add(DeviceTTL-time.Second)) || d.SkipsOTP("a", t0.Add(DeviceTTL)) || d.SkipsOTP("b", t0) {
		t.Fatal("device skip")
	}
	d.RevokedAt = at(0)
	if d.SkipsOTP("a", t0) {
		t.Fatal("revoked device")
	}
}

// TestLifecycle [RESET-1, OPEN-1, ACC-3, ACC-4]: state changes bump the version.
func TestLifecycle(t *testing.T) {
	a := Account{Role: RoleProvisional, Status: StatusActive, FailedPasswordCount: 5, ConsecutiveFailures: 100, LockedUntil: at(time.Hour), Version: 1}
	a.SetPassword("h2")
	if a.FailedPasswordCount != 0 || a.ConsecutiveFailures != 0 || a.LockedUntil != nil || a.Version != 2 {
		t.Fatalf("SetPassword: %+v", a)
	}
	if !a.OpenAsPrimary("est", "1301-000001-1", "1301") || a.Role != RolePrimary || a.Version != 3 {
		t.Fatalf("OpenAsPrimary: %+v", a)
	}
	if a.OpenAsPrimary("other", "", "") || a.EstablishmentID != "est" {
		t.Fatal("a replayed acceptance must change nothing")
	}
	withdrawn := time.Date(2026, 4, 1, 23, 30, 0, 0, time.FixedZone("JST", 9*3600))
	a.Withdraw(withdrawn)
	if !a.Restorable(withdrawn.AddDate(0, 0, 30)) || a.Restorable(withdrawn.AddDate(0, 0, 31)) {
		t.Fatal("restore window")
	}
	a.Restore()
	if a.Status != StatusActive || a.WithdrawnAt != nil || a.Restorable(withdrawn) {
		t.Fatalf("Restore: %+v", a)
	}
}
