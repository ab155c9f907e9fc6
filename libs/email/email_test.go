package email

import (
	"errors"
	"strings"
	"testing"

	"github.com/hellowork-jp/hellowork/libs/errs"
)

// TestParse covers EMAIL-1 including the Japanese carrier addresses that are not
// RFC 5322 dot-atoms.
func TestParse(t *testing.T) {
	local100 := strings.Repeat("a", 64) + "@" + strings.Repeat("b", 32) + ".jp" // 100 chars
	tests := []struct {
		name  string
		email string
		ok    bool
	}{
		{"plain address", "taro@example.co.jp", true},
		{"docomo trailing dot (carrier)", "foo.@docomo.ne.jp", true},
		{"ezweb double dot (carrier)", "a..b@ezweb.ne.jp", true},
		{"leading dot", ".foo@docomo.ne.jp", true},
		{"symbols", "a+b_c-d!#$%&'*/=?^`{|}~@example.jp", true},
		{"upper case kept", "Taro@Example.JP", true},
		{"exactly 100 characters", local100, true},
		{"101 characters", "x" + local100, false},
		{"empty", "", false},
		{"no at", "taro.example.jp", false},
		{"two ats", "a@b@example.jp", false},
		{"empty local part", "@example.jp", false},
		{"space", "ta ro@example.jp", false},
		{"surrounding space is not trimmed", " taro@example.jp", false},
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
		{"CRLF", "taro@example.jp\r\nBcc: x@example.jp", false},
		{"local part over 64", strings.Repeat("a", 65) + "@example.jp", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Parse(tc.email)
			if (err == nil) != tc.ok {
				t.Fatalf("Parse(%q) = %v, want ok=%v", tc.email, err, tc.ok)
			}
			if err != nil {
				if !errors.Is(err, ErrInvalid) {
					t.Fatalf("want ErrInvalid, got %v", err)
				}
				if !a.IsZero() {
					t.Fatal("a failed Parse must return the zero Address")
				}
				return
			}
			if a.String() != tc.email {
				t.Fatalf("String() = %q, want the address as typed %q", a.String(), tc.email)
			}
			if a.Local()+"@"+a.Domain() != tc.email {
				t.Fatalf("Local/Domain = %q/%q", a.Local(), a.Domain())
			}
			// Whatever a login may be, a mail to it must be deliverable.
			if err := Deliverable(tc.email); err != nil {
				t.Fatalf("accepted %q but Deliverable refuses it: %v", tc.email, err)
			}
		})
	}
}

func TestErrInvalid_OneReasonOneText(t *testing.T) {
	_, err := Parse("nope")
	e, ok := errs.As(err)
	if !ok {
		t.Fatalf("want *errs.Error, got %T", err)
	}
	if e.Kind != errs.KindInvalidArgument || e.Reason != "EMAIL_INVALID" || e.RuleID != "EMAIL-1" {
		t.Fatalf("got kind=%v reason=%q rule=%q", e.Kind, e.Reason, e.RuleID)
	}
	if e.MessageJA != "メールアドレスの形式が正しくありません。半角英数字・記号100文字以内で入力してください。" {
		t.Fatalf("Japanese text changed: %q", e.MessageJA)
	}
}

// TestKey_SameAsIdentity pins the normalisation: identity's stored keys are the whole
// address lower-cased, so a changed Key would lock existing employers out.
func TestKey_SameAsIdentity(t *testing.T) {
	for in, want := range map[string]string{
		"Taro@Example.JP":   "taro@example.jp",
		"taro@example.jp":   "taro@example.jp",
		"Foo.@DoCoMo.ne.jp": "foo.@docomo.ne.jp",
		"A..B@ezweb.ne.jp":  "a..b@ezweb.ne.jp",
	} {
		if got := MustParse(in).Key(); got != want {
			t.Errorf("Key(%q) = %q, want %q", in, got, want)
		}
		if Key(in) != want {
			t.Errorf("Key func differs from Address.Key for %q", in)
		}
	}
}

func TestDeliverable(t *testing.T) {
	tests := []struct {
		name string
		addr string
		ok   bool
	}{
		{"plain", "taro@example.co.jp", true},
		{"docomo trailing dot", "foo.@docomo.ne.jp", true},
		{"ezweb double dot", "a..b@ezweb.ne.jp", true},
		{"leading dot", ".foo@docomo.ne.jp", true},
		{"domain without dot (SMTP does not care)", "root@localhost", true},
		{"quote characters", "\"taro\"@example.jp", true},
		{"long local part of 64", strings.Repeat("a", 64) + "@example.jp", true},
		{"over 100 but within RFC 5321", strings.Repeat("a", 64) + "@" + strings.Repeat("b", 60) + ".jp", true},
		{"empty", "", false},
		{"no at", "taro.example.jp", false},
		{"two ats", "a@b@example.jp", false},
		{"empty local", "@example.jp", false},
		{"empty domain", "taro@", false},
		{"CR", "taro@example.jp\r", false},
		{"LF header injection", "taro@example.jp\nBcc: x@example.jp", false},
		{"NUL", "ta\x00ro@example.jp", false},
		{"tab", "ta\tro@example.jp", false},
		{"DEL", "ta\x7fro@example.jp", false},
		{"space", "ta ro@example.jp", false},
		{"angle bracket", "taro>@example.jp", false},
		{"non-ASCII local", "太郎@example.jp", false},
		{"full-width at", "taro＠example.jp", false},
		{"local part over 64", strings.Repeat("a", 65) + "@example.jp", false},
		{"path over 254", "a@" + strings.Repeat("b.", 126) + "jp", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Deliverable(tc.addr)
			if (err == nil) != tc.ok {
				t.Fatalf("Deliverable(%q) = %v, want ok=%v", tc.addr, err, tc.ok)
			}
			if err != nil && !errors.Is(err, ErrUndeliverable) {
				t.Fatalf("want ErrUndeliverable, got %v", err)
			}
		})
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

func FuzzParse(f *testing.F) {
	for _, s := range []string{"foo.@docomo.ne.jp", "a..b@ezweb.ne.jp", "taro@example.co.jp", "", "@", "a@b", "ｔ@example.jp", strings.Repeat("a", 101)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		if err == nil && !referenceEmail(s) {
			t.Fatalf("accepted %q, which breaks EMAIL-1", s)
		}
		if err == nil && Deliverable(s) != nil {
			t.Fatalf("accepted %q but it is not deliverable", s)
		}
		if err == nil {
			if _, err := Parse(a.Key()); err != nil {
				t.Fatalf("the key of accepted %q is rejected", s)
			}
		}
	})
}
