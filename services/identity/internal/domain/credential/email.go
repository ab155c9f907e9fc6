// Package credential holds the format rules of what an employer types to sign in: the
// login e-mail (EMAIL-1) and the password (PW-1). It has no I/O.
package credential

import (
	"strings"

	"github.com/hellowork-jp/hellowork/libs/errs"
)

// MaxEmailLength is EMAIL-1's limit: at most 100 half-width characters.
const MaxEmailLength = 100

// Errors of EMAIL-1. Field violations name the request field the handler maps them to.
var (
	ErrEmailInvalid = errs.New(errs.KindInvalidArgument, "EMAIL_INVALID",
		"the e-mail address is not valid").WithRule("EMAIL-1")
	ErrEmailMismatch = errs.New(errs.KindInvalidArgument, "EMAIL_MISMATCH",
		"the e-mail confirmation does not match").WithRule("EMAIL-1")
)

// forbiddenLocal are characters that are half-width but never appear in the addresses
// Japanese carriers hand out, and that would need RFC 5322 quoting.
const forbiddenLocal = "\"(),:;<>[\\]@"

// ValidateEmail checks EMAIL-1: half-width alphanumerics and symbols, at most 100
// characters, one "@", a plausible domain.
//
// The local part is deliberately NOT RFC 5322 dot-atom strict: docomo and au (ezweb)
// issued addresses such as "foo.@docomo.ne.jp" and "a..b@ezweb.ne.jp" for years and
// their owners still use them, so leading, trailing and repeated dots are accepted.
func ValidateEmail(email string) error {
	if email == "" || len(email) > MaxEmailLength {
		return ErrEmailInvalid
	}
	at := strings.IndexByte(email, '@')
	if at <= 0 || at != strings.LastIndexByte(email, '@') || at > 64 {
		return ErrEmailInvalid
	}
	local, domain := email[:at], email[at+1:]
	for i := 0; i < len(local); i++ {
		c := local[i]
		// Half-width printable ASCII without the space (EMAIL-1); bytes ≥ 0x80 (full-width
		// or any other multi-byte character) are rejected here too.
		if c <= 0x20 || c >= 0x7f || strings.IndexByte(forbiddenLocal, c) >= 0 {
			return ErrEmailInvalid
		}
	}
	return validateDomain(domain)
}

func validateDomain(d string) error {
	if len(d) < 4 || len(d) > 253 {
		return ErrEmailInvalid
	}
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return ErrEmailInvalid
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return ErrEmailInvalid
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return ErrEmailInvalid
			}
		}
	}
	tld := labels[len(labels)-1]
	if len(tld) < 2 {
		return ErrEmailInvalid
	}
	for i := 0; i < len(tld); i++ {
		if tld[i] >= '0' && tld[i] <= '9' {
			return ErrEmailInvalid // a bare IP address is not a login ID
		}
	}
	return nil
}

// EmailKey is the form an address is looked up and kept unique by: lower case, so
// "Foo@Example.jp" and "foo@example.jp" are one login ID. The address itself is kept as
// typed, for mails.
func EmailKey(email string) string { return strings.ToLower(email) }

// ValidateEmailPair checks an e-mail and its confirmation (EMAIL-1 "confirmation fields
// must match").
func ValidateEmailPair(email, confirmation string) error {
	if err := ValidateEmail(email); err != nil {
		return err
	}
	if email != confirmation {
		return ErrEmailMismatch
	}
	return nil
}
