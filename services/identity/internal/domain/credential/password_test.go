package credential

import (
	"errors"
	"strings"
	"testing"
)

// TestPassword_Policy tables PW-1 (length, half-width characters, composition) plus the
// D3 blocklist of common passwords (docs/security.md).
func TestPassword_Policy(t *testing.T) {
	tests := []struct {
		name     string
		password string
		want     error
	}{
		{"7 characters", "Ab1!xyz", ErrPasswordLength},
		{"8 characters", "Ab1!xyzw", nil},
		{"32 characters", "Ab1!" + strings.Repeat("x", 28), nil},
		{"33 characters", "Ab1!" + strings.Repeat("x", 29), ErrPasswordLength},
		{"no digit", "Abcd!xyz", ErrPasswordComposition},
		{"no letter", "1234!567", ErrPasswordComposition},
		{"no symbol", "Abcd1234", ErrPasswordComposition},
		{"full-width letter", "Ａbc1!xyz", ErrPasswordCharset},
		{"full-width digit", "Abc１!xyz", ErrPasswordCharset},
		{"japanese", "パスワード1!a", ErrPasswordCharset},
		{"space", "Abc1! xyz", ErrPasswordCharset},
		{"tab", "Abc1!\txyz", ErrPasswordCharset},
		{"blocklisted", "P@ssw0rd", ErrPasswordBlocklisted},
		{"blocklisted other case", "PASSWORD1!", ErrPasswordBlocklisted},
		{"contains the login ID", "x1!hanakoX", ErrPasswordBlocklisted},
		{"symbols a", "a1!\"#$%&'()*+,-./:;", nil},
		{"symbols b", "a1<=>?@[\\]^_`{|}~", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidatePassword(tc.password, "hanako@example.jp")
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("ValidatePassword = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestPassword_ConfirmationMustMatch(t *testing.T) {
	if err := ValidatePasswordPair("Ab1!xyzw", "Ab1!xyzW", ""); !errors.Is(err, ErrPasswordMismatch) {
		t.Fatalf("got %v", err)
	}
}

// referencePassword states PW-1 independently: 8-32 printable ASCII without space,
// with a digit, a letter and a symbol.
func referencePassword(s string) bool {
	if len(s) < 8 || len(s) > 32 {
		return false
	}
	var d, l, y bool
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			d = true
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
			l = true
		case r > ' ' && r <= '~':
			y = true
		default:
			return false
		}
	}
	return d && l && y
}

func FuzzPassword(f *testing.F) {
	for _, s := range []string{"Ab1!xyzw", "P@ssw0rd", "Ａbc1!xyz", "", "12345678", strings.Repeat("a1!", 11)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := ValidatePassword(s, "")
		ref := referencePassword(s)
		if err == nil && !ref {
			t.Fatalf("accepted %q, which breaks PW-1", s)
		}
		// Rejections beyond PW-1 may only come from the blocklist (D3).
		if err != nil && ref && !errors.Is(err, ErrPasswordBlocklisted) {
			t.Fatalf("rejected valid %q: %v", s, err)
		}
	})
}
