package email

import (
	"errors"
	"fmt"
	"strings"
)

// RFC 5321 section 4.5.3.1 limits.
const (
	maxPath   = 254 // the longest forward-path a server must accept, minus the brackets
	maxLocal  = 64
	maxDomain = 255
)

// ErrUndeliverable marks an address SMTP cannot carry. It is a plain error, not an
// errs.Error: it is never shown to an employer, it only decides that a mail is poison.
var ErrUndeliverable = errors.New("email: address cannot be carried by SMTP")

// Deliverable reports whether SMTP can carry a mail to s, refusing only what cannot be
// written into an envelope: an address that is empty or over the RFC 5321 lengths, has
// not exactly one "@" or an empty side of it, or contains control characters (CR, LF,
// NUL ...), spaces or angle brackets (they would break the "<path>" of RCPT TO), or
// non-ASCII characters (the relay is not used with SMTPUTF8, so such an address would be
// refused by the server anyway). Everything EMAIL-1 accepts is deliverable, and so are
// carrier addresses that RFC 5322 calls malformed ("foo.@docomo.ne.jp").
func Deliverable(s string) error {
	if s == "" {
		return fmt.Errorf("%w: empty", ErrUndeliverable)
	}
	if len(s) > maxPath {
		return fmt.Errorf("%w: longer than %d", ErrUndeliverable, maxPath)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x20 || c == 0x7f:
			return fmt.Errorf("%w: control character at %d", ErrUndeliverable, i)
		case c >= 0x80:
			return fmt.Errorf("%w: non-ASCII character (SMTPUTF8 is not used)", ErrUndeliverable)
		case c == ' ' || c == '<' || c == '>':
			return fmt.Errorf("%w: %q at %d", ErrUndeliverable, c, i)
		}
	}
	if strings.Count(s, "@") != 1 {
		return fmt.Errorf("%w: not exactly one @", ErrUndeliverable)
	}
	local, domain, _ := strings.Cut(s, "@")
	switch {
	case local == "" || domain == "":
		return fmt.Errorf("%w: empty local part or domain", ErrUndeliverable)
	case len(local) > maxLocal:
		return fmt.Errorf("%w: local part longer than %d", ErrUndeliverable, maxLocal)
	case len(domain) > maxDomain:
		return fmt.Errorf("%w: domain longer than %d", ErrUndeliverable, maxDomain)
	}
	return nil
}
