// Package number is the 求人番号 (job number): `NNNNN-NNNNNNNN`, five digits naming the
// accepting office and an eight-digit serial unique within that prefix (domain.md
// §2.7). It is issued on acceptance and again on renewal, never reused; allocating the
// serial is the database's job, this package only parses, formats and checks.
package number

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/finding"
)

// MaxSerial is the largest 8-digit serial.
const MaxSerial = 99_999_999

// JobNumber is a 求人番号. The zero value means "not issued yet".
type JobNumber struct {
	prefix string // 5 digits
	serial int    // 1..MaxSerial
}

// ErrInvalid is returned for anything that is not a 求人番号.
var ErrInvalid = finding.Refuse(finding.JobNumberInvalid)

// Prefix builds the 5-digit prefix of an office: its 4-digit office code and one
// digit for the main office (0) or a branch (INFERENCE of §2.7: the public search takes
// the prefix as 求人番号上 without explaining it).
func Prefix(officeCode string, branch int) (string, error) {
	if !digits(officeCode, 4) || branch < 0 || branch > 9 {
		return "", ErrInvalid
	}
	return officeCode + strconv.Itoa(branch), nil
}

// New returns the number with prefix and serial.
func New(prefix string, serial int) (JobNumber, error) {
	if !digits(prefix, 5) || serial < 1 || serial > MaxSerial {
		return JobNumber{}, ErrInvalid
	}
	return JobNumber{prefix: prefix, serial: serial}, nil
}

// Parse reads `NNNNN-NNNNNNNN` or the same 13 digits without the hyphen (how
// scrapers and the search form carry it). Full-width digits are not accepted here: the
// ports normalise input first.
func Parse(s string) (JobNumber, error) {
	s = strings.TrimSpace(s)
	var p, ser string
	switch {
	case len(s) == 14 && s[5] == '-':
		p, ser = s[:5], s[6:]
	case len(s) == 13:
		p, ser = s[:5], s[5:]
	default:
		return JobNumber{}, ErrInvalid
	}
	if !digits(p, 5) || !digits(ser, 8) {
		return JobNumber{}, ErrInvalid
	}
	n, _ := strconv.Atoi(ser)
	return New(p, n)
}

// String formats as `NNNNN-NNNNNNNN`, or "" for the zero value.
func (n JobNumber) String() string {
	if n.IsZero() {
		return ""
	}
	return fmt.Sprintf("%s-%08d", n.prefix, n.serial)
}

// Prefix is the 5-digit office part.
func (n JobNumber) Prefix() string { return n.prefix }

// OfficeCode is the 4-digit office code within the prefix.
func (n JobNumber) OfficeCode() string {
	if n.IsZero() {
		return ""
	}
	return n.prefix[:4]
}

// Serial is the 8-digit serial as a number.
func (n JobNumber) Serial() int { return n.serial }

// IsZero reports whether no number was issued.
func (n JobNumber) IsZero() bool { return n.prefix == "" }

func digits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
