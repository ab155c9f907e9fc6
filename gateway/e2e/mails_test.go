package e2e_test

import (
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/gateway/e2e"
)

// TestE2E_Mails_ExactlyOncePerEvent runs the opening and sign-in flows on one suite
// while the notification service is killed (SIGKILL) and restarted and the SMTP server
// answers 451 for a while, then checks the whole inbox: each expected mail arrived
// exactly once (no more, no fewer), every Message-ID is unique, the auth keys mailed
// after the crash still work, and the delivery log agrees with the inbox (every
// delivery SENT, one mail per delivery, same Message-ID and recipient). The log is read
// from notification's table: staff see only their office's part of it (LOGIN-5).
func TestE2E_Mails_ExactlyOncePerEvent(t *testing.T) {
	t.Parallel()
	env := maps.Clone(suiteEnv)
	// Retry temporary SMTP failures within the test's time, not after 30 s.
	env["MAIL_RETRY_INITIAL"] = "200ms"
	env["MAIL_RETRY_MAX"] = "1s"
	env["MAIL_CONN_RETRY_WAIT"] = "200ms"
	st := e2e.StartWith(t, env, allServices...)
	w := newWorld(t, st)

	open1(t, w)
	open2(t, w, "テスト商事 MAILS", "03-9999-0000")

	// The notification service crashes; registrations go on and their events wait.
	staff := w.staffOf(t, "1301") // signed in by open1, before the outage
	w.settled(t, staff)
	st.Kill(e2e.Notification.Name)
	const burst = 12
	emails := make([]string, burst)
	b := newBrowser(t, st, "burst")
	for i := range burst {
		emails[i] = uniqueEmail(fmt.Sprintf("burst%02d", i))
		must2xx(t, b.post("/v1/identity/registrations:start", map[string]any{"email": emails[i], "email_confirmation": emails[i],
			"agreed_to_privacy_policy": true, "agreed_to_terms": true}))
		w.expect(emails[i], subjAccountProvisional)
	}
	// The SMTP server refuses temporarily when notification comes back.
	st.SMTP.FailWith(451)
	st.StartProcess(e2e.Notification.Name, nil)
	st.WaitReady(time.Minute)
	eventually(t, stepTimeout, func() string {
		log, err := w.storedDeliveries()
		for _, d := range log {
			if d.Status == "pending" && strings.Contains(d.LastError, "451") {
				return ""
			}
		}
		return fmt.Sprintf("no delivery has met the 451 yet (%v)", err)
	})
	st.SMTP.FailWith(0)

	// Every key mailed after the crash works (the mail carries the live key).
	for i, email := range emails {
		key := w.mb.authKey(t, email, subjAccountProvisional)
		b := newBrowser(t, st, fmt.Sprintf("burst%02d", i))
		r := must2xx(t, b.post("/v1/identity/registrations:complete", map[string]any{"email": email, "auth_key": key,
			"password": employerPassword, "password_confirmation": employerPassword}))
		if r.str(t, "account.role") != "ACCOUNT_ROLE_PROVISIONAL" {
			t.Fatalf("completed: %s", r)
		}
	}

	// The delivery log agrees with the inbox.
	w.verifyMails(t)
	inbox := map[string]received{}
	for _, m := range w.mb.all(t) {
		inbox[m.MessageID] = m
	}
	eventually(t, stepTimeout, func() string {
		log, err := w.storedDeliveries()
		if err != nil {
			return err.Error()
		}
		mails := w.mb.all(t)
		if len(log) != len(mails) {
			return fmt.Sprintf("%d deliveries logged, %d mails received", len(log), len(mails))
		}
		seen := map[string]bool{}
		retried := 0
		for _, d := range log {
			if d.Status != "sent" {
				return fmt.Sprintf("delivery to %s is %s", d.Recipient, d.Status)
			}
			id := "<" + strings.Trim(d.MessageID, "<>") + ">"
			if seen[id] {
				t.Fatalf("two deliveries share Message-ID %s", id)
			}
			seen[id] = true
			if m, ok := inbox[id]; !ok || !strings.EqualFold(strings.Trim(strings.Join(m.To, ","), "<>"), d.Recipient) {
				return fmt.Sprintf("delivery to %s (%s) is not in the inbox", d.Recipient, id)
			}
			if d.Attempts > 1 {
				retried++
			}
		}
		if retried == 0 {
			t.Errorf("no delivery needed a retry: the SMTP outage was not exercised")
		}
		t.Logf("METRIC mails=%d deliveries_retried=%d", len(mails), retried)
		return ""
	})
}
