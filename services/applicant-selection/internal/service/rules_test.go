package service

import (
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"

	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	idv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	jpv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/libs/testkit"
)

// TestResultDeadline_Boundaries [APP-2]: an expired posting (紹介期限日 6/30, invalid
// from 7/1) and a posting cancelled mid-month (6/10) both take results until 9/30 and
// refuse the employer on 10/1 with the office to contact; staff still register.
func TestResultDeadline_Boundaries(t *testing.T) {
	for _, tc := range []struct{ name, cause, from string }{
		{"expired at month end", "EXPIRED", "2026-07-01"},
		{"cancelled mid-month", "CANCELLED", "2026-06-10"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, jst(2026, 6, 1, 10, 0))
			h.primary(estA)
			h.posting(postA, estA, nil)
			h.seeker(sk1, asv1.SeekerKind_SEEKER_KIND_ONLINE, true)
			h.seeker(sk2, asv1.SeekerKind_SEEKER_KIND_ONLINE, true)
			first, second := h.selfApply(sk1, postA), h.selfApply(sk2, postA)
			h.invalidate(postA, tc.cause, tc.from)
			h.Clock.Set(jst(2026, 9, 30, 23, 59))
			ctx := h.as(employer(estA)) // tokens are minted on the service clock
			if _, err := h.client.RegisterSelectionResult(ctx, &asv1.RegisterSelectionResultRequest{ApplicantId: first, Result: hired()}); err != nil {
				t.Fatalf("on the deadline day: %v", err)
			}
			h.Clock.Set(jst(2026, 10, 1, 0, 0))
			ctx = h.as(employer(estA))
			_, err := h.client.RegisterSelectionResult(ctx, &asv1.RegisterSelectionResultRequest{ApplicantId: second, Result: hired()})
			wantCode(t, err, codes.FailedPrecondition, "SELECTION_RESULT_DEADLINE_PASSED")
			if msg := localized(err); !strings.Contains(msg, "2026年9月30日") || !strings.Contains(msg, "ハローワーク飯田橋") {
				t.Errorf("message %q names neither the deadline nor the office", msg)
			}
			_, err = h.client.CorrectSelectionResult(ctx, &asv1.CorrectSelectionResultRequest{ApplicantId: first,
				Result: &asv1.SelectionResultInput{Decision: asv1.Decision_DECISION_NOT_HIRED}})
			wantCode(t, err, codes.FailedPrecondition, "SELECTION_RESULT_DEADLINE_PASSED")
			if _, err := h.client.RegisterSelectionResult(h.as(staff("1301")), &asv1.RegisterSelectionResultRequest{ApplicantId: second,
				Result: hired()}); err != nil {
				t.Errorf("the posting's office after the deadline: %v", err)
			}
		})
	}
}

// TestReminder_FourteenDays [APP-3]: no reminder at 13 days 23:59, exactly one at 14
// days (the job keeps running), none for an applicant with a result.
func TestReminder_FourteenDays(t *testing.T) {
	start := jst(2026, 6, 1, 10, 0)
	h := newHarness(t, start)
	h.primary(estA)
	h.posting(postA, estA, nil)
	h.seeker(sk1, asv1.SeekerKind_SEEKER_KIND_ONLINE, true)
	h.seeker(sk2, asv1.SeekerKind_SEEKER_KIND_ONLINE, true)
	id := h.selfApply(sk1, postA)
	decided := h.selfApply(sk2, postA)
	if _, err := h.client.RegisterSelectionResult(h.as(employer(estA)), &asv1.RegisterSelectionResultRequest{ApplicantId: decided,
		Result: &asv1.SelectionResultInput{Decision: asv1.Decision_DECISION_NOT_HIRED}}); err != nil {
		t.Fatal(err)
	}
	h.Clock.Set(start.Add(14*24*time.Hour - time.Minute))
	testkit.Eventually(t, 2*time.Second, func() bool {
		var n int
		_ = h.Pool.QueryRow(t.Context(), `SELECT count(*) FROM applications WHERE next_reminder_at IS NOT NULL`).Scan(&n)
		return n == 1
	}, "one applicant waits for a reminder")
	if n := h.events(&asv1.SelectionReminderDue{}); n != 0 {
		t.Fatalf("%d reminders at 13 days 23:59", n)
	}
	h.Clock.Set(start.Add(14 * 24 * time.Hour))
	var ev asv1.SelectionReminderDue
	testkit.Eventually(t, 10*time.Second, func() bool { return h.events(&ev) == 1 }, "the reminder")
	if ev.GetApplicantId() != id || ev.GetPrimaryEmail() != "a@example.co.jp" || ev.GetJobNumber() == "" {
		t.Fatalf("reminder = %v", &ev)
	}
	h.Clock.Set(start.Add(30 * 24 * time.Hour))
	testkit.Eventually(t, 5*time.Second, func() bool {
		var n int
		_ = h.Pool.QueryRow(t.Context(), `SELECT count(*) FROM applications WHERE next_reminder_at IS NOT NULL`).Scan(&n)
		return n == 0
	}, "no reminder left to send")
	if n := h.events(&asv1.SelectionReminderDue{}); n != 1 {
		t.Fatalf("%d reminders, want exactly one", n)
	}
}

