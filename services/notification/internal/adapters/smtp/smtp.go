// Package smtp sends mails with github.com/wneessen/go-mail: UTF-8 text bodies in
// base64, RFC 2047 encoded subjects, Message-ID and Date set by the caller.
package smtp

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/services/notification/internal/app"
)

// TLSMode is how the connection to the SMTP server is protected.
type TLSMode string

// TLS modes.
const (
	TLSNone     TLSMode = "none"     // plain text (a local mail catcher only)
	TLSStartTLS TLSMode = "starttls" // STARTTLS is mandatory: fail rather than send in clear
	TLSImplicit TLSMode = "tls"      // TLS from the first byte (SMTPS, port 465)
)

// Config says where and how to send.
type Config struct {
	Host     string
	Port     int
	TLS      TLSMode
	Username string // empty: no SMTP AUTH
	Password string
	// From is the envelope sender and From address (seeds: system@mail.hellowork.mhlw.go.jp).
	From string
	// FromName is the display name of From.
	FromName string
	// HELO is the name announced in EHLO; empty means the host name.
	HELO string
	// Timeout bounds dialling and each SMTP command.
	Timeout time.Duration
	// TLSConfig overrides the TLS settings (tests pass their CA); nil means the system
	// roots and ServerName = Host.
	TLSConfig *tls.Config
}

// ParseURL reads smtp://[user[:password]@]host[:port][?tls=none|starttls|tls]. The
// scheme smtps:// means tls=tls. Without ?tls, smtp:// means mandatory STARTTLS, except
// towards a loopback host (a local mail catcher such as make run's maildev or the
// tests' server), where it means none: mail never leaves the machine in clear unless
// tls=none says so. Default ports: 25 (none), 587 (starttls), 465 (tls).
func ParseURL(raw string) (Config, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return Config{}, errors.New("SMTP_URL is not a URL")
	}
	var c Config
	switch u.Scheme {
	case "smtp":
		c.TLS = TLSStartTLS
	case "smtps":
		c.TLS = TLSImplicit
	default:
		return Config{}, fmt.Errorf("SMTP_URL scheme %q is not smtp or smtps", u.Scheme)
	}
	if m := u.Query().Get("tls"); m != "" {
		switch TLSMode(m) {
		case TLSNone, TLSStartTLS, TLSImplicit:
			c.TLS = TLSMode(m)
		default:
			return Config{}, fmt.Errorf("SMTP_URL tls=%q is not none, starttls or tls", m)
		}
	}
	c.Host = u.Hostname()
	if c.Host == "" {
		return Config{}, errors.New("SMTP_URL has no host")
	}
	if u.Scheme == "smtp" && u.Query().Get("tls") == "" && isLoopback(c.Host) {
		c.TLS = TLSNone
	}
	switch c.TLS {
	case TLSNone:
		c.Port = 25
	case TLSStartTLS:
		c.Port = 587
	default:
		c.Port = 465
	}
	if p := u.Port(); p != "" {
		if c.Port, err = strconv.Atoi(p); err != nil || c.Port < 1 || c.Port > 65535 {
			return Config{}, fmt.Errorf("SMTP_URL port %q is invalid", p)
		}
	}
	if u.User != nil {
		c.Username = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	return c, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Validate checks c.
func (c Config) Validate() error {
	var problems []error
	if c.Host == "" || c.Port <= 0 {
		problems = append(problems, errors.New("SMTP host and port are required"))
	}
	// The sender, unlike recipients, is ours to choose, and go-mail's FromFormat parses
	// it with net/mail: it must be a strict RFC 5322 address.
	if a, err := mail.ParseAddress(c.From); err != nil || a.Address != c.From {
		problems = append(problems, fmt.Errorf("MAIL_FROM %q is not a bare e-mail address", c.From))
	}
	if c.Timeout <= 0 {
		problems = append(problems, errors.New("SMTP timeout must be positive"))
	}
	return errors.Join(problems...)
}

// Domain is the domain of From, used for Message-IDs.
func (c Config) Domain() string { return c.From[strings.LastIndexByte(c.From, '@')+1:] }

// Mailer is one SMTP connection (app.Mailer).
type Mailer struct {
	cfg    Config
	client *gomail.Client
}

// NewMailer returns a mailer that dials on its first Send.
func NewMailer(cfg Config) *Mailer { return &Mailer{cfg: cfg} }

func (m *Mailer) newClient() (*gomail.Client, error) {
	opts := []gomail.Option{gomail.WithPort(m.cfg.Port), gomail.WithTimeout(m.cfg.Timeout)}
	switch m.cfg.TLS {
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case TLSStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	}
	tc := m.cfg.TLSConfig
	if tc == nil {
		tc = &tls.Config{ServerName: m.cfg.Host, MinVersion: tls.VersionTLS12}
	}
	opts = append(opts, gomail.WithTLSConfig(tc))
	if m.cfg.HELO != "" {
		opts = append(opts, gomail.WithHELO(m.cfg.HELO))
	}
	if m.cfg.Username != "" {
		// PLAIN over TLS (go-mail refuses it in clear except to localhost); servers
		// offering only LOGIN or CRAM-MD5 are found by auto-discovery.
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(m.cfg.Username), gomail.WithPassword(m.cfg.Password))
	}
	return gomail.NewClient(m.cfg.Host, opts...)
}

