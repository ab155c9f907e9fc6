package service

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/services/identity/internal/app"
)

// countingHasher counts the password hashes made.
type countingHasher struct {
	app.PasswordHasher
	n *atomic.Int64
}

func (h countingHasher) Hash(ctx context.Context, pw string) (string, error) {
	h.n.Add(1)
	return h.PasswordHasher.Hash(ctx, pw)
}

// TestAdditionalAccounts_CapAndRateBeforeHashing [ACC-2, M3]: a primary account at the
// 10-account cap, or past its rate limit, is refused before any password is hashed.
func TestAdditionalAccounts_CapAndRateBeforeHashing(t *testing.T) {
	var hashes atomic.Int64
	e := newEnvWithOthers(t, zap.New(logCore).With(zap.String("test", t.Name())), func(e *env) Options {
		return Options{Codes: e.codes, SelfApps: e.selfApps,
			WrapHasher: func(h app.PasswordHasher) app.PasswordHasher { return countingHasher{h, &hashes} }}
	}, func(c *Config) { c.RateAcctPerMinute = 12 })
	e.openEstablishment("capped@example.jp", "1301")
	p := e.access(e.signIn("capped@example.jp", password))
	for i := 1; i <= 10; i++ {
		if _, err := e.client.AddAdditionalAccount(p, addReq(fmt.Sprintf("cap%02d@example.jp", i))); err != nil {
			t.Fatalf("addition %d: %v", i, err)
		}
	}
	before := hashes.Load()
	_, err := e.client.AddAdditionalAccount(p, addReq("cap11@example.jp"))
	wantReason(t, err, "ADDITIONAL_ACCOUNT_LIMIT")
	if n := hashes.Load() - before; n != 0 {
		t.Fatalf("%d password hashes for an addition refused by the cap", n)
	}
	_, _ = e.client.AddAdditionalAccount(p, addReq("cap12@example.jp")) // the 12th call of the minute
	_, err = e.client.AddAdditionalAccount(p, addReq("cap13@example.jp"))
	wantReason(t, err, "RATE_LIMITED")
	if n := hashes.Load() - before; n != 0 {
		t.Fatalf("%d password hashes for refused additions", n)
	}
}
