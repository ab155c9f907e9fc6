package service

import (
	"fmt"
	"sort"
	"testing"
	"time"

	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/libs/testkit"
)

// TestSender_OnceAcrossReplicas: two replicas of notification (two processes on one
// database, one NATS, one fake clock, one SMTP server), each with four sender workers
// and the shared durable consumers. The SMTP server first answers 451: every delivery
// is attempted once (not once per replica) and waits for its retry; once the backoff
// has passed on the fake clock, every mail is sent exactly once. Deliveries are claimed
// row by row with FOR UPDATE SKIP LOCKED and held for the SMTP exchange, so a replica
// never takes a delivery another is sending.
func TestSender_OnceAcrossReplicas(t *testing.T) {
	h := newHarness(t, harnessOpts{retry: time.Minute})
	r := h.Replica()
	r.Start(h.build(r))
	h.smtp.FailWith(451)
	const n = 12
	var want []string
	for i := range n {
		to := fmt.Sprintf("replica%02d@example.co.jp", i)
		want = append(want, to)
		h.publish(h.event(&identityv1.PasswordChanged{AccountId: fmt.Sprintf("a%d", i), Email: to}))
	}
	testkit.Eventually(t, 15*time.Second, func() bool {
		return h.count("SELECT count(*) FROM deliveries WHERE attempts = 1 AND status = 'pending' AND next_attempt_at = $1", t0.Add(time.Minute)) == n
	}, "the first attempt of every delivery")
	time.Sleep(300 * time.Millisecond) // six more polls of every worker
	if got := h.count("SELECT count(*) FROM deliveries"); got != n {
		t.Fatalf("%d deliveries for %d events", got, n)
	}
	if got := h.count("SELECT coalesce(sum(attempts), 0) FROM deliveries"); got != n {
		t.Fatalf("%d attempts before the backoff passed; want one per delivery (%d)", got, n)
	}

	h.smtp.FailWith(0)
	h.Clock.Advance(time.Minute)
	if _, err := h.smtp.WaitFor(n, 15*time.Second); err != nil {
		t.Fatal(err)
	}
	testkit.Eventually(t, 10*time.Second, func() bool {
		return h.count("SELECT count(*) FROM deliveries WHERE status = 'sent' AND attempts = 2") == n
	}, "every delivery sent on its second attempt")
	time.Sleep(300 * time.Millisecond)
	var got []string
	for _, m := range h.smtp.Messages() {
		got = append(got, m.To...)
	}
	sort.Strings(got)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("mails to %v; want one to each of %v", got, want)
	}
	for id, c := range byMessageID(t, h.smtp.Messages()) {
		if c != 1 {
			t.Errorf("Message-ID %s sent %d times", id, c)
		}
	}
}
