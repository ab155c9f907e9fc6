package establishment

import (
	"regexp"
	"strings"
	"testing"
)

func TestNormalize_WidthAndKana(t *testing.T) {
	cases := []struct {
		fn       func(string) string
		in, want string
	}{
		{NormalizeText, "ＡＢＣ　１２３", "ABC 123"},
		{NormalizeText, "ｶﾌﾞｼｷｶﾞｲｼｬ", "カブシキガイシャ"},
		{NormalizeKana, "てすと ｼｮｳｼﾞ", "テスト ショウジ"},
		{NormalizeDigits, "０３－１２３４ー５６７８", "03-1234-5678"},
	}
	for _, c := range cases {
		if got := c.fn(c.in); got != c.want {
			t.Errorf("normalise %q = %q, want %q", c.in, got, c.want)
		}
	}
	if IsKatakana("テスト株式会社") || !IsKatakana("エヌ・ティ・ティ ABC") {
		t.Error("IsKatakana")
	}
}

func TestPostalCode_SevenDigits(t *testing.T) {
	for in, want := range map[string]string{"100-0001": "100-0001", "1000001": "100-0001", "１００－０００１": "100-0001", "10-00001": "", "100-000": "", "abc-defg": ""} {
		got, ok := PostalCode(in)
		if got != want || ok != (want != "") {
			t.Errorf("PostalCode(%q) = %q, %v", in, got, ok)
		}
	}
}

func TestPhone_JapaneseNumbers(t *testing.T) {
	cases := []struct {
		in, want string
		mobile   bool
	}{
		{"03-1234-5678", "03-1234-5678", false},
		{"０３（１２３４）５６７８", "03-1234-5678", false},
		{"090-1234-5678", "090-1234-5678", true},
		{"0120-123-456", "0120-123-456", false},
		{"0312345678", "0312345678", false},
		{"1234567890", "", false},
		{"03-1234-567", "", false},
		{"03-1234-56789", "", false}, // 11 digits on a fixed line
		{"tel:0312345678", "", false},
	}
	for _, c := range cases {
		got, ok := Phone(c.in)
		if got != c.want || ok != (c.want != "") || (ok && IsMobile(got) != c.mobile) {
			t.Errorf("Phone(%q) = %q, %v", c.in, got, ok)
		}
	}
}

var phoneRef = regexp.MustCompile(`^0[0-9-]+$`)

// FuzzPhone: never panics; an accepted number is half-width digits and hyphens with
// 10 or 11 digits starting with 0, and normalising it again changes nothing.
func FuzzPhone(f *testing.F) {
	for _, s := range []string{"03-1234-5678", "090-1234-5678", "０３（１２３４）５６７８", "", "---", "0120-123-456", "+81-3-1234-5678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := Phone(s)
		if !ok {
			return
		}
		d := strings.ReplaceAll(got, "-", "")
		if !phoneRef.MatchString(got) || len(d) < 10 || len(d) > 11 || strings.HasPrefix(got, "-") || strings.HasSuffix(got, "-") {
			t.Fatalf("Phone(%q) = %q", s, got)
		}
		if again, ok := Phone(got); !ok || again != got {
			t.Fatalf("Phone not idempotent on %q: %q", got, again)
		}
	})
}
