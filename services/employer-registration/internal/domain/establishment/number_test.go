package establishment

import (
	"regexp"
	"strings"
	"testing"
)

func TestParseNumber_ESTNO1Forms(t *testing.T) {
	cases := []struct {
		in   string
		want Number
		ok   bool
	}{
		{"1301-123456-7", "1301-123456-7", true},
		{"13011234567", "1301-123456-7", true},
		{"１３０１－１２３４５６－７", "1301-123456-7", true},
		{" 1301-123456-7 ", "1301-123456-7", true},
		{"1301-12345-67", "", false},
		{"1301123456", "", false},
		{"130112345678", "", false},
		{"1301-12345a-7", "", false},
		{"", "", false},
	}
	for _, c := range cases {
		got, ok := ParseNumber(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("ParseNumber(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestAssignNumber_OfficeSerialAndLuhnDigit(t *testing.T) {
	n, err := AssignNumber("1301", 1)
	if err != nil {
		t.Fatal(err)
	}
	// Luhn over 1301000001: the documented check digit rule.
	if n != "1301-000001-9" || !n.HasAssignedCheckDigit() || n.OfficeCode() != "1301" {
		t.Fatalf("AssignNumber = %s", n)
	}
	if Number("1301-000001-4").HasAssignedCheckDigit() {
		t.Fatal("a wrong check digit passed")
	}
	for _, bad := range []struct {
		office string
		serial int64
	}{{"130", 1}, {"13a1", 1}, {"1301", 0}, {"1301", 1_000_000}} {
		if _, err := AssignNumber(bad.office, bad.serial); err == nil {
			t.Errorf("AssignNumber(%q, %d) accepted", bad.office, bad.serial)
		}
	}
	// Every single-digit typo of an assigned number is caught.
	d := strings.ReplaceAll(string(n), "-", "")
	for i := 0; i < 10; i++ {
		for r := '0'; r <= '9'; r++ {
			if rune(d[i]) == r {
				continue
			}
			typo := d[:i] + string(r) + d[i+1:]
			if LuhnDigit(typo[:10]) == int(typo[10]-'0') {
				t.Fatalf("typo %s not caught", typo)
			}
		}
	}
}

var estnoRef = regexp.MustCompile(`^\d{4}-\d{6}-\d$`)

// FuzzEstablishmentNumber: never panics; every accepted input yields the canonical
// ESTNO-1 form whose digits are the input's digits; a canonical form parses to itself.
func FuzzEstablishmentNumber(f *testing.F) {
	for _, s := range []string{"1301-123456-7", "13011234567", "１３０１－１２３４５６－７", "1301-12345-67", "", "-----------", "1301‐123456‐7"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := ParseNumber(s)
		if !ok {
			if estnoRef.MatchString(s) {
				t.Fatalf("canonical %q refused", s)
			}
			return
		}
		if !estnoRef.MatchString(string(n)) {
			t.Fatalf("ParseNumber(%q) = %q, not ESTNO-1", s, n)
		}
		if OnlyDigits(s) != strings.ReplaceAll(string(n), "-", "") {
			t.Fatalf("ParseNumber(%q) = %q changed the digits", s, n)
		}
		if again, ok := ParseNumber(string(n)); !ok || again != n {
			t.Fatalf("canonical form %q does not parse to itself", n)
		}
	})
}