// Build encodes msg as go-mail would send it (exported for tests and the bench).
func (m *Mailer) Build(msg app.Message) (*gomail.Msg, error) {
	g := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingB64),
		gomail.WithNoDefaultUserAgent())
	if err := g.FromFormat(m.cfg.FromName, m.cfg.From); err != nil {
		return nil, err
	}
	// The recipient is set as an already parsed address: go-mail's To would parse it with
	// net/mail and refuse the carrier addresses EMAIL-1 accepts ("foo.@docomo.ne.jp").
	// The app only hands over addresses email.Deliverable passed; go-mail quotes such a
	// local part where RFC 5321/5322 ask for it ("\"foo.\"@docomo.ne.jp"), which is the
	// same mailbox.
	g.ToMailAddress(&mail.Address{Address: msg.To})
	g.Subject(msg.Subject)
	g.SetMessageIDWithValue(strings.Trim(msg.MessageID, "<>"))
	g.SetDateWithValue(msg.Date.In(clock.JST))
	// Mails are system notices: no auto-replies back to a no-reply sender.
	g.SetGenHeader(gomail.HeaderXAutoResponseSuppress, "All")
	g.SetGenHeader("Auto-Submitted", "auto-generated")
	g.SetBodyString(gomail.TypeTextPlain, strings.ReplaceAll(msg.Body, "\n", "\r\n"))
	return g, nil
}

// Send implements app.Mailer.
func (m *Mailer) Send(ctx context.Context, msg app.Message) error {
	g, err := m.Build(msg)
	if err != nil {
		return &app.SendError{Permanent: true, Text: "build message: " + err.Error()}
	}
	if m.client == nil {
		c, err := m.newClient()
		if err != nil {
			return &app.SendError{Connection: true, Text: "smtp client: " + err.Error()}
		}
		if err := c.DialWithContext(ctx); err != nil {
			return &app.SendError{Connection: true, Text: "smtp dial: " + clean(err)}
		}
		m.client = c
	}
	if err := m.client.Send(g); err != nil {
		_ = m.Close() // the next Send starts on a fresh connection
		return classify(err)
	}
	return nil
}

// Close implements app.Mailer.
func (m *Mailer) Close() error {
	if m.client == nil {
		return nil
	}
	err := m.client.Close()
	m.client = nil
	return err
}

// classify maps a go-mail error to retry semantics: 5xx for this mail is permanent,
// 4xx is temporary, and anything without a reply code (connection dropped, timeout,
// broken pipe) is a temporary connection failure.
func classify(err error) *app.SendError {
	var se *gomail.SendError
	if !errors.As(err, &se) {
		return &app.SendError{Connection: true, Text: clean(err)}
	}
	code := se.ErrorCode()
	switch {
	case se.Reason == gomail.ErrGetSender || se.Reason == gomail.ErrGetRcpts || se.Reason == gomail.ErrNoUnencoded:
		return &app.SendError{Permanent: true, Text: clean(err)}
	case code >= 500 && code < 600:
		return &app.SendError{Permanent: true, Text: clean(err)}
	case code == 421 || code == 0:
		return &app.SendError{Connection: true, Text: clean(err)}
	default:
		return &app.SendError{Text: clean(err)}
	}
}

// clean keeps an error on one line for the delivery log.
func clean(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
