// Package credential holds the rules of what an employer types or carries to sign in:
// the password (PW-1), the e-mail confirmation (the address itself is libs/email,
// EMAIL-1), and the form of session, device and terminal tokens. It has no I/O.
package credential

import (
	"strings"

	"github.com/hellowork-jp/hellowork/libs/errs"
)

// PW-1 length limits, counted in half-width characters (bytes, since only ASCII passes).
const (
	MinPasswordLength = 8
	MaxPasswordLength = 32
)

// Errors of PW-1. Each says exactly which part of the rule failed.
var (
	ErrPasswordLength = errs.New(errs.KindInvalidArgument, "PASSWORD_LENGTH",
		"the password must be 8 to 32 characters").WithRule("PW-1")
	ErrPasswordCharset = errs.New(errs.KindInvalidArgument, "PASSWORD_CHARSET",
		"the password may contain only half-width letters, digits and symbols").WithRule("PW-1")
	ErrPasswordComposition = errs.New(errs.KindInvalidArgument, "PASSWORD_COMPOSITION",
		"the password must contain a digit, a letter and a symbol").WithRule("PW-1")
	ErrPasswordBlocklisted = errs.New(errs.KindInvalidArgument, "PASSWORD_TOO_COMMON",
		"the password is too common or contains the login ID").WithRule("PW-1")
	ErrPasswordMismatch = errs.New(errs.KindInvalidArgument, "PASSWORD_MISMATCH",
		"the password confirmation does not match").WithRule("PW-1")
)

// blocklist holds common passwords that satisfy PW-1's composition rule anyway (D3:
// ASVS 6.2.4 asks for a check against breached/common passwords on top of the spec's
// composition rule): the committed list of common_passwords.txt (L6) plus a few
// local ones. Compared case-insensitively.
var blocklist = map[string]bool{}

func init() {
	blocklist = commonPasswords()
	for _, p := range strings.Fields(`
		password1! p@ssw0rd p@ssword1 p@ssw0rd1 p@ssw0rd! passw0rd! password1# password123!
		password! pass1234! pass@123 pa$$w0rd pa$$word1 qwerty123! qwerty1! qwert123! 1qaz2wsx!
		!qaz2wsx 1qaz@wsx abc123!! abcd1234! abcd123! a1234567! a123456! a12345678! 1234abcd!
		12345678a! 123456a! 123qwe!! 1q2w3e4r! 1q2w3e4r5t! admin123! admin@123 welcome1!
		welcome123! letmein1! iloveyou1! monkey123! dragon123! sunshine1! hellowork1!
		hellowork123! hello123! hello@123 tokyo2020! japan123! nihon123! sakura123! test1234!
		test@123 user1234! changeme1! secret123! summer2024! winter2024! spring2025! autumn2025!`) {
		blocklist[p] = true
	}
}

// ValidatePassword checks PW-1 (8-32 half-width characters with a digit, a letter and a
// symbol), then the blocklist and the login ID (D3 compensating control). The password
// is never trimmed, truncated or case-folded here or anywhere else (ASVS 6.2.8).
func ValidatePassword(password, loginEmail string) error {
	var digit, letter, symbol bool
	for i := 0; i < len(password); i++ {
		c := password[i]
		switch {
		case c >= '0' && c <= '9':
			digit = true
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letter = true
		case c > 0x20 && c < 0x7f:
			symbol = true
		default:
			// Spaces, control characters and every byte of a multi-byte (full-width)
			// character: PW-1 allows half-width characters only.
			return ErrPasswordCharset
		}
	}
	if len(password) < MinPasswordLength || len(password) > MaxPasswordLength {
		return ErrPasswordLength
	}
	if !digit || !letter || !symbol {
		return ErrPasswordComposition
	}
	lower := strings.ToLower(password)
	if blocklist[lower] {
		return ErrPasswordBlocklisted
	}
	if local, _, ok := strings.Cut(strings.ToLower(loginEmail), "@"); ok && len(local) >= 4 && strings.Contains(lower, local) {
		return ErrPasswordBlocklisted
	}
	return nil
}

// ValidatePasswordPair checks a new password and its confirmation.
func ValidatePasswordPair(password, confirmation, loginEmail string) error {
	if err := ValidatePassword(password, loginEmail); err != nil {
		return err
	}
	if password != confirmation {
		return ErrPasswordMismatch
	}
	return nil
}
