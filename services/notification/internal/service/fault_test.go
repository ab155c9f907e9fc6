package service

import (
	"fmt"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/testkit"
)

// burstEvent is the i-th event of a burst: a mix of auth keys (sealed secrets) and
// notices, one recipient each.
func burstEvent(h *harness, i int) outbox.Event {
	email := fmt.Sprintf("burst%04d@example.co.jp", i)
	if i%3 == 0 {
		exp := timestamppb.New(h.Clock.Now().Add(50 * time.Minute))
		return h.sealedEvent(fmt.Sprintf("KEY-%04d", i), func(s []byte) proto.Message {
			return &identityv1.AuthKeyIssued{AccountId: "a", Email: email, SealedSecret: s, ExpiresAt: exp,
				Purpose: identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_PASSWORD_RESET}
		})
	}
	return h.event(&identityv1.PasswordChanged{AccountId: "a", Email: email})
}

// driveClock moves the fake clock one retry step at a time until n mails arrived, so
// backed-off deliveries become due (no sleeping on a rule).
func driveClock(t *testing.T, h *harness, n int, step time.Duration, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for len(h.smtp.Messages()) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d mails after %v", len(h.smtp.Messages()), n, timeout)
		}
		h.Clock.Advance(step)
		time.Sleep(20 * time.Millisecond)
	}
}

// assertExactlyOnce checks that every expected recipient got exactly one mail, and no
// Message-ID arrived twice.
func assertExactlyOnce(t *testing.T, h *harness, n int) {
	t.Helper()
	time.Sleep(300 * time.Millisecond) // late duplicates would show up now
	msgs := h.smtp.Messages()
	dup := 0
	for id, c := range byMessageID(t, msgs) {
		if c != 1 {
			dup++
			t.Errorf("Message-ID %s arrived %d times", id, c)
		}
	}
	perRcpt := map[string]int{}
	for _, m := range msgs {
		perRcpt[m.To[0]]++
	}
	missing := 0
	for i := range n {
		if perRcpt[fmt.Sprintf("burst%04d@example.co.jp", i)] != 1 {
			missing++
		}
	}
	t.Logf("METRIC mails=%d expected=%d duplicates=%d missing_or_doubled=%d", len(msgs), n, dup, missing)
	if len(msgs) != n || missing != 0 {
		t.Fatalf("%d mails for %d events (%d recipients without exactly one)", len(msgs), n, missing)
	}
}

// TestFault_SMTPDown: the SMTP server is down while a burst of 1,000 events arrives;
// deliveries back off (bounded, exponential, on the injected clock) and, once the
// server is back, every mail arrives exactly once.
func TestFault_SMTPDown(t *testing.T) {
	const n = 1000
	h := newHarness(t, harnessOpts{retry: time.Second})
	h.smtp.Stop()
	for i := range n {
		h.publish(burstEvent(h, i))
	}
	testkit.Eventually(t, 60*time.Second, func() bool { return h.count("SELECT count(*) FROM deliveries") == n }, "all events recorded as deliveries")
	testkit.Eventually(t, 10*time.Second, func() bool {
		return h.count("SELECT count(*) FROM deliveries WHERE attempts >= 1 AND status = 'pending'") >= 20
	}, "deliveries deferred while the server is down")
	// Down "for a while": 25 s of fake time pass. Never-tried mails go first (oldest
	// due), so each worker tries one mail per MAIL_CONN_RETRY_WAIT rather than hammering
	// the dead server; every deferred mail waits by the backoff policy.
	for range 25 {
		h.Clock.Advance(time.Second)
		time.Sleep(20 * time.Millisecond)
	}
	if bad := h.count(`SELECT count(*) FROM deliveries WHERE attempts >= 1 AND
	    next_attempt_at - last_attempt_at <> least(interval '1 second' * power(2, attempts - 1), interval '4 seconds')`); bad != 0 {
		t.Errorf("%d deferred deliveries not spaced by 1 s doubling up to 4 s", bad)
	}
	var attemptsDown, maxAttempts int
	_ = h.Pool.QueryRow(t.Context(), "SELECT sum(attempts), max(attempts) FROM deliveries").Scan(&attemptsDown, &maxAttempts)
	if n := h.count("SELECT count(*) FROM deliveries WHERE status <> 'pending'"); n != 0 {
		t.Fatalf("%d deliveries closed while the server was only down", n)
	}
	start := time.Now()
	h.smtp.Resume()
	driveClock(t, h, n, time.Second, 120*time.Second)
	drain := time.Since(start)
	assertExactlyOnce(t, h, n)
	testkit.Eventually(t, 10*time.Second, func() bool { return h.count("SELECT count(*) FROM deliveries WHERE status = 'sent'") == n }, "all marked sent")
	t.Logf("METRIC smtp_down_attempts=%d max_attempts_per_mail=%d drain_after_resume=%s lost=0", attemptsDown, maxAttempts, drain.Round(time.Millisecond))
}

// TestRestart_ServiceAndNATS: the service is stopped mid-burst and NATS restarts; no
// event is lost and none is mailed twice.
func TestRestart_ServiceAndNATS(t *testing.T) {
	const n = 300
	h := newHarness(t, harnessOpts{})
	for i := range n / 2 {
		h.publish(burstEvent(h, i))
	}
	testkit.Eventually(t, 20*time.Second, func() bool { return len(h.smtp.Messages()) >= 20 }, "some mails")
	h.Stop()
	h.NATS.Restart()
	for i := n / 2; i < n; i++ {
		h.publish(burstEvent(h, i)) // produced while notification is down
	}
	h.start()
	if _, err := h.smtp.WaitFor(n, 60*time.Second); err != nil {
		t.Fatal(err)
	}
	assertExactlyOnce(t, h, n)
}
