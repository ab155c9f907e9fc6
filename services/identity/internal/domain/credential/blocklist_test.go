package credential

import (
	"errors"
	"testing"
)

// TestPassword_CommonBlocklist [PW-1, L6]: at least the 3,000 most common passwords that
// satisfy PW-1's composition are refused, whatever their case; every entry of the list
// is one PW-1 would otherwise accept (an entry it refuses anyway protects nothing).
func TestPassword_CommonBlocklist(t *testing.T) {
	if n := len(blocklist); n < 3000 {
		t.Fatalf("blocklist has %d passwords, want at least 3000 (L6)", n)
	}
	for _, p := range []string{"sasha_007", "1qaz!qaz", "G00dPa$$w0rd", "ZAQ!2WSX", "tr@nsf3r"} {
		if err := ValidatePassword(p, ""); !errors.Is(err, ErrPasswordBlocklisted) {
			t.Errorf("%q: %v, want PASSWORD_TOO_COMMON", p, err)
		}
	}
	for p := range commonPasswords() {
		if !referencePassword(p) {
			t.Errorf("list entry %q does not fit PW-1", p)
		}
	}
}
