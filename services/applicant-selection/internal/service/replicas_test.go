package service

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/config"
	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/libs/testkit"
	"github.com/hellowork-jp/hellowork/libs/testkit/servicetest"
)

// TestReminders_OnceAcrossReplicas [APP-3]: two replicas (two processes on one
// database, one NATS, one fake clock), both running the reminder job every 20 ms with
// a weekly repeat. Each applicant without a result gets its first reminder at 14 days
// and its second at 21 days, each exactly once (one SelectionReminderDue per applicant
// and reminder number), and neither replica logs a failed job. Without the job lock a
// replica that loses the race for an applicant takes it for a stale one and drops it
// from the index, and the second reminder never comes.
func TestReminders_OnceAcrossReplicas(t *testing.T) {
	start := jst(2026, 6, 1, 10, 0)
	const repeatDays = 7
	build := func(s *servicetest.Service) func(config.Common) (runner.Spec, error) {
		return func(c config.Common) (runner.Spec, error) {
			return Spec(Config{Common: c, ReminderPollInterval: 20 * time.Millisecond, ReminderRepeatDays: repeatDays},
				Options{Clock: s.Clock, Log: s.Log, Listener: s.Listener, Verifier: s.Auth.Verifier,
					Consumer: func(cc *outbox.ConsumerConfig) { cc.AckWait = 5 * time.Second }})
		}
	}
	svc := servicetest.New(t, servicetest.WithClock(clock.NewFake(start)), servicetest.WithStreams("job-posting", "identity"))
	svc.Start(build(svc))
	h := &harness{Service: svc, t: t, client: asv1.NewApplicantSelectionServiceClient(svc.Conn),
		portal: asv1.NewSeekerPortalServiceClient(svc.Conn)}
	r := h.Replica()
	r.Start(build(r))

	h.primary(estA)
	h.posting(postA, estA, nil)
	var ids []string
	for i := range 4 {
		sk := fmt.Sprintf("13010-%08d", 11+i)
		h.seeker(sk, asv1.SeekerKind_SEEKER_KIND_ONLINE, true)
		ids = append(ids, h.selfApply(sk, postA))
	}
	sort.Strings(ids)

	subject := string((&asv1.SelectionReminderDue{}).ProtoReflect().Descriptor().FullName())
	reminders := func() map[int32][]string {
		got := map[int32][]string{}
		for _, m := range h.StreamMessages(Name, subject) {
			var ev asv1.SelectionReminderDue
			if err := proto.Unmarshal(m.Data, &ev); err != nil {
				t.Fatal(err)
			}
			got[ev.GetReminder()] = append(got[ev.GetReminder()], ev.GetApplicantId())
		}
		for _, v := range got {
			sort.Strings(v)
		}
		return got
	}
	for nth, at := range []time.Duration{14 * 24 * time.Hour, 14*24*time.Hour + repeatDays*24*time.Hour} {
		h.Clock.Set(start.Add(at))
		want := int32(nth + 1)
		testkit.Eventually(t, 15*time.Second, func() bool { return len(reminders()[want]) >= len(ids) },
			"reminder %d of every applicant", want)
		time.Sleep(200 * time.Millisecond) // ten more rounds of each replica
		got := reminders()
		for k := int32(1); k <= want; k++ {
			if fmt.Sprint(got[k]) != fmt.Sprint(ids) {
				t.Errorf("after %v: reminder %d went to %v; want one to each of %v", at, k, got[k], ids)
			}
		}
		if len(got) != int(want) {
			t.Errorf("after %v: reminders numbered %v", at, got)
		}
	}
	for i, s := range []*servicetest.Service{h.Service, r} {
		for _, e := range s.Logs.FilterLevelExact(zap.ErrorLevel).All() {
			t.Errorf("replica %d logged an error: %s %v", i+1, e.Message, e.ContextMap())
		}
	}
}
