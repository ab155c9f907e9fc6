package mail

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.txt from the current templates")

// issued is 2025-01-06 10:00 JST.
var issued = time.Date(2025, 1, 6, 1, 0, 0, 0, time.UTC)

// sample returns realistic data for each kind, as the event mapping would fill it.
func sample(k Kind) Data {
	d := Data{Recipient: "saiyo@example.co.jp", IssuedAt: issued}
	switch k {
	case AccountProvisionalRegistration, PasswordRegistration, PasswordReset, AccountRestore, LoginEmailChange:
		d.Secret, d.ExpiresAt = "K7Q2-M9XD", issued.Add(50*time.Minute) // AUTHKEY-1
	case OneTimePassword:
		d.Secret, d.ExpiresAt = "482913", issued.Add(30*time.Minute) // LOGIN-2
	case EstablishmentProvisionalRegistration:
		d.EstablishmentName, d.OfficeName, d.OfficeCode, d.SubmittedAt = "株式会社ハローテスト 本社", "ハローワーク飯田橋", "1301", issued
	case JobPostingProvisionalRegistration:
		d.EstablishmentName, d.OfficeName, d.JobTitle, d.SubmittedAt = "株式会社ハローテスト 本社", "ハローワーク飯田橋", "一般事務（経理補助）", issued
	case JobPostingReturned:
		d.EstablishmentName, d.OfficeName, d.OfficeCode, d.JobTitle = "株式会社ハローテスト 本社", "ハローワーク飯田橋", "1301", "一般事務（経理補助）"
		d.Message = "「仕事内容」欄に担当する業務の内容を具体的に記載してください。\n固定残業代の時間数と金額を記載してください。"
	case JobPostingAccepted:
		d.EstablishmentName, d.OfficeName, d.OfficeCode, d.JobTitle = "株式会社ハローテスト 本社", "ハローワーク飯田橋", "1301", "一般事務（経理補助）"
		d.JobNumber = "13010-00012345"
		d.AcceptedOn, d.ReferralDeadline = time.Date(2025, 1, 6, 0, 0, 0, 0, clock.JST), time.Date(2025, 3, 31, 0, 0, 0, 0, clock.JST)
	case JobPostingRenewalWindow:
		d.EstablishmentName, d.JobTitle, d.JobNumber = "株式会社ハローテスト 本社", "一般事務（経理補助）", "13010-00012345"
		d.ReferralDeadline, d.RenewalOpensOn = time.Date(2025, 3, 31, 0, 0, 0, 0, clock.JST), time.Date(2025, 3, 17, 0, 0, 0, 0, clock.JST)
	case SelectionResultReminder:
		d.JobNumber, d.JobTitle, d.ReferredAt, d.Count = "13010-12345678", "一般事務（経理補助）", issued.AddDate(0, 0, -14), 2
	case ApplicationReceived:
		d.JobNumber, d.JobTitle, d.ReferredAt, d.ChannelName = "13010-12345678", "一般事務（経理補助）", issued, "オンライン自主応募"
	case NewMessage:
		d.JobNumber, d.JobTitle = "13010-12345678", "一般事務（経理補助）"
	case LoginAccountChangedOldAddress, LoginAccountChangedNewAddress:
		d.OldEmail, d.NewEmail = "saiyo@example.co.jp", "jinji@example.co.jp"
	case AccountLocked:
		d.LockedUntil = issued.Add(30 * time.Minute) // LOGIN-1
	case NewDeviceSignIn:
		d.UserAgent, d.IP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/128.0", "203.0.113.7"
	case AdditionalAccountAdded, AdditionalAccountWelcome, AdditionalAccountDeleted:
		d.AccountEmail, d.PrimaryEmail = "tanto2@example.co.jp", "saiyo@example.co.jp"
	case EstablishmentReturned:
		d.EstablishmentName, d.OfficeName, d.OfficeCode = "株式会社ハローテスト 本社", "ハローワーク飯田橋", "1301"
		d.Message = "「事業内容」欄に主な取扱商品を記載してください。\n「従業員数」の内訳（うち女性・うちパート）が合計と一致していません。"
	case EstablishmentRejected:
		d.EstablishmentName, d.OfficeName, d.OfficeCode = "株式会社ハローテスト 本社", "ハローワーク飯田橋", "1301"
		d.Message = "所在地に事業所の実態が確認できませんでした。"
	case EstablishmentAccepted:
		d.EstablishmentName, d.OfficeName, d.OfficeCode, d.EstablishmentNumber = "株式会社ハローテスト 本社", "ハローワーク飯田橋", "1301", "1301-000123-4"
	case LoginEmailRegistered:
		d.EstablishmentName, d.OfficeName, d.OfficeCode, d.EstablishmentNumber = "株式会社ハローテスト 本社", "ハローワーク飯田橋", "1301", "1301-000123-4"
		d.NewEstablishment = true
	case AccountWithdrawn:
		d.RestorableUntil = time.Date(2025, 2, 5, 23, 59, 59, 0, clock.JST) // ACC-4: end of day 30 (JST)
	}
	return d
}

