package seeker

import (
	"strings"

	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/finding"
)

// Number is a 求職番号: five digits and eight digits, `NNNNN-NNNNNNNN` (domain.md §2.7:
// the same shape as the 求人番号). The zero value means "none".
type Number struct{ s string }

// ErrNumberInvalid is returned for anything that is not a 求職番号.
var ErrNumberInvalid = finding.Refuse(finding.SeekerNumberInvalid)

// ParseNumber reads `NNNNN-NNNNNNNN` or the same 13 digits without the hyphen. The
// integration API sends the canonical form; full-width digits are the ports' job.
func ParseNumber(s string) (Number, error) {
	s = strings.TrimSpace(s)
	var p, ser string
	switch {
	case len(s) == 14 && s[5] == '-':
		p, ser = s[:5], s[6:]
	case len(s) == 13:
		p, ser = s[:5], s[5:]
	default:
		return Number{}, ErrNumberInvalid
	}
	if !digits(p) || !digits(ser) {
		return Number{}, ErrNumberInvalid
	}
	return Number{s: p + "-" + ser}, nil
}

// MustNumber parses or panics; for tests and fixtures.
func MustNumber(s string) Number {
	n, err := ParseNumber(s)
	if err != nil {
		panic(err)
	}
	return n
}

// String is the canonical `NNNNN-NNNNNNNN`, or "".
func (n Number) String() string { return n.s }

// IsZero reports whether there is no number.
func (n Number) IsZero() bool { return n.s == "" }

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// MarshalText stores the canonical form (the adapters keep aggregates as JSON).
func (n Number) MarshalText() ([]byte, error) { return []byte(n.s), nil }

// UnmarshalText reads the canonical form back; an empty text is the zero Number.
func (n *Number) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*n = Number{}
		return nil
	}
	p, err := ParseNumber(string(b))
	if err != nil {
		return err
	}
	*n = p
	return nil
}
