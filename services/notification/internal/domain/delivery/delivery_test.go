package delivery

import (
	"errors"
	"strings"
	"testing"
	"time"

	hwmail "github.com/hellowork-jp/hellowork/services/notification/internal/domain/mail"
)

var t0 = time.Date(2025, 1, 6, 1, 0, 0, 0, time.UTC)

func authKeySpec() Spec {
	return Spec{Kind: hwmail.PasswordReset, SealedSecret: []byte("sealed"),
		Data: hwmail.Data{Recipient: "Saiyo@Example.CO.JP", IssuedAt: t0, ExpiresAt: t0.Add(50 * time.Minute)}}
}

func TestNew_ValidatesWhatCanNeverBeSent(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(*Spec)
		wantErr bool
	}{
		{"auth key mail with sealed secret", func(*Spec) {}, false},
		{"unknown kind", func(s *Spec) { s.Kind = "fax" }, true},
		{"no recipient", func(s *Spec) { s.Data.Recipient = "" }, true},
		{"display name instead of bare address", func(s *Spec) { s.Data.Recipient = "Taro <t@example.jp>" }, true},
		{"header injection", func(s *Spec) { s.Data.Recipient = "t@example.jp\r\nBcc: x@evil.example" }, true},
		{"address over 254", func(s *Spec) { s.Data.Recipient = string(make([]byte, 250)) + "@e.jp" }, true},
		{"auth key mail without sealed secret", func(s *Spec) { s.SealedSecret = nil }, true},
		{"auth key mail without expiry", func(s *Spec) { s.Data.ExpiresAt = time.Time{} }, true},
		{"notice without secret", func(s *Spec) { s.Kind, s.SealedSecret = hwmail.PasswordChanged, nil }, false},
		{"non-ASCII address (no SMTPUTF8)", func(s *Spec) { s.Data.Recipient = "ｔａｒｏ@example.jp" }, true},
		{"two @", func(s *Spec) { s.Data.Recipient = "a@b@example.jp" }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := authKeySpec()
			tt.mutate(&s)
			d, err := New("d1", "e1", "hellowork.identity.v1.AuthKeyIssued", t0, s, "mail.example", t0)
			if tt.wantErr {
				if !errors.Is(err, ErrInvalid) {
					t.Fatalf("err = %v, want ErrInvalid", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.Status != Pending || !d.NextAttemptAt.Equal(t0) || d.Attempts != 0 {
				t.Errorf("new delivery not pending and due now: %+v", d)
			}
			if d.Recipient != "Saiyo@example.co.jp" {
				t.Errorf("recipient %q: want domain lower-cased, local part kept", d.Recipient)
			}
		})
	}
}

// TestNew_CarrierAddressesAreDeliverable (EMAIL-1): addresses identity accepts on
// purpose, though RFC 5322 calls them malformed, become deliveries like any other.
func TestNew_CarrierAddressesAreDeliverable(t *testing.T) {
	for _, addr := range []string{"foo.@docomo.ne.jp", "a..b@ezweb.ne.jp", ".foo@docomo.ne.jp", "Foo.@DoCoMo.ne.jp"} {
		t.Run(addr, func(t *testing.T) {
			s := authKeySpec()
			s.Data.Recipient = addr
			d, err := New("d1", "e1", "hellowork.identity.v1.AuthKeyIssued", t0, s, "mail.example", t0)
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			at := strings.LastIndexByte(addr, '@')
			if want := addr[:at] + strings.ToLower(addr[at:]); d.Recipient != want || d.Data.Recipient != want {
				t.Errorf("recipient %q, want %q", d.Recipient, want)
			}
		})
	}
}

func TestNew_NeverKeepsAPlainSecret(t *testing.T) {
	s := authKeySpec()
	s.Data.Secret = "K7Q2-M9XD"
	d, err := New("d1", "e1", "t", t0, s, "mail.example", t0)
	if err != nil {
		t.Fatal(err)
	}
	if d.Data.Secret != "" {
		t.Error("plain secret kept in the delivery")
	}
}

func TestRetryPolicy_DelayDoublesUpToMax(t *testing.T) {
	p := RetryPolicy{Initial: 30 * time.Second, Max: 30 * time.Minute}
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute,
		16 * time.Minute, 30 * time.Minute, 30 * time.Minute}
	for i, w := range want {
		if got := p.Delay(i + 1); got != w {
			t.Errorf("Delay(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := p.Delay(10_000); got != 30*time.Minute {
		t.Errorf("Delay(10000) = %v (overflow?)", got)
	}
}

func TestRecord_Transitions(t *testing.T) {
	p := RetryPolicy{Initial: time.Minute, Max: 10 * time.Minute, GiveUpAfter: time.Hour}
	tests := []struct {
		name        string
		outcome     Outcome
		at          time.Duration // after creation
		wantStatus  Status
		wantNext    time.Duration // after `at`, pending only
		keepsSecret bool
	}{
		{"accepted is sent", Accepted, 0, Sent, 0, false},
		{"5xx is failed at once, not retried", Permanent, 0, Failed, 0, false},
		{"4xx is retried after the initial wait", Temporary, 0, Pending, time.Minute, true},
		{"temporary failure after GiveUpAfter is final", Temporary, time.Hour, Failed, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, _ := New("d1", "e1", "t", t0, authKeySpec(), "m", t0)
			now := t0.Add(tt.at)
			d.Record(tt.outcome, "451 4.3.0 try later", now, p)
			if d.Status != tt.wantStatus || d.Attempts != 1 || !d.LastAttemptAt.Equal(now) {
				t.Fatalf("status %s attempts %d, want %s 1", d.Status, d.Attempts, tt.wantStatus)
			}
			if tt.wantStatus == Pending && !d.NextAttemptAt.Equal(now.Add(tt.wantNext)) {
				t.Errorf("next attempt %v, want %v", d.NextAttemptAt, now.Add(tt.wantNext))
			}
			if tt.wantStatus == Sent && (!d.SentAt.Equal(now) || d.LastError != "") {
				t.Errorf("sent delivery: SentAt %v LastError %q", d.SentAt, d.LastError)
			}
			if (d.SealedSecret != nil) != tt.keepsSecret {
				t.Errorf("sealed secret kept = %v, want %v (erase once final)", d.SealedSecret != nil, tt.keepsSecret)
			}
		})
	}
}

func TestRecord_BackoffGrowsWithConsecutiveFailures(t *testing.T) {
	p := RetryPolicy{Initial: time.Minute, Max: 4 * time.Minute, GiveUpAfter: 24 * time.Hour}
	d, _ := New("d1", "e1", "t", t0, Spec{Kind: hwmail.PasswordChanged, Data: hwmail.Data{Recipient: "a@b.jp"}}, "m", t0)
	now := t0
	for i, w := range []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 4 * time.Minute} {
		d.Record(Temporary, "connection refused", now, p)
		if got := d.NextAttemptAt.Sub(now); got != w {
			t.Errorf("after failure %d: wait %v, want %v", i+1, got, w)
		}
		now = d.NextAttemptAt
	}
}

