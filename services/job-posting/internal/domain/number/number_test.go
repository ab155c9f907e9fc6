package number

import (
	"errors"
	"testing"
)

func TestParse_AcceptsTheTwoWrittenForms(t *testing.T) {
	for _, s := range []string{"13010-12345678", "1301012345678", " 13010-00000001 "} {
		n, err := Parse(s)
		if err != nil {
			t.Errorf("Parse(%q): %v", s, err)
			continue
		}
		if n.String()[5] != '-' || len(n.String()) != 14 {
			t.Errorf("Parse(%q).String() = %q", s, n.String())
		}
	}
	n, _ := Parse("1301012345678")
	if n.String() != "13010-12345678" || n.Prefix() != "13010" || n.OfficeCode() != "1301" || n.Serial() != 12345678 {
		t.Errorf("parts of %v wrong", n)
	}
}

func TestParse_RefusesWhatIsNotAJobNumber(t *testing.T) {
	for _, s := range []string{"", "13010-1234567", "13010-123456789", "1301-012345678", "13010_12345678",
		"1301a-12345678", "13010-1234567x", "13010-00000000", "１３０１０-12345678", "130101234567"} {
		if _, err := Parse(s); !errors.Is(err, ErrInvalid) {
			t.Errorf("Parse(%q) = %v, want JOB_NUMBER_INVALID", s, err)
		}
	}
}

func TestNew_PadsTheSerialToEightDigits(t *testing.T) {
	n, err := New("27051", 42)
	if err != nil || n.String() != "27051-00000042" {
		t.Fatalf("New = %q, %v", n, err)
	}
	if _, err := New("27051", MaxSerial+1); err == nil {
		t.Error("a ninth digit must be refused")
	}
	if _, err := New("2705", 1); err == nil {
		t.Error("a 4-digit prefix must be refused")
	}
}

func TestPrefix_IsOfficeCodeAndBranchDigit(t *testing.T) {
	p, err := Prefix("1301", 0)
	if err != nil || p != "13010" {
		t.Errorf("Prefix = %q, %v", p, err)
	}
	if _, err := Prefix("130", 0); err == nil {
		t.Error("3-digit office code accepted")
	}
	if _, err := Prefix("1301", 10); err == nil {
		t.Error("two-digit branch accepted")
	}
}

func TestZeroValue_IsNotIssued(t *testing.T) {
	var n JobNumber
	if !n.IsZero() || n.String() != "" || n.OfficeCode() != "" {
		t.Errorf("zero value = %q", n)
	}
}
