// Package email is the one e-mail address rule (EMAIL-1) of every hellowork service.
//
// Two checks live here because they answer two different questions:
//
//   - Parse answers "may an employer use this as a login e-mail?" (EMAIL-1): half-width
//     printable characters, at most 100 of them, one "@", a plausible domain. It is the
//     rule identity has always applied, so every address stored before still parses.
//   - Deliverable answers "can SMTP carry a mail to this?": it refuses only what cannot
//     be written into an SMTP envelope. Notification uses it so a mail to an address
//     another service accepted is never dead-lettered over a stricter syntax.
//
// The local part is deliberately NOT RFC 5322 dot-atom strict: docomo and au (ezweb)
// issued addresses such as "foo.@docomo.ne.jp" and "a..b@ezweb.ne.jp" for years and
// their owners still use them. net/mail rejects them, so it must not be used for
// addresses employers type.
package email

import (
	"strings"

	"github.com/hellowork-jp/hellowork/libs/errs"
)

// MaxLength is EMAIL-1's limit: at most 100 half-width characters.
const MaxLength = 100

// ErrInvalid is the one error of EMAIL-1, with one reason and one Japanese text for
// every service.
var ErrInvalid = errs.New(errs.KindInvalidArgument, "EMAIL_INVALID",
	"the e-mail address is not valid").WithRule("EMAIL-1")

// Address is an e-mail address that passed EMAIL-1, kept exactly as typed (the case of
// the local part is the receiving host's business, so mails go to what was typed).
// The zero Address is not valid; get one from Parse.
type Address struct{ s string }

// Parse checks s against EMAIL-1 and returns it as an Address. It does not trim: a
// form that wants to forgive pasted spaces trims before calling it.
func Parse(s string) (Address, error) {
	if err := validate(s); err != nil {
		return Address{}, err
	}
	return Address{s: s}, nil
}

// MustParse is Parse for constants and tests; it panics on an invalid address.
func MustParse(s string) Address {
	a, err := Parse(s)
	if err != nil {
		panic("email: " + err.Error() + ": " + s)
	}
	return a
}

// String returns the address as typed.
func (a Address) String() string { return a.s }

// IsZero reports whether a is the zero Address (never parsed).
func (a Address) IsZero() bool { return a.s == "" }

// Key is the form an address is looked up and kept unique by: the whole address in
// lower case, so "Foo@Example.jp" and "foo@example.jp" are one login ID. It must stay
// exactly this: identity's stored keys were computed this way.
func (a Address) Key() string { return Key(a.s) }

// Key is Address.Key for a string already known to be an address (a stored one).
func Key(s string) string { return strings.ToLower(s) }

// Local returns the part before the "@".
func (a Address) Local() string {
	at := strings.IndexByte(a.s, '@')
	if at < 0 {
		return ""
	}
	return a.s[:at]
}

// Domain returns the part after the "@".
func (a Address) Domain() string {
	at := strings.IndexByte(a.s, '@')
	if at < 0 {
		return ""
	}
	return a.s[at+1:]
}

// forbiddenLocal are characters that are half-width but never appear in the addresses
// Japanese carriers hand out, and that would need RFC 5322 quoting.
const forbiddenLocal = "\"(),:;<>[\\]@"

func validate(s string) error {
	if s == "" || len(s) > MaxLength {
		return ErrInvalid
	}
	at := strings.IndexByte(s, '@')
	if at <= 0 || at != strings.LastIndexByte(s, '@') || at > 64 {
		return ErrInvalid
	}
	local, domain := s[:at], s[at+1:]
	for i := 0; i < len(local); i++ {
		c := local[i]
		// Half-width printable ASCII without the space; bytes ≥ 0x80 (full-width or any
		// other multi-byte character) are rejected here too.
		if c <= 0x20 || c >= 0x7f || strings.IndexByte(forbiddenLocal, c) >= 0 {
			return ErrInvalid
		}
	}
	return validateDomain(domain)
}

func validateDomain(d string) error {
	if len(d) < 4 || len(d) > 253 {
		return ErrInvalid
	}
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return ErrInvalid
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return ErrInvalid
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return ErrInvalid
			}
		}
	}
	tld := labels[len(labels)-1]
	if len(tld) < 2 {
		return ErrInvalid
	}
	for i := 0; i < len(tld); i++ {
		if tld[i] >= '0' && tld[i] <= '9' {
			return ErrInvalid // a bare IP address is not a login ID
		}
	}
	return nil
}
