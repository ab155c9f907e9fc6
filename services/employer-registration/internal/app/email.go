package app

import (
	"net/mail"
	"strings"

	"github.com/hellowork-jp/hellowork/libs/errs"
)

// ErrEmailInvalid: EMAIL-1.
var ErrEmailInvalid = errs.New(errs.KindInvalidArgument, "EMAIL_INVALID",
	"the e-mail address is invalid", "メールアドレスは半角英数字・記号100文字以内で正しく入力してください。").WithRule("EMAIL-1")

// loginEmail checks a login e-mail (EMAIL-1) and returns it as stored.
// TODO(libs/email): interim until libs/email lands.
func loginEmail(s string) (string, error) {
	bad := ErrEmailInvalid.WithField(errs.FieldViolation{Field: "login_email", Reason: "EMAIL_INVALID", MessageJA: ErrEmailInvalid.MessageJA})
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 100 {
		return "", bad
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return "", bad
		}
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return "", bad
	}
	at := strings.LastIndexByte(s, '@')
	if at < 1 || !strings.Contains(s[at+1:], ".") {
		return "", bad
	}
	return s[:at] + "@" + strings.ToLower(s[at+1:]), nil
}