// TestReminder_RepeatsEveryNDaysUntilAResult [APP-3] with APPSEL_REMINDER_REPEAT_DAYS=3:
// the first reminder at 14 days, the next exactly 3 days after it (not at 2 days
// 23:59), then none once a result is registered. A second applicant, who applied 3
// days minus a minute after the first, is due at that minute: its reminder shows the
// job's pass at that time, which leaves the first applicant alone.
func TestReminder_RepeatsEveryNDaysUntilAResult(t *testing.T) {
	start := jst(2026, 6, 1, 10, 0)
	day := 24 * time.Hour
	h := newHarness(t, start, func(c *Config) { c.ReminderRepeatDays = 3 })
	h.primary(estA)
	h.posting(postA, estA, func(c *jpv1.PostingConditions) { c.ReferralDeadline = "2026-08-31" })
	h.seeker(sk1, asv1.SeekerKind_SEEKER_KIND_ONLINE, true)
	h.seeker(sk2, asv1.SeekerKind_SEEKER_KIND_ONLINE, true)
	first := h.selfApply(sk1, postA)
	h.Clock.Set(start.Add(3*day - time.Minute))
	marker := h.selfApply(sk2, postA)
	reminders := func(id string) (n int, next *time.Time) {
		_ = h.Pool.QueryRow(t.Context(), `SELECT coalesce((doc->>'Reminders')::int, 0), next_reminder_at FROM applications WHERE id = $1`, id).
			Scan(&n, &next)
		return n, next
	}

	h.Clock.Set(start.Add(14 * day))
	testkit.Eventually(t, 10*time.Second, func() bool { n, _ := reminders(first); return n == 1 }, "the first reminder at 14 days")
	if _, next := reminders(first); next == nil || !next.Equal(start.Add(17*day)) {
		t.Fatalf("next reminder at %v, want 3 days after the first (%v)", next, start.Add(17*day))
	}
	h.Clock.Set(start.Add(17*day - time.Minute)) // the marker's 14 days
	testkit.Eventually(t, 10*time.Second, func() bool { n, _ := reminders(marker); return n == 1 }, "the marker's reminder")
	if n, _ := reminders(first); n != 1 {
		t.Fatalf("%d reminders at 2 days 23:59 after the first, want 1", n)
	}
	h.Clock.Set(start.Add(17 * day))
	testkit.Eventually(t, 10*time.Second, func() bool { n, _ := reminders(first); return n == 2 }, "the repeat after 3 days")
	h.Clock.Set(start.Add(20 * day))
	testkit.Eventually(t, 10*time.Second, func() bool { n, _ := reminders(first); return n == 3 }, "the next repeat")

	if _, err := h.client.RegisterSelectionResult(h.as(employer(estA)), &asv1.RegisterSelectionResultRequest{ApplicantId: first,
		Result: &asv1.SelectionResultInput{Decision: asv1.Decision_DECISION_NOT_HIRED}}); err != nil {
		t.Fatal(err)
	}
	if n, next := reminders(first); n != 3 || next != nil {
		t.Fatalf("after the result: %d reminders, next %v", n, next)
	}
	h.Clock.Set(start.Add(30 * day)) // the marker (no result) keeps repeating; the first does not
	testkit.Eventually(t, 10*time.Second, func() bool { n, _ := reminders(marker); return n >= 2 }, "the marker's repeat")
	if n, _ := reminders(first); n != 3 {
		t.Errorf("%d reminders after the result, want 3", n)
	}
	// The events come through the outbox relay, a moment after the rows they announce.
	testkit.Eventually(t, 10*time.Second, func() bool { return h.events(&asv1.SelectionReminderDue{}) >= 5 },
		"one SelectionReminderDue event per reminder (at least 5)")
}

