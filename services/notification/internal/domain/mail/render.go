package mail

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strings"
	"text/template"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

// templates holds one template per kind (templates/<kind>.tmpl) plus the shared
// "footer" defined in templates/_footer.tmpl.
var templates = mustParse()

func mustParse() map[Kind]*template.Template {
	funcs := template.FuncMap{"jst": FormatJST, "jstDate": FormatDateJST}
	footer := template.Must(template.New("_footer.tmpl").Funcs(funcs).ParseFS(templateFS, "templates/_footer.tmpl"))
	out := make(map[Kind]*template.Template, len(specs))
	for k := range specs {
		name := string(k) + ".tmpl"
		base := template.Must(footer.Clone())
		out[k] = template.Must(base.New(name).ParseFS(templateFS, "templates/"+name)).Lookup(name)
	}
	return out
}

// Data is what a template may show. It is stored with a pending delivery as JSON, so
// it must never hold a secret: Secret is excluded from JSON and filled in only at send
// time from the sealed secret of the event.
type Data struct {
	// Recipient is the address the mail goes to.
	Recipient string `json:"recipient"`
	// Secret is the auth key or one-time password (AUTHKEY-1, LOGIN-2). Never stored.
	Secret string `json:"-"`
	// IssuedAt is when the producer issued the secret or made the change (event time).
	IssuedAt time.Time `json:"issued_at"`
	// ExpiresAt is when the secret stops working, as decided by identity.
	ExpiresAt time.Time `json:"expires_at,omitzero"`

	EstablishmentName   string    `json:"establishment_name,omitempty"`
	EstablishmentNumber string    `json:"establishment_number,omitempty"`
	OfficeName          string    `json:"office_name,omitempty"`
	OfficeCode          string    `json:"office_code,omitempty"`
	SubmittedAt         time.Time `json:"submitted_at,omitzero"`
	JobTitle            string    `json:"job_title,omitempty"`
	JobNumber           string    `json:"job_number,omitempty"`
	ReferredAt          time.Time `json:"referred_at,omitzero"`
	Count               int       `json:"count,omitempty"`
	// ChannelName is how the seeker applied, in Japanese (オンライン自主応募, ...).
	ChannelName string `json:"channel_name,omitempty"`

	// AcceptedOn (受付年月日), ReferralDeadline (紹介期限日) and RenewalOpensOn (the first
	// day a renewal may be reserved, JOB-5) are JST dates of a posting.
	AcceptedOn       time.Time `json:"accepted_on,omitzero"`
	ReferralDeadline time.Time `json:"referral_deadline,omitzero"`
	RenewalOpensOn   time.Time `json:"renewal_opens_on,omitzero"`

	OldEmail     string    `json:"old_email,omitempty"`
	NewEmail     string    `json:"new_email,omitempty"`
	PrimaryEmail string    `json:"primary_email,omitempty"`
	AccountEmail string    `json:"account_email,omitempty"`
	LockedUntil  time.Time `json:"locked_until,omitzero"`
	// PasswordDisabled: the consecutive-failure cap disabled the password until a reset
	// (LOGIN-1; see "D5" in docs/security.md).
	PasswordDisabled bool   `json:"password_disabled,omitempty"`
	UserAgent        string `json:"user_agent,omitempty"`
	IP               string `json:"ip,omitempty"`

	// Message is the office's free text: what to correct (修正依頼) or why the
	// registration was not accepted. Unlike the one-line fields it keeps its lines.
	Message string `json:"message,omitempty"`
	// RestorableUntil is the last moment a withdrawn account can be restored (ACC-4).
	RestorableUntil time.Time `json:"restorable_until,omitzero"`
	// NewEstablishment: the office registered the establishment in the same step as the
	// login e-mail (本登録 at the counter, OPEN-2).
	NewEstablishment bool `json:"new_establishment,omitempty"`
}

// ValidMinutes is the validity of the secret in whole minutes, from issue to expiry
// (50 for an auth key by AUTHKEY-1, 30 for a one-time password by LOGIN-2, unless
// identity is configured otherwise).
func (d Data) ValidMinutes() int {
	if d.ExpiresAt.IsZero() || d.IssuedAt.IsZero() {
		return 0
	}
	return int(math.Round(d.ExpiresAt.Sub(d.IssuedAt).Minutes()))
}