// TestRender_Golden renders every kind and compares it with testdata/golden/<kind>.txt
// (go test -run TestRender_Golden -update rewrites them after a deliberate change).
func TestRender_Golden(t *testing.T) {
	for _, k := range Kinds() {
		t.Run(string(k), func(t *testing.T) {
			r, err := Render(k, sample(k))
			if err != nil {
				t.Fatal(err)
			}
			got := "Subject: " + r.Subject + "\nTo: " + r.To + "\n\n" + r.Body
			path := filepath.Join("testdata", "golden", string(k)+".txt")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the golden file; diff it or rerun with -update:\n%s", path, got)
			}
			if strings.Contains(r.Body, "<no value>") {
				t.Errorf("template shows a missing field:\n%s", r.Body)
			}
		})
	}
}

// TestSubjects_ExactlyAsTheRulesName pins the eight subjects listed under "The mails the
// system sends" in docs/rules.md.
func TestSubjects_ExactlyAsTheRulesName(t *testing.T) {
	for k, want := range map[Kind]string{
		AccountProvisionalRegistration:       "アカウント仮登録完了通知",   // OPEN-1
		PasswordRegistration:                 "パスワード登録申込受付通知",  // OPEN-2, OPEN-3
		PasswordReset:                        "パスワード再登録申込受付通知", // RESET-1
		AccountRestore:                       "アカウント再登録通知",     // ACC-4
		OneTimePassword:                      "ワンタイムパスワード通知",   // LOGIN-2
		EstablishmentProvisionalRegistration: "事業所情報仮登録完了通知",   // OPEN-1
		JobPostingProvisionalRegistration:    "求人情報仮登録完了通知",    // JOB-1
		SelectionResultReminder:              "選考結果未入力通知",      // APP-3
	} {
		if got := k.Subject(); got != want {
			t.Errorf("%s: subject %q, want %q", k, got, want)
		}
	}
	for _, k := range Kinds() {
		if k.Subject() == "" {
			t.Errorf("%s has no subject", k)
		}
	}
}

// TestRender_AuthKeyShowsExpiryInJST checks the AUTHKEY-1 body: the key, the expiry
// as a JST clock time and the 50-minute validity taken from the event.
func TestRender_AuthKeyShowsExpiryInJST(t *testing.T) {
	tests := []struct {
		name      string
		kind      Kind
		validity  time.Duration
		wantLines []string
	}{
		{"auth key 50 minutes", AccountProvisionalRegistration, 50 * time.Minute,
			[]string{"K7Q2-M9XD", "2025年1月6日 10時50分まで（このメールの送信から50分以内）"}},
		{"seed 003 variant 30 minutes", PasswordRegistration, 30 * time.Minute,
			[]string{"2025年1月6日 10時30分まで（このメールの送信から30分以内）"}},
		{"OTP 30 minutes and do-not-share warning", OneTimePassword, 30 * time.Minute,
			[]string{"2025年1月6日 10時30分まで（発行から30分間有効）", "絶対に他人に教えないでください"}},
		{"OTP 10 minutes when identity shortens it (docs/security.md D2)", OneTimePassword, 10 * time.Minute,
			[]string{"（発行から10分間有効）"}},
		{"expiry crossing midnight JST", PasswordReset, 50*time.Minute + 14*time.Hour + 30*time.Minute,
			[]string{"2025年1月7日 1時20分まで"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Data{Recipient: "a@example.jp", Secret: "K7Q2-M9XD", IssuedAt: issued, ExpiresAt: issued.Add(tt.validity)}
			r, err := Render(tt.kind, d)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.wantLines {
				if !strings.Contains(r.Body, w) {
					t.Errorf("body lacks %q:\n%s", w, r.Body)
				}
			}
		})
	}
}

func TestRender_RefusesSecretMailWithoutSecret(t *testing.T) {
	for _, k := range Kinds() {
		if !k.CarriesSecret() {
			continue
		}
		d := sample(k)
		d.Secret = ""
		if _, err := Render(k, d); !errors.Is(err, ErrMissingSecret) {
			t.Errorf("%s without secret: err = %v, want ErrMissingSecret", k, err)
		}
	}
}

