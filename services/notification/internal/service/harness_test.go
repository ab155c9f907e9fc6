package service

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"net"
	"net/mail"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/authn/authntest"
	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/config"
	notificationv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/notification/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/libs/sealbox"
	"github.com/hellowork-jp/hellowork/libs/testkit/natstest"
	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
	"github.com/hellowork-jp/hellowork/libs/testkit/smtptest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.DropPackageDatabase()
	os.Exit(code)
}

// t0 is 2025-01-06 10:00 JST, when every test's fake clock starts.
var t0 = time.Date(2025, 1, 6, 1, 0, 0, 0, time.UTC)

// harness runs the real notification process (runner, PostgreSQL, embedded NATS with
// JetStream, an in-process SMTP server) with a fake clock and an observed logger.
type harness struct {
	t     testing.TB
	clk   *clock.Fake
	smtp  *smtptest.Server
	nats  *natstest.Server
	js    jetstream.JetStream
	pool  *pgxpool.Pool // the notification schema, for assertions
	box   *sealbox.Box
	auth  *authntest.Authority
	logs  *observer.ObservedLogs
	core  zapcore.Core
	cfg   Config
	addr  string
	stop  func()
	pubMu sync.Mutex
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
	h := &harness{t: t, clk: clock.NewFake(t0), smtp: smtptest.Start(t), nats: natstest.Run(t), box: box}
	h.auth = authntest.New(t, h.clk)
	core, logs := observer.New(zapcore.DebugLevel)
	h.logs, h.core = logs, core
	dbURL := pgtest.NewDatabase(t)
	h.cfg = Config{
		Common: config.Common{GRPCAddr: "127.0.0.1:0", DatabaseURL: dbURL, NATSURL: h.nats.URL(), StreamReplicas: 1,
			LogLevel: "debug", LogFormat: "json", ShutdownTimeout: 5 * time.Second},
		SMTPURL: h.smtp.URL() + "?tls=none", MailFrom: "system@mail.hellowork.mhlw.go.jp", MailFromName: "ハローワークインターネットサービス",
		SMTPTimeout: 5 * time.Second, EventSealingKey: base64.StdEncoding.EncodeToString(key),
		SenderWorkers: o.workers, PollInterval: 50 * time.Millisecond, ConnRetryWait: 50 * time.Millisecond,
		RetryInitial: o.retry, RetryMax: 4 * o.retry, RetryGiveUpAfter: 72 * time.Hour,
	}
	if err := h.cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	h.js, _ = jetstream.New(h.nats.Connect(t))
	for _, p := range []string{"identity", "employer-registration"} {
		if err := outbox.EnsureStream(context.Background(), h.js, p); err != nil {
			t.Fatal(err)
		}
	}
	h.pool = pgtest.Pool(t, dbURL, "notification", nil)
	h.start()
	t.Cleanup(func() { h.stopService() })
	return h
}

// start runs the service in the background until stopService.
func (h *harness) start() {
	h.t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		h.t.Fatal(err)
	}
	h.addr = lis.Addr().String()
	spec, err := Spec(h.cfg, Options{Clock: h.clk, Log: zap.New(h.core), Listener: lis, Verifier: h.auth.Verifier,
		Consumer: func(c *outbox.ConsumerConfig) {
			c.AckWait, c.Backoff, c.MaxDeliver = 5*time.Second, []time.Duration{20 * time.Millisecond}, 3
		}})
	if err != nil {
		h.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runner.Run(ctx, spec) }()
	h.stop = func() {
		cancel()
		select {
		case err := <-done:
			if err != nil && !errors.Is(err, context.Canceled) {
				h.t.Errorf("service stopped with %v", err)
			}
		case <-time.After(20 * time.Second):
			h.t.Error("service did not stop within 20 s")
		}
	}
	h.waitFor("notification schema migrated", 20*time.Second, func() bool {
		var ok bool
		_ = h.pool.QueryRow(context.Background(), "SELECT to_regclass('notification.deliveries') IS NOT NULL").Scan(&ok)
		return ok
	})
}

func (h *harness) stopService() {
	if h.stop != nil {
		h.stop()
		h.stop = nil
	}
}

// waitFor polls cond (real time; no rule depends on it).
func (h *harness) waitFor(what string, timeout time.Duration, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// event builds an event the way producers do (outbox.NewEvent at the fake clock).
func (h *harness) event(payload proto.Message) outbox.Event {
	h.t.Helper()
	ev, err := outbox.NewEvent("aggregate-1", 1, h.clk.Now(), payload)
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

// publish puts ev on its producer's stream with the outbox envelope headers, as the
// relay does (Nats-Msg-Id = event id).
func (h *harness) publish(ev outbox.Event) *jetstream.PubAck {
	h.t.Helper()
	hdr := nats.Header{}
	hdr.Set(outbox.HeaderMsgID, ev.ID)
	hdr.Set(outbox.HeaderEventType, ev.Type)
	hdr.Set(outbox.HeaderAggregateID, ev.AggregateID)
	hdr.Set(outbox.HeaderAggregateVersion, strconv.FormatInt(ev.AggregateVersion, 10))
	hdr.Set(outbox.HeaderOccurredAt, ev.OccurredAt.UTC().Format(time.RFC3339Nano))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		ack, err := h.js.PublishMsg(ctx, &nats.Msg{Subject: ev.Type, Data: ev.Payload, Header: hdr})
		if err == nil {
			return ack
		}
		if ctx.Err() != nil {
			h.t.Fatalf("publish %s: %v", ev.Type, err)
		}
		time.Sleep(20 * time.Millisecond) // NATS restarting
	}
}

// count runs a COUNT(*) query on the notification schema.
func (h *harness) count(query string, args ...any) int {
	h.t.Helper()
	var n int
	if err := h.pool.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		h.t.Fatalf("%s: %v", query, err)
	}
	return n
}

// client returns a NotificationService client and a context carrying a token of p.
func (h *harness) client(p authn.Principal) (notificationv1.NotificationServiceClient, context.Context) {
	h.t.Helper()
	conn, err := grpc.NewClient(h.addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { _ = conn.Close() })
	ctx := context.Background()
	if p.Role != "" {
		ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+h.auth.Token(h.t, p))
	}
	return notificationv1.NewNotificationServiceClient(conn), ctx
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
