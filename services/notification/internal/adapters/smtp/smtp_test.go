package smtp

import (
	"bytes"
	"context"
	"errors"
	"mime"
	"net"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/testkit/smtptest"
	"github.com/hellowork-jp/hellowork/services/notification/internal/app"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		raw     string
		want    Config
		wantErr bool
	}{
		{raw: "smtp://127.0.0.1:1025?tls=none", want: Config{Host: "127.0.0.1", Port: 1025, TLS: TLSNone}},
		{raw: "smtp://mail.example.jp", want: Config{Host: "mail.example.jp", Port: 587, TLS: TLSStartTLS}},
		{raw: "smtp://user:p%40ss@mail.example.jp:2525?tls=starttls", want: Config{Host: "mail.example.jp", Port: 2525, TLS: TLSStartTLS, Username: "user", Password: "p@ss"}},
		{raw: "smtps://mail.example.jp", want: Config{Host: "mail.example.jp", Port: 465, TLS: TLSImplicit}},
		{raw: "smtp://mail.example.jp?tls=tls", want: Config{Host: "mail.example.jp", Port: 465, TLS: TLSImplicit}},
		{raw: "smtp://h?tls=none", want: Config{Host: "h", Port: 25, TLS: TLSNone}},
		{raw: "smtp://127.0.0.1:1025", want: Config{Host: "127.0.0.1", Port: 1025, TLS: TLSNone}},
		{raw: "smtp://localhost:1025", want: Config{Host: "localhost", Port: 1025, TLS: TLSNone}},
		{raw: "smtp://127.0.0.1:1025?tls=starttls", want: Config{Host: "127.0.0.1", Port: 1025, TLS: TLSStartTLS}},
		{raw: "http://mail.example.jp", wantErr: true},
		{raw: "smtp://mail.example.jp?tls=maybe", wantErr: true},
		{raw: "smtp://mail.example.jp:99999", wantErr: true},
		{raw: "smtp://", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, err := ParseURL(tt.raw)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("accepted: %+v", got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

func testConfig(s *smtptest.Server, mode TLSMode) Config {
	c, _ := ParseURL(s.URL() + "?tls=" + string(mode))
	c.From, c.FromName, c.Timeout = "system@mail.hellowork.mhlw.go.jp", "ハローワークインターネットサービス", 5*time.Second
	return c
}

var jan6 = time.Date(2025, 1, 6, 1, 0, 0, 0, time.UTC)

func TestMailer_SendsUTF8WithEncodedSubjectAndStableHeaders(t *testing.T) {
	s := smtptest.Start(t)
	m := NewMailer(testConfig(s, TLSNone))
	defer m.Close()
	body := "ハローワークインターネットサービスです。\n認証キー：K7Q2\n"
	for range 2 { // the second send reuses the connection
		if err := m.Send(context.Background(), app.Message{To: "saiyo@example.co.jp", Subject: "アカウント仮登録完了通知",
			Body: body, MessageID: "<ev-1.abc@mail.hellowork.mhlw.go.jp>", Date: jan6}); err != nil {
			t.Fatal(err)
		}
	}
	msgs := s.Messages()
	if len(msgs) != 2 {
		t.Fatalf("%d mails", len(msgs))
	}
	raw := msgs[0].Data
	if !bytes.Contains(raw, []byte("Subject: =?UTF-8?")) {
		t.Errorf("subject not RFC 2047 encoded:\n%s", raw)
	}
	if bytes.Contains(raw, []byte("go-mail")) {
		t.Error("mailer advertises its library (User-Agent/X-Mailer)")
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	subj, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	for h, want := range map[string]string{
		"Message-Id":                "<ev-1.abc@mail.hellowork.mhlw.go.jp>",
		"Date":                      "Mon, 06 Jan 2025 10:00:00 +0900",
		"To":                        "<saiyo@example.co.jp>",
		"Content-Transfer-Encoding": "base64",
		"Auto-Submitted":            "auto-generated",
	} {
		if got := msg.Header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	if subj != "アカウント仮登録完了通知" {
		t.Errorf("subject decodes to %q", subj)
	}
	if ct := msg.Header.Get("Content-Type"); !strings.Contains(strings.ToLower(ct), "text/plain") || !strings.Contains(strings.ToLower(ct), "utf-8") {
		t.Errorf("Content-Type %q", ct)
	}
	from, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("From"))
	if from != `"ハローワークインターネットサービス" <system@mail.hellowork.mhlw.go.jp>` && from != `ハローワークインターネットサービス <system@mail.hellowork.mhlw.go.jp>` {
		t.Errorf("From %q", from)
	}
	if msgs[0].From != "system@mail.hellowork.mhlw.go.jp" {
		t.Errorf("envelope sender %q", msgs[0].From)
	}
}

// TestMailer_MandatorySTARTTLSNeverFallsBackToCleartext: with tls=starttls a server
// that offers no STARTTLS gets nothing, not a cleartext mail.
// TestMailer_SendsToCarrierAddresses (EMAIL-1): addresses RFC 5322 calls malformed but
// Japanese carriers issued, and identity accepts on purpose, reach the SMTP server.
func TestMailer_SendsToCarrierAddresses(t *testing.T) {
	s := smtptest.Start(t)
	m := NewMailer(testConfig(s, TLSNone))
	defer m.Close()
	addrs := []string{"hello.@docomo.ne.jp", "a..b@ezweb.ne.jp", ".dot@docomo.ne.jp"}
	for i, to := range addrs {
		if err := m.Send(context.Background(), app.Message{To: to, Subject: "ワンタイムパスワード通知",
			Body: "ワンタイムパスワード：804512\n", MessageID: "<ev-" + string(rune('1'+i)) + ".abc@mail.hellowork.mhlw.go.jp>", Date: jan6}); err != nil {
			t.Fatalf("%s: %v", to, err)
		}
	}
	msgs := s.Messages()
	if len(msgs) != len(addrs) {
		t.Fatalf("%d mails, want %d", len(msgs), len(addrs))
	}
	for i, to := range addrs {
		if got := msgs[i].To; len(got) != 1 || got[0] != to {
			t.Errorf("envelope recipients %q, want [%q]", got, to)
		}
		parsed, err := msgs[i].Parsed()
		if err != nil {
			t.Fatal(err)
		}
		if h := parsed.Header.Get("To"); !strings.Contains(h, strings.TrimSuffix(to[:strings.IndexByte(to, '@')], ".")) {
			t.Errorf("To header %q does not name %s", h, to)
		}
	}
}

func TestMailer_MandatorySTARTTLSNeverFallsBackToCleartext(t *testing.T) {
	s := smtptest.Start(t)
	m := NewMailer(testConfig(s, TLSStartTLS))
	defer m.Close()
	err := m.Send(context.Background(), app.Message{To: "a@example.jp", Subject: "s", Body: "b", MessageID: "<x@y>", Date: jan6})
	var se *app.SendError
	if !errors.As(err, &se) || se.Permanent || !se.Connection {
		t.Fatalf("err = %#v, want a temporary connection error", err)
	}
	if n := len(s.Messages()); n != 0 {
		t.Errorf("%d mails sent without TLS", n)
	}
}

func TestMailer_ClassifiesFailures(t *testing.T) {
	tests := []struct {
		name                  string
		setup                 func(*smtptest.Server)
		permanent, connection bool
	}{
		{"4xx is temporary", func(s *smtptest.Server) { s.FailWith(451) }, false, false},
		{"5xx is permanent", func(s *smtptest.Server) { s.FailWith(550) }, true, false},
		{"server down is a temporary connection failure", nil, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := smtptest.Start(t)
			cfg := testConfig(s, TLSNone)
			if tt.setup != nil {
				tt.setup(s)
			} else {
				cfg.Port = closedPort(t)
			}
			m := NewMailer(cfg)
			defer m.Close()
			err := m.Send(context.Background(), app.Message{To: "a@example.jp", Subject: "s", Body: "b", MessageID: "<x@y>", Date: jan6})
			var se *app.SendError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v", err)
			}
			if se.Permanent != tt.permanent || se.Connection != tt.connection {
				t.Errorf("got permanent=%v connection=%v (%s)", se.Permanent, se.Connection, se.Text)
			}
		})
	}
}

// closedPort is a loopback port nobody listens on.
func closedPort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func TestConfig_Validate(t *testing.T) {
	ok := Config{Host: "h", Port: 25, From: "system@mail.hellowork.mhlw.go.jp", Timeout: time.Second}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	if ok.Domain() != "mail.hellowork.mhlw.go.jp" {
		t.Errorf("Domain %q", ok.Domain())
	}
	bad := ok
	bad.From = "Hello Work <system@example.jp>"
	if bad.Validate() == nil {
		t.Error("display name accepted as MAIL_FROM")
	}
}
