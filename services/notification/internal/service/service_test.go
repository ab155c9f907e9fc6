package service

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/hellowork-jp/hellowork/libs/authn"
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	jobpostingv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	notificationv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/notification/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/testkit"
	"github.com/hellowork-jp/hellowork/libs/testkit/secretscan"
)

// wantMail is what one recipient must find in the inbox.
type wantMail struct {
	to, subject string
	body        []string // lines the body must contain
}

// mailCase is one event and the mails it must cause.
type mailCase struct {
	name  string
	event func(h *harness) outbox.Event
	mails []wantMail
}

func authKey(email string, p identityv1.AuthKeyPurpose, secret string) func(h *harness) outbox.Event {
	return func(h *harness) outbox.Event {
		exp := timestamppb.New(h.Clock.Now().Add(50 * time.Minute)) // AUTHKEY-1
		return h.sealedEvent(secret, func(s []byte) proto.Message {
			return &identityv1.AuthKeyIssued{AccountId: "acc-1", Email: email, Purpose: p, SealedSecret: s, ExpiresAt: exp}
		})
	}
}

func plain(m proto.Message) func(h *harness) outbox.Event {
	return func(h *harness) outbox.Event { return h.event(m) }
}

// keyLines are the body lines of an auth-key mail sent at t0 (10:00 JST).
func keyLines(secret string) []string {
	return []string{secret, "2025年1月6日 10時50分まで（このメールの送信から50分以内）", "認証キーは他人に教えないでください"}
}