// Rendered is a mail ready to be encoded.
type Rendered struct {
	Kind    Kind
	To      string
	Subject string
	Body    string // UTF-8, lines separated by "\n"
}

// ErrMissingSecret is returned when a secret-bearing mail is rendered without its
// secret: sending a mail with an empty auth key would lock the employer out silently.
var ErrMissingSecret = errors.New("mail: secret-bearing mail rendered without its secret")

// Render fills the template of kind with d.
func Render(kind Kind, d Data) (Rendered, error) {
	t, ok := templates[kind]
	if !ok {
		return Rendered{}, fmt.Errorf("mail: unknown kind %q", kind)
	}
	if d.Recipient == "" {
		return Rendered{}, errors.New("mail: no recipient")
	}
	if kind.CarriesSecret() && (d.Secret == "" || d.ExpiresAt.IsZero()) {
		return Rendered{}, ErrMissingSecret
	}
	d = d.sanitized()
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		return Rendered{}, fmt.Errorf("mail: render %s: %w", kind, err)
	}
	body := strings.TrimLeft(b.String(), "\n")
	body = strings.TrimRight(body, "\n") + "\n"
	return Rendered{Kind: kind, To: d.Recipient, Subject: kind.Subject(), Body: body}, nil
}

// maxFieldRunes bounds every free-text field shown in a mail.
const maxFieldRunes = 200

// sanitized returns d with every text field on one line and bounded: values come from
// other services and, for the user agent, from the client, so a crafted value must not
// be able to add lines that look like instructions from Hello Work.
func (d Data) sanitized() Data {
	for _, f := range []*string{&d.EstablishmentName, &d.EstablishmentNumber, &d.OfficeName, &d.OfficeCode,
		&d.JobTitle, &d.JobNumber, &d.ChannelName, &d.OldEmail, &d.NewEmail, &d.PrimaryEmail, &d.AccountEmail, &d.UserAgent, &d.IP} {
		*f = oneLine(*f)
	}
	d.Message = quoted(d.Message)
	return d
}

// maxMessageRunes bounds the office's message (employer-registration accepts 2,000).
const maxMessageRunes = 2000

// quoted keeps the lines of a multi-line text but indents each one, so that whatever the
// text says it reads as the office's message and cannot pass for a heading or an
// instruction of the mail itself; control characters are dropped and the length bounded.
func quoted(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t':
			return ' '
		case r < 0x20 || r == 0x7f:
			return -1
		case r == 0x2028 || r == 0x2029:
			return '\n'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > maxMessageRunes {
		s = string(r[:maxMessageRunes]) + "…"
	}
	s = strings.Trim(s, "\n ")
	if s == "" {
		return ""
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = "　" + strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029 {
			return ' '
		}
		return r
	}, s)
	if r := []rune(s); len(r) > maxFieldRunes {
		s = string(r[:maxFieldRunes]) + "…"
	}
	return strings.TrimSpace(s)
}

// FormatJST shows t as a Japanese date and time in JST, e.g. "2025年1月6日 10時50分".
func FormatJST(t time.Time) string {
	j := t.In(clock.JST)
	return fmt.Sprintf("%d年%d月%d日 %d時%02d分", j.Year(), int(j.Month()), j.Day(), j.Hour(), j.Minute())
}

// FormatDateJST shows the JST calendar date of t, e.g. "2025年1月6日".
func FormatDateJST(t time.Time) string {
	j := t.In(clock.JST)
	return fmt.Sprintf("%d年%d月%d日", j.Year(), int(j.Month()), j.Day())
}

// MessageID derives the Message-ID of the mail of one event to one recipient. It is a
// pure function of both, so a retry, or a resend in the crash window between "SMTP
// accepted" and "marked sent", carries the same Message-ID and mail clients show it once.
// The recipient is hashed so the header does not repeat the address.
func MessageID(eventID, recipient, domain string) string {
	h := sha256.Sum256([]byte(strings.ToLower(recipient)))
	return "<" + eventID + "." + hex.EncodeToString(h[:6]) + "@" + domain + ">"
}
