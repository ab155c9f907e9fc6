package service

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/config"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/libs/testkit"
	"github.com/hellowork-jp/hellowork/libs/testkit/servicetest"
)

// TestPurge_OnceAcrossReplicas [ACC-4]: two replicas of identity (two processes on one
// database, one NATS, one fake clock) both run the purge loop every 20 ms. On day 31
// after the withdrawals every withdrawn account is purged once: one AccountPurged per
// account, no replica failing. The loop runs under libs/pgkit.JobLock; without it both
// replicas read the same withdrawn accounts and both announce them purged.
func TestPurge_OnceAcrossReplicas(t *testing.T) {
	fast := func(c *Config) { c.PurgeInterval = 20 * time.Millisecond }
	e := newEnv(t, fast)
	r := e.svc.Replica(servicetest.WithCommon(func(c *config.Common) {
		c.TokenIssuer, c.TokenAudience, c.LogLevel = e.cfg.TokenIssuer, e.cfg.TokenAudience, e.cfg.LogLevel
	}))
	cfg, o := e.cfg, e.opts
	o.Clock, o.Log = r.Clock, r.Log
	r.Start(func(c config.Common) (runner.Spec, error) {
		cfg.Common = c
		return Spec(cfg, o)
	})

	var accounts []string
	for i := range 3 {
		email := fmt.Sprintf("purge%d@example.jp", i)
		est := e.openEstablishment(email, "1301")
		p := e.access(e.signIn(email, password))
		if _, err := e.client.Withdraw(p, &identityv1.WithdrawRequest{CurrentPassword: password}); err != nil {
			t.Fatal(err)
		}
		accounts = append(accounts, est.Primary.GetAccountId())
	}
	sort.Strings(accounts)
	if len(accounts) != 3 {
		t.Fatalf("withdrawn accounts %v", accounts)
	}

	e.clk.Set(time.Date(2026, 5, 2, 0, 0, 0, 0, clock.JST)) // day 31: past restoration
	purged := func() []string {
		evs, _ := outboxEvents(e, func() *identityv1.AccountPurged { return &identityv1.AccountPurged{} })
		var ids []string
		for _, ev := range evs {
			ids = append(ids, ev.GetAccountId())
		}
		sort.Strings(ids)
		return ids
	}
	testkit.Eventually(t, 15*time.Second, func() bool { return len(purged()) >= len(accounts) }, "every withdrawn account purged")
	time.Sleep(200 * time.Millisecond) // ten more rounds of each replica
	if got := purged(); fmt.Sprint(got) != fmt.Sprint(accounts) {
		t.Errorf("AccountPurged for %v; want one for each of %v", got, accounts)
	}
	for _, en := range r.Logs.FilterLevelExact(zap.WarnLevel).FilterMessageSnippet("purge").All() {
		t.Errorf("replica 2: %s %v", en.Message, en.ContextMap())
	}
}
