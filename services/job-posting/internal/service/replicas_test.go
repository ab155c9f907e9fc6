package service

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	"github.com/hellowork-jp/hellowork/libs/config"
	jpv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/libs/testkit"
	"github.com/hellowork-jp/hellowork/libs/testkit/servicetest"
)

// TestScheduledJobs_OnceAcrossReplicas: two replicas of job-posting (two processes on
// one database, one NATS, one fake clock), both running the scheduled jobs every 20 ms.
// Each effect of the publication batch (JOB-2), the renewal-window notices (JOB-5) and
// the expiry happens once per posting: one event each, and neither replica logs a
// failed job (a second replica redoing a posting the first just changed would fail on
// it). The jobs run under libs/pgkit.JobLock.
func TestScheduledJobs_OnceAcrossReplicas(t *testing.T) {
	h := newHarness(t, jst(2026, 4, 1, 10))
	r := h.Replica()
	r.Start(func(c config.Common) (runner.Spec, error) {
		return Spec(Config{Common: c, RenewalLeadDays: 14, ExpiryPollInterval: 20 * time.Millisecond},
			Options{Clock: r.Clock, Log: r.Log, Listener: r.Listener, Verifier: r.Auth.Verifier})
	})
	h.establishment("est-1", "一の会社", "1301")
	emp, st := h.as(employer("est-1")), h.as(staff("1301"))
	const n = 4
	var ids []string
	for range n {
		p := h.submitted(emp, nil)
		if _, err := h.client.AcceptPosting(st, &jpv1.AcceptPostingRequest{PostingId: p.GetPostingId()}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.GetPostingId())
	}
	sort.Strings(ids)

	// once waits for n events of m's type, lets both replicas run more rounds, and
	// checks there is exactly one per posting.
	once := func(m proto.Message, posting func() string) {
		t.Helper()
		subject := string(m.ProtoReflect().Descriptor().FullName())
		testkit.Eventually(t, 15*time.Second, func() bool { return len(h.StreamMessages(Name, subject)) >= n },
			"%d %s events", n, subject)
		time.Sleep(200 * time.Millisecond) // ten more rounds of each replica
		var got []string
		for _, msg := range h.StreamMessages(Name, subject) {
			if err := proto.Unmarshal(msg.Data, m); err != nil {
				t.Fatal(err)
			}
			got = append(got, posting())
		}
		sort.Strings(got)
		if fmt.Sprint(got) != fmt.Sprint(ids) {
			t.Errorf("%s for postings %v; want one for each of %v", subject, got, ids)
		}
	}
	h.Clock.Set(jst(2026, 4, 2, 0)) // the batch publishes what was accepted on 4/1
	var pub jpv1.PostingPublished
	once(&pub, pub.GetPostingId)
	h.Clock.Set(jst(2026, 6, 16, 0)) // 14 days before the 紹介期限日 6/30
	var ren jpv1.PostingRenewalWindowOpened
	once(&ren, ren.GetPostingId)
	h.Clock.Set(jst(2026, 7, 1, 0)) // past it
	var inv jpv1.PostingInvalidated
	once(&inv, inv.GetPostingId)

	for i, s := range []*servicetest.Service{h.Service, r} {
		for _, e := range s.Logs.FilterLevelExact(zap.ErrorLevel).All() {
			t.Errorf("replica %d logged an error: %s %v", i+1, e.Message, e.ContextMap())
		}
	}
}
