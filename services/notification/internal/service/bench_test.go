package service

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/libs/testkit/smtptest"
	"github.com/hellowork-jp/hellowork/services/notification/internal/adapters/smtp"
	"github.com/hellowork-jp/hellowork/services/notification/internal/app"
)

// Run with `make bench-notification` (go test -run '^$' -bench BenchmarkNotification
// -benchtime 1x). Each part prints one "METRIC name=value" line.

// BenchmarkNotification_RawSMTPCeiling: the same mailers as the service (4 connections)
// sending prebuilt mails straight into the in-process SMTP server; no database, no NATS.
// This is the machine's ceiling for the end-to-end figures below.
func BenchmarkNotification_RawSMTPCeiling(b *testing.B) {
	const n, workers = 4000, 4
	s := smtptest.Start(b)
	cfg, _ := smtp.ParseURL(s.URL() + "?tls=none")
	cfg.From, cfg.FromName, cfg.Timeout = "system@mail.hellowork.mhlw.go.jp", "ハローワークインターネットサービス", 5*time.Second
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			m := smtp.NewMailer(cfg)
			defer m.Close()
			for i := w; i < n; i += workers {
				msg := app.Message{To: fmt.Sprintf("r%d@example.co.jp", i), Subject: "パスワード変更完了通知",
					Body: "ハローワークインターネットサービスです。\n", MessageID: fmt.Sprintf("<%d@bench>", i), Date: t0}
				if err := m.Send(context.Background(), msg); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	el := time.Since(start)
	b.ReportMetric(float64(n)/el.Seconds(), "mails/s")
	b.Logf("METRIC raw_smtp_mails_per_s=%.0f n=%d workers=%d", float64(n)/el.Seconds(), n, workers)
}

// BenchmarkNotification_Sustained: a backlog of events is published into JetStream,
// then the whole pipeline (consumer + inbox + deliveries + sender + SMTP) drains it.
func BenchmarkNotification_Sustained(b *testing.B) {
	const n = 3000
	h := newHarness(b, harnessOpts{})
	b.ResetTimer()
	start := time.Now()
	for i := range n {
		h.publish(h.event(&identityv1.PasswordChanged{AccountId: "a", Email: fmt.Sprintf("s%05d@example.co.jp", i)}))
	}
	if _, err := h.smtp.WaitFor(n, 5*time.Minute); err != nil {
		b.Fatal(err)
	}
	el := time.Since(start)
	b.ReportMetric(float64(n)/el.Seconds(), "mails/s")
	b.Logf("METRIC sustained_mails_per_s=%.0f n=%d elapsed=%s", float64(n)/el.Seconds(), n, el.Round(time.Millisecond))
}

// BenchmarkNotification_LatencyAtFixedRate publishes at a fixed rate and measures, per
// event, the time from the JetStream publish ack to the SMTP server accepting the mail.
func BenchmarkNotification_LatencyAtFixedRate(b *testing.B) {
	const rate, seconds = 100, 10
	const n = rate * seconds
	h := newHarness(b, harnessOpts{})
	sent := make([]time.Time, n)
	got := make([]time.Time, 0, n)
	done := make(chan struct{})
	go func() { // timestamps mails as they arrive (1 ms resolution)
		defer close(done)
		for len(got) < n {
			for range len(h.smtp.Messages()) - len(got) {
				got = append(got, time.Now())
			}
			time.Sleep(time.Millisecond)
		}
	}()
	b.ResetTimer()
	tick := time.NewTicker(time.Second / rate)
	defer tick.Stop()
	for i := range n {
		<-tick.C
		h.publish(h.event(&identityv1.PasswordChanged{AccountId: "a", Email: fmt.Sprintf("l%05d@example.co.jp", i)}))
		sent[i] = time.Now()
	}
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		b.Fatalf("only %d of %d mails", len(h.smtp.Messages()), n)
	}
	// Mails arrive in publish order closely enough at this rate; pair the sorted
	// arrival times with the publish times (order differences only shuffle which event
	// owns which latency, not the distribution).
	lat := make([]time.Duration, n)
	for i := range n {
		lat[i] = got[i].Sub(sent[i])
	}
	slices.Sort(lat)
	p50, p99 := lat[n/2], lat[n*99/100]
	b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
	b.Logf("METRIC event_to_mail_p50_ms=%.1f p99_ms=%.1f max_ms=%.1f rate_per_s=%d n=%d",
		float64(p50.Microseconds())/1000, float64(p99.Microseconds())/1000, float64(lat[n-1].Microseconds())/1000, rate, n)
}