func mailCases() []mailCase {
	return []mailCase{
		{"OPEN-1 アカウント仮登録完了通知", authKey("new@example.co.jp", identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_REGISTRATION, "REG-7Q2M9X"),
			[]wantMail{{"new@example.co.jp", "アカウント仮登録完了通知", keyLines("REG-7Q2M9X")}}},
		{"OPEN-2/OPEN-3 パスワード登録申込受付通知", authKey("counter@example.co.jp", identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_PASSWORD_REGISTRATION, "PWR-4K8D2A"),
			[]wantMail{{"counter@example.co.jp", "パスワード登録申込受付通知", keyLines("PWR-4K8D2A")}}},
		{"RESET-1 パスワード再登録申込受付通知", authKey("reset@example.co.jp", identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_PASSWORD_RESET, "RST-9Z1B5C"),
			[]wantMail{{"reset@example.co.jp", "パスワード再登録申込受付通知", keyLines("RST-9Z1B5C")}}},
		{"ACC-4 アカウント再登録通知", authKey("back@example.co.jp", identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_RESTORE, "RES-3M7N1P"),
			[]wantMail{{"back@example.co.jp", "アカウント再登録通知", keyLines("RES-3M7N1P")}}},
		{"ACC-1 auth key to the new address", authKey("moved@example.co.jp", identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_EMAIL_CHANGE, "CHG-6T2R8W"),
			[]wantMail{{"moved@example.co.jp", "ログインアカウント変更申込受付通知", keyLines("CHG-6T2R8W")}}},
		{"LOGIN-2 ワンタイムパスワード通知", func(h *harness) outbox.Event {
			exp := timestamppb.New(h.Clock.Now().Add(30 * time.Minute))
			return h.sealedEvent("804512", func(s []byte) proto.Message {
				return &identityv1.OneTimePasswordIssued{AccountId: "acc-1", Email: "login@example.co.jp", LoginAttemptId: "la-1", SealedSecret: s, ExpiresAt: exp}
			})
		}, []wantMail{{"login@example.co.jp", "ワンタイムパスワード通知",
			[]string{"804512", "2025年1月6日 10時30分まで（発行から30分間有効）", "絶対に他人に教えないでください"}}}},
		{"OPEN-1 事業所情報仮登録完了通知", plain(&erv1.EstablishmentProvisionallyRegistered{EstablishmentId: "est-1", OwnerAccountId: "acc-1",
			OwnerEmail: "owner@example.co.jp", Name: "株式会社ハローテスト", OfficeCode: "1301", OfficeName: "ハローワーク飯田橋", SubmittedAt: timestamppb.New(t0)}),
			[]wantMail{{"owner@example.co.jp", "事業所情報仮登録完了通知", []string{"株式会社ハローテスト", "ハローワーク飯田橋", "2025年1月6日 10時00分"}}}},
		{"no enumeration: registration attempted", plain(&identityv1.RegistrationAttempted{Email: "taken@example.co.jp"}),
			[]wantMail{{"taken@example.co.jp", "アカウント登録に関するお知らせ", []string{"すでに求人者マイページのログインアカウントとして登録されています"}}}},
		{"LOGIN-1 account locked", plain(&identityv1.AccountLocked{AccountId: "acc-1", Email: "locked@example.co.jp", LockedUntil: timestamppb.New(t0.Add(30 * time.Minute))}),
			[]wantMail{{"locked@example.co.jp", "アカウントロック通知", []string{"2025年1月6日 10時30分以降"}}}},
		{"password changed", plain(&identityv1.PasswordChanged{AccountId: "acc-1", Email: "pw@example.co.jp"}),
			[]wantMail{{"pw@example.co.jp", "パスワード変更完了通知", []string{"パスワードが変更されました"}}}},
		{"ACC-1 login account changed: old and new address", plain(&identityv1.LoginAccountChanged{AccountId: "acc-1", OldEmail: "old@example.co.jp", NewEmail: "new2@example.co.jp"}),
			[]wantMail{{"old@example.co.jp", "ログインアカウント変更完了通知", []string{"今後、このメールアドレス（old@example.co.jp）ではログインできません", "new2@example.co.jp"}},
				{"new2@example.co.jp", "ログインアカウント変更完了通知", []string{"このメールアドレス（new2@example.co.jp）をIDとして"}}}},
		{"sign-in from a new device", plain(&identityv1.SignedInFromNewDevice{AccountId: "acc-1", Email: "dev@example.co.jp", UserAgent: "Mozilla/5.0 Test", Ip: "203.0.113.9"}),
			[]wantMail{{"dev@example.co.jp", "新しい端末からのログイン通知", []string{"Mozilla/5.0 Test", "203.0.113.9"}}}},
		{"ACC-2 additional account added", plain(&identityv1.AdditionalAccountAdded{EstablishmentId: "est-1", AccountId: "acc-2", Email: "add@example.co.jp", PrimaryEmail: "prim@example.co.jp"}),
			[]wantMail{{"prim@example.co.jp", "ログインアカウント追加通知", []string{"add@example.co.jp"}},
				{"add@example.co.jp", "ログインアカウント追加通知", []string{"ログインアカウントとして追加されました"}}}},
		{"ACC-2 additional account deleted", plain(&identityv1.AdditionalAccountDeleted{EstablishmentId: "est-1", AccountId: "acc-2", Email: "gone@example.co.jp", PrimaryEmail: "prim2@example.co.jp"}),
			[]wantMail{{"prim2@example.co.jp", "ログインアカウント削除通知", []string{"gone@example.co.jp", "メッセージは削除されました"}},
				{"gone@example.co.jp", "ログインアカウント削除通知", []string{"gone@example.co.jp"}}}},
		{"OPEN-1 修正依頼 事業所情報修正依頼通知", plain(&erv1.EstablishmentReturned{EstablishmentId: "est-2", OwnerAccountId: "acc-3",
			OwnerEmail: "fix@example.co.jp", Name: "株式会社ハローテスト", OfficeCode: "1301", OfficeName: "ハローワーク飯田橋",
			Message: "「事業内容」欄を具体的に記載してください。\n電話番号をご確認ください。", ReturnedAt: timestamppb.New(t0.Add(-time.Hour))}),
			[]wantMail{{"fix@example.co.jp", "事業所情報修正依頼通知", []string{"株式会社ハローテスト", "2025年1月6日 9時00分",
				"\n　「事業内容」欄を具体的に記載してください。\n　電話番号をご確認ください。\n", "求人者マイページにログイン", "あらためて提出"}}}},
		{"OPEN-1 不受理 事業所情報不受理通知", plain(&erv1.EstablishmentRejected{EstablishmentId: "est-3", OwnerAccountId: "acc-4",
			OwnerEmail: "no@example.co.jp", Name: "株式会社ハローテスト", OfficeCode: "1301", OfficeName: "ハローワーク飯田橋",
			Message: "所在地に事業所の実態が確認できませんでした。", RejectedAt: timestamppb.New(t0)}),
			[]wantMail{{"no@example.co.jp", "事業所情報不受理通知", []string{"受理できませんでした", "■受理できなかった理由\n　所在地に事業所の実態が確認できませんでした。"}}}},
		{"OPEN-1 受理 求人者マイページ開設通知", plain(&erv1.EstablishmentAccepted{EstablishmentId: "est-4", EstablishmentNumber: "1301-000123-4",
			OwnerAccountId: "acc-5", OfficeCode: "1301", OwnerEmail: "opened@example.co.jp", Name: "株式会社ハローテスト",
			OfficeName: "ハローワーク飯田橋", AcceptedAt: timestamppb.New(t0)}),
			[]wantMail{{"opened@example.co.jp", "求人者マイページ開設通知", []string{"求人者マイページが開設されました", "■事業所番号\n1301-000123-4",
				"メールアドレス（opened@example.co.jp）とパスワード"}}}},
		{"OPEN-2 ログインアカウント登録通知", plain(&erv1.LoginEmailRegistered{EstablishmentId: "est-5", EstablishmentNumber: "1301-000456-7",
			Email: "counter2@example.co.jp", OfficeCode: "1301", Name: "有限会社カウンター", OfficeName: "ハローワーク飯田橋", RegisteredAt: timestamppb.New(t0)}),
			[]wantMail{{"counter2@example.co.jp", "ログインアカウント登録通知", []string{"ハローワーク飯田橋の窓口で、このメールアドレス（counter2@example.co.jp）",
				"1301-000456-7", "「求人者マイページ開設（パスワード登録）」", "「パスワード登録申込受付通知」メールが届きます"}}}},
		{"ACC-3/ACC-4 退会完了通知 with the restore deadline in JST", plain(&identityv1.AccountWithdrawn{EstablishmentId: "est-6",
			AccountIds: []string{"acc-6", "acc-7"}, Email: "bye@example.co.jp", RestorableUntil: timestamppb.New(time.Date(2025, 2, 5, 14, 59, 59, 0, time.UTC))}),
			[]wantMail{{"bye@example.co.jp", "退会完了通知", []string{"退会手続きが完了しました", "2025年2月5日 23時59分まで", "「アカウントを再登録」"}}}},
		{"ACC-4 アカウント再登録完了通知", plain(&identityv1.AccountRestored{EstablishmentId: "est-6", Email: "again@example.co.jp", AccountId: "acc-6"}),
			[]wantMail{{"again@example.co.jp", "アカウント再登録完了通知", []string{"アカウント再登録が完了し", "ワンタイムパスワードの入力を省略する"}}}},
		{"JOB-1 求人情報仮登録完了通知", plain(&jobpostingv1.PostingProvisionallyRegistered{PostingId: "p-1", EstablishmentId: "est-7",
			OfficeCode: "1301", SubmittedBy: "acc-8", SubmittedByEmail: "job@example.co.jp", Occupation: "一般事務（経理補助）",
			SubmittedAt: timestamppb.New(t0), EstablishmentName: "株式会社ハローテスト", OfficeName: "ハローワーク飯田橋"}),
			[]wantMail{{"job@example.co.jp", "求人情報仮登録完了通知", []string{"一般事務（経理補助）", "株式会社ハローテスト",
				"2025年1月6日 10時00分", "ハローワーク飯田橋"}}}},
		// EMAIL-1: a carrier address RFC 5322 calls malformed, which identity accepts on
		// purpose, gets its auth key and its one-time password like any other.
		{"EMAIL-1 carrier address: auth key", authKey("hello.@docomo.ne.jp", identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_REGISTRATION, "CAR-5H8K2L"),
			[]wantMail{{"hello.@docomo.ne.jp", "アカウント仮登録完了通知", keyLines("CAR-5H8K2L")}}},
		{"EMAIL-1 carrier address: one-time password", func(h *harness) outbox.Event {
			exp := timestamppb.New(h.Clock.Now().Add(30 * time.Minute))
			return h.sealedEvent("330172", func(s []byte) proto.Message {
				return &identityv1.OneTimePasswordIssued{AccountId: "acc-9", Email: "a..b@ezweb.ne.jp", LoginAttemptId: "la-9", SealedSecret: s, ExpiresAt: exp}
			})
		}, []wantMail{{"a..b@ezweb.ne.jp", "ワンタイムパスワード通知", []string{"330172"}}}},
	}
}

