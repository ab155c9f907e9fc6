package establishment

import (
	"fmt"
	"strings"
)

// Number is a 事業所番号 (ESTNO-1) in the canonical form NNNN-NNNNNN-N.
type Number string

// NumberSource says where a number came from: the employment-insurance number staff
// typed, or one this system assigned.
type NumberSource string

// Number sources.
const (
	// SourceKoyoHoken: the establishment's 雇用保険適用事業所番号, entered by staff. Its check
	// digit follows an unpublished algorithm, so only the format is checked.
	SourceKoyoHoken NumberSource = "koyo_hoken"
	// SourceAssigned: assigned by this system on acceptance (AssignNumber).
	SourceAssigned NumberSource = "hellowork_assigned"
)

// ParseNumber accepts a 事業所番号 typed with or without hyphens, in full- or half-width
// digits, and returns its canonical form (ESTNO-1: 4-6-1 half-width digits).
func ParseNumber(s string) (Number, bool) {
	s = NormalizeDigits(s)
	if len(s) > 13 {
		return "", false
	}
	var d string
	switch {
	case len(s) == 11:
		d = s
	case len(s) == 13 && s[4] == '-' && s[11] == '-':
		d = s[:4] + s[5:11] + s[12:]
	default:
		return "", false
	}
	if OnlyDigits(d) != d || len(d) != 11 {
		return "", false
	}
	return Number(d[:4] + "-" + d[4:10] + "-" + d[10:]), true
}

// OfficeCode returns the first four digits: the office that numbered the establishment.
func (n Number) OfficeCode() string { return string(n)[:4] }

// AssignNumber builds the number this system assigns on acceptance: the office code,
// the office's 6-digit serial and a check digit.
//
// The check digit of real 事業所番号 is not published, so ours is our own
// rule, used only for numbers we assign and never to reject numbers staff enter: the
// Luhn (mod 10) digit over the 10 preceding digits. It catches every single-digit typo
// and most adjacent transpositions. It is NOT Hello Work's algorithm.
func AssignNumber(officeCode string, serial int64) (Number, error) {
	if len(officeCode) != 4 || OnlyDigits(officeCode) != officeCode {
		return "", fmt.Errorf("establishment: bad office code %q", officeCode)
	}
	if serial < 1 || serial > 999999 {
		return "", fmt.Errorf("establishment: serial %d outside 1-999999", serial)
	}
	body := fmt.Sprintf("%s%06d", officeCode, serial)
	return Number(fmt.Sprintf("%s-%s-%d", body[:4], body[4:], LuhnDigit(body))), nil
}

// LuhnDigit returns the Luhn check digit of a string of digits.
func LuhnDigit(digits string) int {
	sum := 0
	double := true // the rightmost payload digit is doubled when a check digit follows
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return (10 - sum%10) % 10
}

// HasAssignedCheckDigit reports whether n carries the check digit AssignNumber gives.
func (n Number) HasAssignedCheckDigit() bool {
	d := strings.ReplaceAll(string(n), "-", "")
	return len(d) == 11 && LuhnDigit(d[:10]) == int(d[10]-'0')
}