func TestRender_UnknownKindAndNoRecipientFail(t *testing.T) {
	if _, err := Render("nope", Data{Recipient: "a@example.jp"}); err == nil {
		t.Error("unknown kind rendered")
	}
	if _, err := Render(PasswordChanged, Data{IssuedAt: issued}); err == nil {
		t.Error("mail without recipient rendered")
	}
}

func TestMessageID_StablePerEventAndRecipient(t *testing.T) {
	a := MessageID("0190c5a0-0000-7000-8000-000000000001", "A@Example.jp", "mail.hellowork.mhlw.go.jp")
	if a != MessageID("0190c5a0-0000-7000-8000-000000000001", "a@example.jp", "mail.hellowork.mhlw.go.jp") {
		t.Error("Message-ID depends on the address's case")
	}
	if a == MessageID("0190c5a0-0000-7000-8000-000000000001", "b@example.jp", "mail.hellowork.mhlw.go.jp") {
		t.Error("two recipients of one event share a Message-ID")
	}
	if a == MessageID("0190c5a0-0000-7000-8000-000000000002", "a@example.jp", "mail.hellowork.mhlw.go.jp") {
		t.Error("two events share a Message-ID")
	}
	if strings.Contains(a, "example") || !strings.HasPrefix(a, "<0190c5a0-") || !strings.HasSuffix(a, "@mail.hellowork.mhlw.go.jp>") {
		t.Errorf("Message-ID %q: want <event-id.hash@domain> without the address", a)
	}
}

func TestFormatJST(t *testing.T) {
	if got := FormatJST(time.Date(2025, 12, 31, 15, 5, 0, 0, time.UTC)); got != "2026年1月1日 0時05分" {
		t.Errorf("FormatJST = %q", got)
	}
	if got := FormatDateJST(time.Date(2025, 3, 31, 15, 0, 0, 0, time.UTC)); got != "2025年4月1日" {
		t.Errorf("FormatDateJST = %q", got)
	}
	_ = clock.JST
}

// TestRender_OfficeMessageKeepsItsLinesIndented: the 修正依頼 / rejection text keeps
// the office's line breaks, but every line is indented so that it cannot pass for a
// heading (■…) of the mail, and it is bounded.
func TestRender_OfficeMessageKeepsItsLinesIndented(t *testing.T) {
	tests := []struct {
		name, message string
		want, notWant []string
	}{
		{"lines kept and indented", "一行目\r\n二行目\r三行目",
			[]string{"\n　一行目\n　二行目\n　三行目\n"}, nil},
		{"cannot forge a heading", "修正してください\n■認証キー\n123456\u2028■有効期限",
			[]string{"\n　■認証キー\n", "\n　■有効期限"}, []string{"\n■認証キー", "\n■有効期限"}},
		{"control characters dropped", "a\x1b[31mb\x00c\td",
			[]string{"　a[31mbc d"}, []string{"\x1b", "\x00", "\t"}},
		{"empty message says so", "  \n ",
			[]string{"（記載はありません。"}, nil},
		{"bounded at 2,000 characters", strings.Repeat("あ", 2500),
			[]string{strings.Repeat("あ", 2000) + "…"}, []string{strings.Repeat("あ", 2001)}},
	}
	for _, k := range []Kind{EstablishmentReturned, EstablishmentRejected} {
		for _, tt := range tests {
			t.Run(string(k)+"/"+tt.name, func(t *testing.T) {
				d := sample(k)
				d.Message = tt.message
				r, err := Render(k, d)
				if err != nil {
					t.Fatal(err)
				}
				for _, w := range tt.want {
					if !strings.Contains(r.Body, w) {
						t.Errorf("body lacks %q:\n%s", w, r.Body)
					}
				}
				for _, w := range tt.notWant {
					if strings.Contains(r.Body, w) {
						t.Errorf("body contains %q:\n%s", w, r.Body)
					}
				}
			})
		}
	}
}

func TestRender_FreeTextCannotAddLines(t *testing.T) {
	d := sample(NewDeviceSignIn)
	d.UserAgent = "curl\r\n\r\n■認証キー\r\n123456"
	r, err := Render(NewDeviceSignIn, d)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(r.Body, "\n■認証キー") || strings.Contains(r.Body, "\r") {
		t.Errorf("user agent injected lines:\n%s", r.Body)
	}
	d.UserAgent = strings.Repeat("あ", 500)
	r, _ = Render(NewDeviceSignIn, d)
	if strings.Contains(r.Body, strings.Repeat("あ", 201)) {
		t.Error("free text not bounded")
	}
}