// TestMailsPerEvent_EveryTypeEndToEnd publishes one event of every mailed type into
// the producers' streams and reads the mails the SMTP server received.
func TestMailsPerEvent_EveryTypeEndToEnd(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	cases := mailCases()
	want := 0
	for _, c := range cases {
		h.publish(c.event(h))
		want += len(c.mails)
	}
	msgs, err := h.smtp.WaitFor(want, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // a duplicate would arrive right behind
	if got := len(h.smtp.Messages()); got != want {
		t.Fatalf("%d mails, want %d", got, want)
	}
	got := map[string]received{}
	for _, m := range msgs {
		r := parse(t, m)
		got[r.To] = r
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, w := range c.mails {
				r, ok := got[w.to]
				if !ok {
					t.Fatalf("no mail to %s", w.to)
				}
				if r.Subject != w.subject {
					t.Errorf("subject %q, want %q", r.Subject, w.subject)
				}
				for _, line := range w.body {
					if !strings.Contains(r.Body, line) {
						t.Errorf("body lacks %q:\n%s", line, r.Body)
					}
				}
				if !strings.Contains(r.From, "<system@mail.hellowork.mhlw.go.jp>") {
					t.Errorf("From %q", r.From)
				}
				if !strings.HasSuffix(r.MessageID, "@mail.hellowork.mhlw.go.jp>") {
					t.Errorf("Message-ID %q not derived from the event", r.MessageID)
				}
				if r.Date != "Mon, 06 Jan 2025 10:00:00 +0900" {
					t.Errorf("Date %q, want the injected clock in JST", r.Date)
				}
				if !strings.Contains(strings.ToLower(r.ContentType), "charset=utf-8") || !strings.HasPrefix(r.Header.Get("Subject"), "=?UTF-8?") {
					t.Errorf("not UTF-8 / RFC 2047: Content-Type %q Subject %q", r.ContentType, r.Header.Get("Subject"))
				}
			}
		})
	}
	if n := h.count("SELECT count(*) FROM deliveries WHERE status = 'sent' AND attempts = 1 AND sealed_secret IS NULL"); n != want {
		t.Errorf("%d deliveries sent on the first attempt with the secret erased, want %d", n, want)
	}
}

