package service

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"io"
	"mime"
	"net/mail"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/config"
	notificationv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/notification/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/libs/sealbox"
	"github.com/hellowork-jp/hellowork/libs/testkit"
	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
	"github.com/hellowork-jp/hellowork/libs/testkit/servicetest"
	"github.com/hellowork-jp/hellowork/libs/testkit/smtptest"
)

// The component tests boot the real notification process with libs/testkit/servicetest
// (runner, PostgreSQL, embedded NATS with JetStream, fake clock, observed logger). What
// is notification's own is here: the in-process SMTP server the mails go to, the
// sealing key identity would share, and reading the mails as a recipient would.

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.DropPackageDatabase()
	os.Exit(code)
}

// t0 is 2025-01-06 10:00 JST, when every test's fake clock starts.
var t0 = time.Date(2025, 1, 6, 1, 0, 0, 0, time.UTC)

// harness is a running notification service with its SMTP server.
type harness struct {
	*servicetest.Service
	t    testing.TB
	smtp *smtptest.Server
	box  *sealbox.Box
	key  string // EVENT_SEALING_KEY
	opts harnessOpts
}

type harnessOpts struct {
	workers int
	retry   time.Duration // initial retry wait (fake time)
}

func newHarness(t testing.TB, o harnessOpts) *harness {
	t.Helper()
	if o.workers == 0 {
		o.workers = 4
	}
	if o.retry == 0 {
		o.retry = time.Second
	}
	key := make([]byte, sealbox.KeySize)
	_, _ = rand.Read(key)
	box, _ := sealbox.New(key)
	h := &harness{t: t, smtp: smtptest.Start(t), box: box, key: base64.StdEncoding.EncodeToString(key), opts: o,
		Service: servicetest.New(t, servicetest.WithClock(clock.NewFake(t0)), servicetest.WithStreams("identity", "employer-registration", "job-posting"))}
	h.start()
	return h
}

// start runs the service (again, after Stop) on the same database.
func (h *harness) start() {
	h.t.Helper()
	h.Start(h.build(h.Service))
}

// build is the build function of the process s (the harness's own, or a replica on
// the same database, NATS and SMTP server).
func (h *harness) build(s *servicetest.Service) func(c config.Common) (runner.Spec, error) {
	return func(c config.Common) (runner.Spec, error) {
		cfg := Config{
			Common:  c,
			SMTPURL: h.smtp.URL() + "?tls=none", MailFrom: "system@mail.hellowork.mhlw.go.jp", MailFromName: "ハローワークインターネットサービス",
			SMTPTimeout: 5 * time.Second, EventSealingKey: h.key,
			SenderWorkers: h.opts.workers, PollInterval: 50 * time.Millisecond, ConnRetryWait: 50 * time.Millisecond,
			RetryInitial: h.opts.retry, RetryMax: 4 * h.opts.retry, RetryGiveUpAfter: 72 * time.Hour,
		}
		if err := cfg.Validate(); err != nil {
			return runner.Spec{}, err
		}
		return Spec(cfg, Options{Clock: s.Clock, Log: s.Log, Listener: s.Listener, Verifier: s.Auth.Verifier,
			Consumer: func(c *outbox.ConsumerConfig) {
				c.AckWait, c.Backoff, c.MaxDeliver = 5*time.Second, []time.Duration{20 * time.Millisecond}, 3
			}})
	}
}

// event builds an event the way producers do (outbox.NewEvent at the fake clock).
func (h *harness) event(payload proto.Message) outbox.Event {
	h.t.Helper()
	ev, err := outbox.NewEvent("aggregate-1", 1, h.Clock.Now(), payload)
	if err != nil {
		h.t.Fatal(err)
	}
	return ev
}

// sealedEvent builds an event whose payload carries secret sealed as identity does:
// libs/sealbox with the event id as additional data (docs/contracts.md).
func (h *harness) sealedEvent(secret string, build func(sealed []byte) proto.Message) outbox.Event {
	h.t.Helper()
	ev := h.event(build(nil))
	sealed, err := h.box.Seal([]byte(secret), []byte(ev.ID))
	if err != nil {
		h.t.Fatal(err)
	}
	if ev.Payload, err = proto.Marshal(build(sealed)); err != nil {
		h.t.Fatal(err)
	}
	return ev
}

// publish puts ev on its producer's stream as the relay does. Unlike
// servicetest.Publish it retries while NATS restarts (TestRestart_ServiceAndNATS): only
// failed publishes are retried, each with the whole deadline, because a retry after a
// slow but stored publish would come back as a JetStream duplicate.
func (h *harness) publish(ev outbox.Event) *jetstream.PubAck {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var ack *jetstream.PubAck
	testkit.Eventually(h.t, 20*time.Second, func() bool {
		var err error
		ack, err = h.JS.PublishMsg(ctx, ev.Message())
		return err == nil
	}, "publish %s", ev.Type)
	return ack
}

// count runs a COUNT(*) query on the notification schema.
func (h *harness) count(query string, args ...any) int {
	h.t.Helper()
	var n int
	if err := h.Pool.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		h.t.Fatalf("%s: %v", query, err)
	}
	return n
}

// client returns a NotificationService client and a context carrying a token of p
// (none for the zero Principal).
func (h *harness) client(p authn.Principal) (notificationv1.NotificationServiceClient, context.Context) {
	ctx := context.Background()
	if p.Role != "" {
		ctx = h.As(ctx, p)
	}
	return notificationv1.NewNotificationServiceClient(h.Conn), ctx
}

// received is one mail as a recipient sees it.
type received struct {
	From, To, Subject, MessageID, Date, ContentType string
	Body                                            string
	Header                                          mail.Header
}

func parse(t testing.TB, m smtptest.Message) received {
	t.Helper()
	msg, err := m.Parsed()
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("subject not RFC 2047: %v", err)
	}
	raw, _ := io.ReadAll(msg.Body)
	body := raw
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "base64") {
		body, err = io.ReadAll(base64.NewDecoder(base64.StdEncoding, bytes.NewReader(raw)))
		if err != nil {
			t.Fatalf("body not base64: %v", err)
		}
	}
	return received{From: msg.Header.Get("From"), To: strings.Join(m.To, ","), Subject: subject,
		MessageID: msg.Header.Get("Message-Id"), Date: msg.Header.Get("Date"),
		ContentType: msg.Header.Get("Content-Type"), Body: strings.ReplaceAll(string(body), "\r\n", "\n"), Header: msg.Header}
}

// byMessageID counts mails per Message-ID.
func byMessageID(t testing.TB, ms []smtptest.Message) map[string]int {
	out := map[string]int{}
	for _, m := range ms {
		out[parse(t, m).MessageID]++
	}
	return out
}