// TestMessages [MSG-1, ACC-2, ACC-3, LOGIN-6]: employer and seeker exchange messages
// while the posting is valid; the seeker's message counts as new and sets off
// MessageReceived; on the day the posting is invalid the thread is read-only; deleting
// an additional account deletes exactly its messages; withdrawal deletes them all.
func TestMessages(t *testing.T) {
	h := newHarness(t, jst(2026, 6, 1, 10, 0))
	h.primary(estA)
	h.posting(postA, estA, nil)
	h.seeker(sk1, asv1.SeekerKind_SEEKER_KIND_ONLINE, true)
	h.seeker(skNoMP, asv1.SeekerKind_SEEKER_KIND_ONLINE, false)
	id := h.selfApply(sk1, postA)
	prim, add := h.as(employer(estA)), h.as(additional(estA, "acc-additional"))
	if _, err := h.client.SendApplicantMessage(prim, &asv1.SendApplicantMessageRequest{ApplicantId: id, Body: "面接日程のご相談です。"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.SendApplicantMessage(add, &asv1.SendApplicantMessageRequest{ApplicantId: id, Body: "担当の者です。"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.SendApplicantMessage(prim, &asv1.SendApplicantMessageRequest{ApplicantId: id,
		Body: strings.Repeat("あ", 2001)}); reasonOf(err) != "VALIDATION_FAILED" {
		t.Errorf("2,001 characters: %v", err)
	}
	th, err := h.portal.ListSeekerMessages(h.portalCtx(), &asv1.ListSeekerMessagesRequest{SeekerNumber: sk1, ApplicantId: id})
	if err != nil || len(th.GetMessages()) != 2 || th.GetMessages()[0].GetReadAt() == "" {
		t.Fatalf("seeker's thread: %v %v", th, err)
	}
	if _, err := h.portal.SendSeekerMessage(h.portalCtx(), &asv1.SendSeekerMessageRequest{SeekerNumber: sk1, ApplicantId: id,
		Body: "よろしくお願いします。"}); err != nil {
		t.Fatal(err)
	}
	var got asv1.MessageReceived
	testkit.Eventually(t, 10*time.Second, func() bool { return h.events(&got) == 1 }, "MessageReceived")
	if got.GetAccountId() != "acc-"+estA {
		t.Errorf("the seeker's message went to %q, want the posting's submitter", got.GetAccountId())
	}
	if c, _ := h.client.GetHomeCounts(prim, &asv1.GetHomeCountsRequest{}); c.GetNewMessages() != 1 {
		t.Errorf("new messages = %d, want 1", c.GetNewMessages())
	}
	// The メッセージ list marks the thread: its applicant carries the unread count.
	unread := func() int32 {
		l, err := h.client.ListApplicants(prim, &asv1.ListApplicantsRequest{})
		if err != nil || len(l.GetApplicants()) != 1 {
			t.Fatalf("applicants: %v %v", l, err)
		}
		return l.GetApplicants()[0].GetUnreadMessages()
	}
	if n := unread(); n != 1 {
		t.Errorf("the applicant's unread messages = %d, want 1", n)
	}
	if _, err := h.client.ListApplicantMessages(prim, &asv1.ListApplicantMessagesRequest{ApplicantId: id}); err != nil {
		t.Fatal(err)
	}
	if c, _ := h.client.GetHomeCounts(prim, &asv1.GetHomeCountsRequest{}); c.GetNewMessages() != 0 {
		t.Errorf("new messages after reading = %d", c.GetNewMessages())
	}
	if n := unread(); n != 0 {
		t.Errorf("the applicant's unread messages after reading = %d", n)
	}
	// ACC-2: the additional account's one message goes, twice delivered, nothing else.
	for range 2 {
		h.publish("acc-additional", &idv1.AdditionalAccountDeleted{EstablishmentId: estA, AccountId: "acc-additional"})
	}
	testkit.Eventually(t, 10*time.Second, func() bool {
		var n int
		_ = h.Pool.QueryRow(t.Context(), `SELECT count(*) FROM messages WHERE account_id = 'acc-additional'`).Scan(&n)
		return n == 0
	}, "the additional account's messages deleted")
	if th, _ := h.client.ListApplicantMessages(prim, &asv1.ListApplicantMessagesRequest{ApplicantId: id}); len(th.GetMessages()) != 2 {
		t.Errorf("after ACC-2 the thread has %d messages, want 2", len(th.GetMessages()))
	}
	// The day the posting is invalid (紹介期限日 6/30 passed): read-only.
	h.Clock.Set(jst(2026, 7, 1, 0, 0))
	prim = h.as(employer(estA))
	_, err = h.client.SendApplicantMessage(prim, &asv1.SendApplicantMessageRequest{ApplicantId: id, Body: "ご連絡です。"})
	wantCode(t, err, codes.FailedPrecondition, "MESSAGE_POSTING_NOT_VALID")
	if th, err := h.client.ListApplicantMessages(prim, &asv1.ListApplicantMessagesRequest{ApplicantId: id}); err != nil || th.GetWindow() != "READ_ONLY" {
		t.Errorf("read-only thread: %v %v", th, err)
	}
	// ACC-3: withdrawal deletes every message of the establishment.
	h.publish(estA, &idv1.AccountWithdrawn{EstablishmentId: estA})
	testkit.Eventually(t, 10*time.Second, func() bool {
		var n int
		_ = h.Pool.QueryRow(t.Context(), `SELECT count(*) FROM messages WHERE establishment_id = $1`, estA).Scan(&n)
		return n == 0
	}, "the establishment's messages deleted")
}

// TestMessages_PurgedAfterTheResultDeadline [MSG-1]: the scheduled job purges a
// posting's threads once its result deadline has passed (紹介期限日 6/30 → invalid from
// 7/1 → results until 9/30 → purged on 10/1), not on the deadline's last minute, and
// leaves the threads of a posting whose deadline is later (10/31). The purge runs
// before the reminders in each pass of the job, so the reminders sent at 9/30 23:59
// show that the pass at that time purged nothing.
func TestMessages_PurgedAfterTheResultDeadline(t *testing.T) {
	h := newHarness(t, jst(2026, 6, 1, 10, 0))
	h.primary(estA)
	h.posting(postA, estA, nil)
	later := "posting-c-00000003"
	h.posting(later, estA, func(c *jpv1.PostingConditions) { c.ReferralDeadline = "2026-07-31" })
	h.seeker(sk1, asv1.SeekerKind_SEEKER_KIND_ONLINE, true)
	h.seeker(sk2, asv1.SeekerKind_SEEKER_KIND_ONLINE, true)
	first, second := h.selfApply(sk1, postA), h.selfApply(sk2, later)
	for _, id := range []string{first, second} {
		if _, err := h.client.SendApplicantMessage(h.as(employer(estA)), &asv1.SendApplicantMessageRequest{ApplicantId: id,
			Body: "面接日程のご相談です。"}); err != nil {
			t.Fatal(err)
		}
	}
	h.invalidate(postA, "EXPIRED", "2026-07-01")
	h.invalidate(later, "EXPIRED", "2026-08-01")
	count := func(posting string) int {
		var n int
		_ = h.Pool.QueryRow(t.Context(), `SELECT count(*) FROM messages m JOIN threads t ON t.id = m.thread_id
			WHERE t.posting_id = $1`, posting).Scan(&n)
		return n
	}

	h.Clock.Set(jst(2026, 9, 30, 23, 59))
	testkit.Eventually(t, 10*time.Second, func() bool { return h.events(&asv1.SelectionReminderDue{}) == 2 }, "the pass at 9/30 23:59")
	if count(postA) != 1 || count(later) != 1 {
		t.Fatalf("purged on the deadline's last minute: %d and %d messages left", count(postA), count(later))
	}
	th, err := h.client.ListApplicantMessages(h.as(employer(estA)), &asv1.ListApplicantMessagesRequest{ApplicantId: first})
	if err != nil || th.GetWindow() != "READ_ONLY" || len(th.GetMessages()) != 1 {
		t.Fatalf("the thread on its last day: %v %v", th, err)
	}

	h.Clock.Set(jst(2026, 10, 1, 0, 0))
	testkit.Eventually(t, 10*time.Second, func() bool { return count(postA) == 0 }, "postA's thread purged")
	if n := count(later); n != 1 {
		t.Errorf("the later posting's thread has %d messages, want 1", n)
	}
	var threads int
	_ = h.Pool.QueryRow(t.Context(), `SELECT count(*) FROM threads WHERE posting_id = $1`, postA).Scan(&threads)
	if threads != 0 {
		t.Errorf("%d threads of postA left", threads)
	}
	_, err = h.client.ListApplicantMessages(h.as(employer(estA)), &asv1.ListApplicantMessagesRequest{ApplicantId: first})
	wantCode(t, err, codes.FailedPrecondition, "MESSAGE_THREAD_CLOSED")
	var audited int
	_ = h.Pool.QueryRow(t.Context(), `SELECT count(*) FROM audit_log WHERE action = 'messages.purge' AND subject_id = $1`, postA).Scan(&audited)
	if audited != 1 {
		t.Errorf("%d purge audit entries, want 1", audited)
	}
}
