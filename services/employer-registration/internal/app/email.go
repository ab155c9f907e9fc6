package app

import (
	"strings"

	"github.com/hellowork-jp/hellowork/libs/email"
	"github.com/hellowork-jp/hellowork/libs/errs"
)

// loginEmail checks a login e-mail typed by staff with the one EMAIL-1 rule of every
// service (libs/email, which accepts the carrier-style addresses identity accepts) and
// returns it as stored: trimmed, the domain in lower case (the local part is the
// receiving host's business and stays as typed).
func loginEmail(s string) (string, error) {
	a, err := email.Parse(strings.TrimSpace(s))
	if err != nil {
		return "", email.ErrInvalid.WithField(errs.Field("login_email", email.ErrInvalid.Reason, ""))
	}
	return a.Local() + "@" + strings.ToLower(a.Domain()), nil
}
