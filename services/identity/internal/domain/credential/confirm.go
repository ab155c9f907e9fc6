package credential

import (
	"github.com/hellowork-jp/hellowork/libs/email"
	"github.com/hellowork-jp/hellowork/libs/errs"
)

// ErrEmailMismatch: the e-mail confirmation field differs from the e-mail.
var ErrEmailMismatch = errs.New(errs.KindInvalidArgument, "EMAIL_MISMATCH",
	"the e-mail confirmation does not match").WithRule("EMAIL-1")

// EmailPair checks an e-mail against EMAIL-1 (libs/email, the one rule of every
// service) and its confirmation, which must be typed identically.
func EmailPair(addr, confirmation string) (email.Address, error) {
	a, err := email.Parse(addr)
	if err != nil {
		return email.Address{}, err
	}
	if addr != confirmation {
		return email.Address{}, ErrEmailMismatch
	}
	return a, nil
}