// TestDuplicateEvent_OneMail delivers the same event to the consumer twice, once
// inside JetStream's duplicate window and once after it, as a relay re-publishing after
// a long outage would (the window has passed by then, so JetStream stores it again):
// the inbox and the (event, recipient) key keep it to one mail.
func TestDuplicateEvent_OneMail(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	ev := authKey("dup@example.co.jp", identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_PASSWORD_RESET, "DUP-1A2B3C")(h)
	h.publish(ev)
	if ack := h.publish(ev); !ack.Duplicate {
		t.Error("second publish inside the window was not a JetStream duplicate")
	}
	if _, err := h.smtp.WaitFor(1, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	// Shrink the window so the third publish is stored again and reaches the consumer.
	ctx := context.Background()
	s, err := h.JS.Stream(ctx, outbox.StreamName("identity"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := s.CachedInfo().Config
	cfg.Duplicates = 100 * time.Millisecond
	if _, err := h.JS.UpdateStream(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	// The server forgets the id when its dedup timer (about 1 s) next runs, later under
	// load: publish until it stores the event again. Publishes it still deduplicates
	// store nothing, so exactly one more copy reaches the consumer.
	testkit.Eventually(t, 15*time.Second, func() bool { return !h.publish(ev).Duplicate },
		"JetStream to forget the event id and store the third publish")
	testkit.Eventually(t, 10*time.Second, func() bool {
		info, err := h.JS.Consumer(ctx, outbox.StreamName("identity"), "notification-identity")
		return err == nil && info.CachedInfo().AckFloor.Stream >= 2
	}, "the re-published event to be consumed")
	time.Sleep(300 * time.Millisecond)
	if n := len(h.smtp.Messages()); n != 1 {
		t.Fatalf("%d mails for one event, want 1", n)
	}
	if n := h.count("SELECT count(*) FROM deliveries"); n != 1 {
		t.Errorf("%d deliveries, want 1", n)
	}
}

// TestPoisonEvent_DeadLetteredOthersDelivered: events that can never become a mail go
// to the dead-letter table at once and do not hold up the events behind them.
func TestPoisonEvent_DeadLetteredOthersDelivered(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	garbage := h.event(&identityv1.PasswordChanged{Email: "x@example.co.jp"})
	garbage.Type = "hellowork.identity.v1.AuthKeyIssued"
	garbage.Payload = []byte{0xff, 0xff, 0xff, 0x01}
	poison := []outbox.Event{
		garbage, // undecodable payload
		h.event(&identityv1.AuthKeyIssued{Email: "p@example.co.jp", Purpose: 99, SealedSecret: []byte{1}, ExpiresAt: timestamppb.New(t0.Add(time.Hour))}), // unknown purpose
		h.event(&identityv1.PasswordChanged{AccountId: "a", Email: "not an address"}),                                                                     // can never be sent
		h.event(&identityv1.AuthKeyIssued{Email: "nokey@example.co.jp", Purpose: identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_PASSWORD_RESET}),              // secret mail without secret
	}
	for i, ev := range poison {
		h.publish(ev)
		h.publish(h.event(&identityv1.PasswordChanged{AccountId: "a", Email: fmt.Sprintf("ok%d@example.co.jp", i)}))
	}
	if _, err := h.smtp.WaitFor(len(poison), 20*time.Second); err != nil {
		t.Fatal(err)
	}
	testkit.Eventually(t, 10*time.Second, func() bool {
		return h.count("SELECT count(*) FROM dead_letter WHERE consumer = 'notification-identity'") == len(poison)
	}, "dead letters")
	for _, ev := range poison {
		if n := h.count("SELECT count(*) FROM dead_letter WHERE event_id = $1 AND attempts = 1", ev.ID); n != 1 {
			t.Errorf("poison event %s not dead-lettered on its first attempt", ev.ID)
		}
	}
	if n := h.count("SELECT count(*) FROM deliveries"); n != len(poison) {
		t.Errorf("%d deliveries, want %d (poison events record nothing)", n, len(poison))
	}
}

// TestSMTPReplies_4xxRetriedWithBackoff_5xxFailedForGood follows one mail through a
// temporary refusal (retried when the backoff has passed on the injected clock) and
// another through a permanent one (never retried).
func TestSMTPReplies_4xxRetriedWithBackoff_5xxFailedForGood(t *testing.T) {
	h := newHarness(t, harnessOpts{retry: time.Minute})
	h.smtp.FailWith(451)
	ev := h.event(&identityv1.PasswordChanged{AccountId: "a", Email: "temp@example.co.jp"})
	h.publish(ev)
	testkit.Eventually(t, 10*time.Second, func() bool {
		return h.count("SELECT count(*) FROM deliveries WHERE attempts = 1 AND status = 'pending' AND next_attempt_at = $1", t0.Add(time.Minute)) == 1
	}, "first attempt")
	time.Sleep(300 * time.Millisecond)
	if n := h.count("SELECT attempts FROM deliveries"); n != 1 {
		t.Fatalf("retried %d times before the backoff passed", n-1)
	}
	h.Clock.Advance(time.Minute)
	testkit.Eventually(t, 10*time.Second, func() bool {
		return h.count("SELECT count(*) FROM deliveries WHERE attempts = 2 AND next_attempt_at = $1", t0.Add(3*time.Minute)) == 1
	}, "second attempt")
	var lastErr string
	_ = h.Pool.QueryRow(context.Background(), "SELECT last_error FROM deliveries").Scan(&lastErr)
	if !strings.Contains(lastErr, "451") {
		t.Errorf("last_error %q does not keep the server's reply", lastErr)
	}
	h.smtp.FailWith(0)
	h.Clock.Advance(2 * time.Minute)
	if _, err := h.smtp.WaitFor(1, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	testkit.Eventually(t, 5*time.Second, func() bool {
		return h.count("SELECT count(*) FROM deliveries WHERE status = 'sent' AND attempts = 3") == 1
	}, "sent")

	h.smtp.FailWith(550)
	h.publish(h.event(&identityv1.PasswordChanged{AccountId: "b", Email: "gone@example.co.jp"}))
	testkit.Eventually(t, 10*time.Second, func() bool {
		return h.count("SELECT count(*) FROM deliveries WHERE status = 'failed' AND attempts = 1 AND last_error LIKE '%550%'") == 1
	}, "permanent failure")
	h.smtp.FailWith(0)
	h.Clock.Advance(24 * time.Hour)
	time.Sleep(300 * time.Millisecond)
	if n := h.count("SELECT attempts FROM deliveries WHERE status = 'failed'"); n != 1 {
		t.Errorf("a 5xx refusal was retried (%d attempts)", n)
	}
	if n := len(h.smtp.Messages()); n != 1 {
		t.Errorf("%d mails, want 1", n)
	}
}

// TestExpiredSecret_NotMailed: an OTP that waited past its expiry (SMTP down) is not
// mailed at all (LOGIN-2), and the delivery log says so.
func TestExpiredSecret_NotMailed(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	h.smtp.Stop()
	exp := timestamppb.New(t0.Add(30 * time.Minute))
	h.publish(h.sealedEvent("771199", func(s []byte) proto.Message {
		return &identityv1.OneTimePasswordIssued{AccountId: "a", Email: "late@example.co.jp", LoginAttemptId: "l", SealedSecret: s, ExpiresAt: exp}
	}))
	testkit.Eventually(t, 10*time.Second, func() bool { return h.count("SELECT count(*) FROM deliveries WHERE attempts >= 1") == 1 }, "a failed attempt")
	h.Clock.Advance(31 * time.Minute)
	h.smtp.Resume()
	testkit.Eventually(t, 10*time.Second, func() bool {
		return h.count("SELECT count(*) FROM deliveries WHERE status = 'expired' AND sealed_secret IS NULL") == 1
	}, "expired")
	time.Sleep(200 * time.Millisecond)
	if n := len(h.smtp.Messages()); n != 0 {
		t.Errorf("%d mails with a dead one-time password", n)
	}
}

// TestSecrets_NeverInLogsOrStoredCopies runs secret-bearing mails through success,
// temporary failure and retry, then scans every log entry (zap observer, all levels)
// and every stored row for the auth keys and OTPs.
func TestSecrets_NeverInLogsOrStoredCopies(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	secrets := []string{"SECRET-KEY-A1", "SECRET-KEY-B2", "90817263"}
	h.smtp.FailWith(451)
	h.publish(authKey("s1@example.co.jp", identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_REGISTRATION, secrets[0])(h))
	h.publish(authKey("s2@example.co.jp", identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_RESTORE, secrets[1])(h))
	exp := timestamppb.New(t0.Add(30 * time.Minute))
	h.publish(h.sealedEvent(secrets[2], func(s []byte) proto.Message {
		return &identityv1.OneTimePasswordIssued{AccountId: "a", Email: "s3@example.co.jp", LoginAttemptId: "l", SealedSecret: s, ExpiresAt: exp}
	}))
	testkit.Eventually(t, 10*time.Second, func() bool { return h.count("SELECT count(*) FROM deliveries WHERE attempts >= 1") == 3 }, "temporary failures")
	// While pending, only the sealed form may be stored.
	assertNoSecretInTables(t, h, secrets)
	h.smtp.FailWith(0)
	h.Clock.Advance(time.Second)
	msgs, err := h.smtp.WaitFor(3, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs { // the secrets did reach the recipients
		r := parse(t, m)
		if !strings.Contains(r.Body, secrets[0]) && !strings.Contains(r.Body, secrets[1]) && !strings.Contains(r.Body, secrets[2]) {
			t.Errorf("mail to %s carries no secret", r.To)
		}
	}
	testkit.Eventually(t, 5*time.Second, func() bool { return h.count("SELECT count(*) FROM deliveries WHERE status = 'sent'") == 3 }, "sent")
	assertNoSecretInTables(t, h, secrets)
	entries := h.Logs.All()
	if len(entries) == 0 {
		t.Fatal("no logs observed")
	}
	hits := 0
	for _, e := range entries {
		b, _ := json.Marshal(e.ContextMap())
		line := e.Message + " " + string(b)
		for _, s := range secrets {
			if secretscan.ContainsToken(line, s) {
				hits++
				t.Errorf("secret %q logged: %s", s, line)
			}
		}
	}
	t.Logf("METRIC log_entries_scanned=%d secret_hits=%d", len(entries), hits)
}

func assertNoSecretInTables(t *testing.T, h *harness, secrets []string) {
	t.Helper()
	for _, table := range []string{"deliveries", "inbox", "dead_letter", "outbox"} {
		var dump string
		err := h.Pool.QueryRow(context.Background(),
			"SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM "+table+" t").Scan(&dump)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		for _, s := range secrets {
			// As text, or as the hex of a bytea column holding it unsealed.
			if secretscan.ContainsToken(dump, s) || strings.Contains(dump, hex.EncodeToString([]byte(s))) {
				t.Errorf("secret %q stored in %s", s, table)
			}
		}
	}
}

// TestListDeliveries_StaffOnlyFilteredAndPaged checks the delivery log API.
func TestListDeliveries_StaffOnlyFilteredAndPaged(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	// The log is scoped by office (LOGIN-5): the accounts belong to an establishment of
	// office 1301 (TestAuthz_CrossTenantMatrix covers the scope itself).
	h.publish(h.eventOf("est-1", 1, &erv1.AccountCreationCodeIssued{EstablishmentId: "est-1", OfficeCode: "1301"}))
	for _, acc := range []string{"a", "acc-1"} {
		h.publish(h.event(&identityv1.AccountOpened{AccountId: acc, EstablishmentId: "est-1", Role: identityv1.AccountRole_ACCOUNT_ROLE_PRIMARY}))
	}
	for i := range 5 {
		h.publish(h.event(&identityv1.PasswordChanged{AccountId: "a", Email: fmt.Sprintf("u%d@example.co.jp", i)}))
	}
	h.publish(authKey("Key@Example.co.jp", identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_PASSWORD_RESET, "LIST-SECRET-9")(h))
	if _, err := h.smtp.WaitFor(6, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	testkit.Eventually(t, 5*time.Second, func() bool {
		return h.count("SELECT count(*) FROM deliveries WHERE status = 'sent' AND office_code = '1301'") == 6
	}, "sent and scoped")
	staff := authn.Principal{AccountID: "staff-1", SessionID: "s", Role: authn.RoleStaff, OfficeCode: "1301"}

	t.Run("pages of 4 then 2, newest first, token bound to filters", func(t *testing.T) {
		c, ctx := h.client(staff)
		p1, err := c.ListDeliveries(ctx, &notificationv1.ListDeliveriesRequest{PageSize: 4})
		if err != nil {
			t.Fatal(err)
		}
		if len(p1.Deliveries) != 4 || p1.NextPageToken == "" {
			t.Fatalf("page 1: %d deliveries, token %q", len(p1.Deliveries), p1.NextPageToken)
		}
		p2, err := c.ListDeliveries(ctx, &notificationv1.ListDeliveriesRequest{PageSize: 4, PageToken: p1.NextPageToken})
		if err != nil {
			t.Fatal(err)
		}
		if len(p2.Deliveries) != 2 || p2.NextPageToken != "" {
			t.Fatalf("page 2: %d deliveries, token %q", len(p2.Deliveries), p2.NextPageToken)
		}
		seen := map[string]bool{}
		for _, d := range append(p1.Deliveries, p2.Deliveries...) {
			if seen[d.Name] {
				t.Errorf("%s on two pages", d.Name)
			}
			seen[d.Name] = true
		}
		_, err = c.ListDeliveries(ctx, &notificationv1.ListDeliveriesRequest{PageSize: 4, PageToken: p1.NextPageToken,
			Status: notificationv1.DeliveryStatus_DELIVERY_STATUS_SENT})
		if status.Code(err) != codes.InvalidArgument {
			t.Errorf("token reused with other filters: %v, want INVALID_ARGUMENT", err)
		}
	})
	t.Run("filter by recipient (case-insensitive) and type; no secret in the log", func(t *testing.T) {
		c, ctx := h.client(staff)
		res, err := c.ListDeliveries(ctx, &notificationv1.ListDeliveriesRequest{Recipient: "key@example.CO.JP",
			MailType: notificationv1.MailType_MAIL_TYPE_PASSWORD_RESET, Status: notificationv1.DeliveryStatus_DELIVERY_STATUS_SENT})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Deliveries) != 1 {
			t.Fatalf("%d deliveries, want 1", len(res.Deliveries))
		}
		d := res.Deliveries[0]
		if d.Subject != "パスワード再登録申込受付通知" || d.Attempts != 1 || d.SentTime == nil || d.MessageId == "" || d.NextAttemptTime != nil {
			t.Errorf("delivery %+v", d)
		}
		if strings.Contains(fmt.Sprint(d), "LIST-SECRET-9") {
			t.Error("secret in the delivery log")
		}
	})
	t.Run("refused to employers and anonymous callers; bad input rejected", func(t *testing.T) {
		c, ctx := h.client(authn.Principal{AccountID: "e", SessionID: "s", Role: authn.RolePrimary, EstablishmentID: "est-1"})
		if _, err := c.ListDeliveries(ctx, &notificationv1.ListDeliveriesRequest{}); status.Code(err) != codes.PermissionDenied {
			t.Errorf("employer: %v, want PERMISSION_DENIED", err)
		}
		c, ctx = h.client(authn.Principal{})
		if _, err := c.ListDeliveries(ctx, &notificationv1.ListDeliveriesRequest{}); status.Code(err) != codes.Unauthenticated {
			t.Errorf("anonymous: %v, want UNAUTHENTICATED", err)
		}
		c, ctx = h.client(staff)
		for name, req := range map[string]*notificationv1.ListDeliveriesRequest{
			"forged token":   {PageToken: "bm90LWEtdG9rZW4"},
			"event id":       {EventId: "not-a-uuid"},
			"unknown type":   {MailType: 999},
			"huge recipient": {Recipient: strings.Repeat("a", 300)},
		} {
			if _, err := c.ListDeliveries(ctx, req); status.Code(err) != codes.InvalidArgument {
				t.Errorf("%s: %v, want INVALID_ARGUMENT", name, err)
			}
		}
	})
	t.Run("every read audited as delivery_log.read, without the address", func(t *testing.T) {
		for _, c := range []struct {
			where string
			want  int
		}{
			{"outcome = 'ok' AND reason = '' AND actor_id = 'staff-1' AND actor_role = 'staff' AND actor_office_code = '1301'", 3},
			{"outcome = 'ok' AND detail->>'recipient_filter' = 'true' AND detail->>'returned' = '1'", 1},
			{"actor_id = 'e'", 0}, // refused by the RPC's policy before the application
			{"outcome = 'failed' AND reason = 'PAGE_TOKEN_INVALID'", 2},
			{"outcome = 'failed' AND reason = 'EVENT_ID_INVALID'", 1},
		} {
			if n := h.count("SELECT count(*) FROM audit_log WHERE action = 'delivery_log.read' AND " + c.where); n != c.want {
				t.Errorf("%d audit entries where %s, want %d", n, c.where, c.want)
			}
		}
		if n := h.count("SELECT count(*) FROM audit_log WHERE action <> 'delivery_log.read' OR detail::text ILIKE '%@example%'"); n != 0 {
			t.Errorf("%d audit entries of another action or naming an address", n)
		}
	})
}