func TestSecretExpired(t *testing.T) {
	d, _ := New("d1", "e1", "t", t0, authKeySpec(), "m", t0)
	if d.SecretExpired(t0.Add(49 * time.Minute)) {
		t.Error("expired 1 minute early")
	}
	if !d.SecretExpired(t0.Add(50 * time.Minute)) {
		t.Error("auth key still sent at its expiry (AUTHKEY-1)")
	}
	n, _ := New("d2", "e1", "t", t0, Spec{Kind: hwmail.PasswordChanged, Data: hwmail.Data{Recipient: "a@b.jp"}}, "m", t0)
	if n.SecretExpired(t0.Add(1000 * time.Hour)) {
		t.Error("a notice without secret expired")
	}
	d.Expire(t0.Add(time.Hour))
	if d.Status != Expired || d.SealedSecret != nil {
		t.Errorf("Expire: %s, secret kept %v", d.Status, d.SealedSecret != nil)
	}
}

// LOGIN-5, ACC-2: staff of the establishment's current office see a delivery; only
// the establishment's own login's address (and what derives from it) is shown.
func TestScope_VisibleToItsOfficeOwnerAddressOnly(t *testing.T) {
	now := time.Date(2025, 1, 6, 1, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name         string
		scope        Scope
		office       string
		visible      bool
		recipientOut string
	}{
		{"owner, own office", Scope{EstablishmentID: "e", Role: RoleOwner, OfficeCode: "1301"}, "1301", true, "o@example.jp"},
		{"owner, other office", Scope{EstablishmentID: "e", Role: RoleOwner, OfficeCode: "1301"}, "1306", false, "o@example.jp"},
		{"additional, own office", Scope{EstablishmentID: "e", Role: RoleAdditional, OfficeCode: "1301"}, "1301", true, ""},
		{"role unknown", Scope{EstablishmentID: "e", OfficeCode: "1301"}, "1301", true, ""},
		{"office unknown", Scope{EstablishmentID: "e", Role: RoleOwner}, "", false, "o@example.jp"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.scope.VisibleTo(c.office); got != c.visible {
				t.Errorf("VisibleTo(%q) = %v, want %v", c.office, got, c.visible)
			}
			d, err := New("id", "ev", "t", now, Spec{Kind: hwmail.PasswordChanged, Data: hwmail.Data{Recipient: "o@example.jp"}, Scope: c.scope}, "m", now)
			if err != nil {
				t.Fatal(err)
			}
			d.LastError = "550 <o@example.jp> unknown"
			s := d.ForStaff()
			if s.Recipient != c.recipientOut || (c.recipientOut == "") != (s.MessageID == "" && s.LastError == "") {
				t.Errorf("ForStaff: recipient %q, Message-ID %q, error %q", s.Recipient, s.MessageID, s.LastError)
			}
			if s.Data != (hwmail.Data{}) || d.Recipient != "o@example.jp" {
				t.Error("ForStaff kept the template data or changed the stored delivery")
			}
		})
	}
}
