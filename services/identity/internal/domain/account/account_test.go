package account

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
)

func TestRoles_WhoMayManageAccounts(t *testing.T) {
	tests := []struct {
		role   Role
		manage error
		change error
	}{
		{RolePrimary, nil, nil},
		{RoleAdditional, ErrAdditionalCannotManage, ErrAdditionalCannotManage}, // ACC-2
		{RoleProvisional, ErrNotEmployer, ErrNotEmployer},
		{RoleStaff, ErrNotEmployer, nil},
	}
	for _, tc := range tests {
		t.Run(string(tc.role), func(t *testing.T) {
			if err := CanManageAccounts(tc.role); !errors.Is(err, tc.manage) && !(err == nil && tc.manage == nil) {
				t.Errorf("CanManageAccounts = %v, want %v", err, tc.manage)
			}
			if err := CanChangeOwnLoginAccount(tc.role); !errors.Is(err, tc.change) && !(err == nil && tc.change == nil) {
				t.Errorf("CanChangeOwnLoginAccount = %v, want %v", err, tc.change)
			}
		})
	}
}

// TestLockout_Boundaries: LOGIN-1 lock at 29:59 still holds, at 30:00 it is lifted.
func TestLockout_Boundaries(t *testing.T) {
	start := time.Date(2026, 4, 1, 9, 0, 0, 0, clock.JST)
	until := start.Add(DefaultLockout.Duration)
	tests := []struct {
		at     time.Duration
		locked bool
	}{
		{0, true}, {29*time.Minute + 59*time.Second, true}, {30 * time.Minute, false}, {31 * time.Minute, false},
	}
	for _, tc := range tests {
		if got := DefaultLockout.Locked(&until, start.Add(tc.at)); got != tc.locked {
			t.Errorf("at +%v locked=%v, want %v", tc.at, got, tc.locked)
		}
	}
	if DefaultLockout.Locked(nil, start) {
		t.Error("no lock means not locked")
	}
}

// TestAuthKey_ExpiryBoundary: AUTHKEY-1 key accepted at 49:59, refused at 50:00.
func TestAuthKey_ExpiryBoundary(t *testing.T) {
	issued := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	exp := issued.Add(DefaultAuthKeyPolicy.TTL)
	if Expired(exp, issued.Add(49*time.Minute+59*time.Second)) {
		t.Error("expired at 49:59")
	}
	if !Expired(exp, issued.Add(50*time.Minute)) {
		t.Error("accepted at 50:00")
	}
}

// TestRestoreWindow_Day30And31: ACC-4 restore works on day 30 (JST) and not on day 31.
func TestRestoreWindow_Day30And31(t *testing.T) {
	withdrawn := time.Date(2026, 4, 1, 23, 30, 0, 0, clock.JST) // late on day 0
	tests := []struct {
		name string
		at   time.Time
		ok   bool
	}{
		{"same day", withdrawn.Add(time.Minute), true},
		{"day 30 last second", time.Date(2026, 5, 1, 23, 59, 59, 0, clock.JST), true},
		{"day 31 first second", time.Date(2026, 5, 2, 0, 0, 0, 0, clock.JST), false},
		{"day 40", time.Date(2026, 5, 11, 12, 0, 0, 0, clock.JST), false},
	}
	for _, tc := range tests {
		if got := CanRestore(withdrawn, tc.at); got != tc.ok {
			t.Errorf("%s: CanRestore = %v, want %v", tc.name, got, tc.ok)
		}
	}
	if got := RestorableUntil(withdrawn.UTC()); !got.Equal(time.Date(2026, 5, 2, 0, 0, 0, 0, clock.JST)) {
		t.Errorf("RestorableUntil = %v", got)
	}
}

// TestRandomDigits_Uniform: a chi-square test over 100,000 one-time passwords' digits
// (ASVS 6.5.3, TestOTP_StorageAndRandomness's randomness half).
func TestRandomDigits_Uniform(t *testing.T) {
	var counts [10]int
	const codes = 100000
	for range codes {
		s, err := RandomDigits(OTPDigits)
		if err != nil {
			t.Fatal(err)
		}
		if len(s) != OTPDigits {
			t.Fatalf("len %d", len(s))
		}
		for _, c := range s {
			counts[c-'0']++
		}
	}
	expected := float64(codes*OTPDigits) / 10
	chi := 0.0
	for _, c := range counts {
		d := float64(c) - expected
		chi += d * d / expected
	}
	// 9 degrees of freedom: p = 0.001 at chi² = 27.88.
	t.Logf("METRIC otp_digit_chi_square=%.2f", chi)
	if chi > 27.88 || math.IsNaN(chi) {
		t.Fatalf("digits not uniform: chi²=%.2f counts=%v", chi, counts)
	}
}
