package credential

import (
	"errors"
	"strings"
	"testing"
)

// TestEmail_Format covers EMAIL-1 including the Japanese carrier addresses that are not
// RFC 5322 dot-atoms.
func TestEmail_Format(t *testing.T) {
	local100 := strings.Repeat("a", 64) + "@" + strings.Repeat("b", 32) + ".jp" // 100 chars
	tests := []struct {
		name  string
		email string
		ok    bool
	}{
		{"plain address", "taro@example.co.jp", true},
		{"docomo trailing dot (EMAIL-1 carrier)", "foo.@docomo.ne.jp", true},
		{"ezweb double dot (EMAIL-1 carrier)", "a..b@ezweb.ne.jp", true},
		{"leading dot", ".foo@docomo.ne.jp", true},
		{"symbols", "a+b_c-d!#$%&'*/=?^`{|}~@example.jp", true},
		{"exactly 100 characters", local100, true},
		{"101 characters", "x" + local100, false},
		{"empty", "", false},
		{"no at", "taro.example.jp", false},
		{"two ats", "a@b@example.jp", false},
		{"empty local part", "@example.jp", false},
		{"space", "ta ro@example.jp", false},
		{"full-width letter", "ｔａｒｏ@example.jp", false},
		{"full-width at", "taro＠example.jp", false},
		{"japanese local part", "太郎@example.jp", false},
		{"quote", "\"taro\"@example.jp", false},
		{"domain without dot", "taro@localhost", false},
		{"domain label starting with hyphen", "taro@-example.jp", false},
		{"empty domain label", "taro@example..jp", false},
		{"numeric tld", "taro@192.168.0.1", false},
		{"one-letter tld", "taro@example.j", false},
		{"control character", "ta\x00ro@example.jp", false},
		{"local part over 64", strings.Repeat("a", 65) + "@example.jp", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidateEmail(tc.email)
			if (err == nil) != tc.ok {
				t.Fatalf("ValidateEmail(%q) = %v, want ok=%v", tc.email, err, tc.ok)
			}
			if err != nil && !errors.Is(err, ErrEmailInvalid) {
				t.Fatalf("want ErrEmailInvalid, got %v", err)
			}
		})
	}
}

func TestEmail_ConfirmationMustMatch(t *testing.T) {
	if err := ValidateEmailPair("taro@example.jp", "taro@example.jp"); err != nil {
		t.Fatal(err)
	}
	if err := ValidateEmailPair("taro@example.jp", "Taro@example.jp"); !errors.Is(err, ErrEmailMismatch) {
		t.Fatalf("got %v, want EMAIL_MISMATCH", err)
	}
}

func TestEmailKey_CaseInsensitive(t *testing.T) {
	if EmailKey("Taro@Example.JP") != EmailKey("taro@example.jp") {
		t.Fatal("login IDs differing only in case must be one")
	}
}

// referenceEmail is an independent statement of the properties every accepted address
// has (EMAIL-1), used by the fuzz test.
func referenceEmail(s string) bool {
	if len(s) == 0 || len(s) > 100 || strings.Count(s, "@") != 1 {
		return false
	}
	for _, r := range s {
		if r <= ' ' || r > '~' {
			return false
		}
	}
	local, domain, _ := strings.Cut(s, "@")
	return local != "" && strings.Contains(domain, ".")
}

func FuzzEmail(f *testing.F) {
	for _, s := range []string{"foo.@docomo.ne.jp", "a..b@ezweb.ne.jp", "taro@example.co.jp", "", "@", "a@b", "ｔ@example.jp", strings.Repeat("a", 101)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := ValidateEmail(s)
		if err == nil && !referenceEmail(s) {
			t.Fatalf("accepted %q, which breaks EMAIL-1", s)
		}
		if (err == nil) != (ValidateEmail(s) == nil) {
			t.Fatal("not deterministic")
		}
		if err == nil && ValidateEmail(EmailKey(s)) != nil {
			t.Fatalf("the key of accepted %q is rejected", s)
		}
	})
}
