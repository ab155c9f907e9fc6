package establishment

import "testing"

func TestValidCorporateNumber_PublishedCheckDigit(t *testing.T) {
	cases := []struct {
		in string
		ok bool
	}{
		{"7000012050002", true},  // 国税庁
		{"6000012050002", false}, // check digit changed
		{"7000012050003", false}, // body changed
		{"700001205000", false},
		{"70000120500021", false},
		{"700001205000a", false},
	}
	for _, c := range cases {
		if got := ValidCorporateNumber(c.in); got != c.ok {
			t.Errorf("ValidCorporateNumber(%q) = %v, want %v", c.in, got, c.ok)
		}
	}
}
