package service

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/zap"

	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
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

// confirmAdditional completes an added account's registration with the key mailed to
// its address (ACC-2, M3), setting pw.
func (e *env) confirmAdditional(email, pw string) {
	e.t.Helper()
	remember(pw)
	if _, err := e.client.CompletePasswordRegistration(context.Background(), &identityv1.CompletePasswordRegistrationRequest{
		Email: email, AuthKey: e.authKey(email, identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_PASSWORD_REGISTRATION),
		Password: pw, PasswordConfirmation: pw}); err != nil {
		e.t.Fatalf("confirming additional account %s: %v", email, err)
	}
}

// TestAdditionalAccounts_ActiveOnlyAfterTheMailedKey [ACC-2, M3, L3]: an added account
// cannot sign in until the key mailed to its address is confirmed; until then nobody
// is told (no notices to an address that may not be its holder's), it counts toward the
// cap and is listed, and once the key has expired unused the address is freed.
func TestAdditionalAccounts_ActiveOnlyAfterTheMailedKey(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("boss@example.jp", "1301")
	boss := e.signIn("boss@example.jp", password)
	p := e.access(boss)
	added, err := e.client.AddAdditionalAccount(p, addReq("clerk@example.jp"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.client.SignIn(context.Background(), signInReq("clerk@example.jp", password))
	wantReason(t, err, "INVALID_CREDENTIALS")
	if n := len(mustEvents(e, func() *identityv1.AdditionalAccountAdded { return &identityv1.AdditionalAccountAdded{} })); n != 0 {
		t.Fatalf("%d AdditionalAccountAdded before the key was confirmed", n)
	}
	list, err := e.client.ListAccounts(p, &identityv1.ListAccountsRequest{})
	if err != nil || len(list.GetAccounts()) != 2 {
		t.Fatalf("list %v %v", list, err)
	}
	e.confirmAdditional("clerk@example.jp", password)
	e.signIn("clerk@example.jp", password)
	evs := mustEvents(e, func() *identityv1.AdditionalAccountAdded { return &identityv1.AdditionalAccountAdded{} })
	if len(evs) != 1 || evs[0].GetAccountId() != added.GetAccountId() || evs[0].GetPrimaryEmail() != "boss@example.jp" {
		t.Fatalf("AdditionalAccountAdded %v", evs)
	}

	// An address that never confirms is freed after its key expired.
	if _, err := e.client.AddAdditionalAccount(p, addReq("squat@example.jp")); err != nil {
		t.Fatal(err)
	}
	e.clk.Advance(e.cfg.AuthKeyTTL + time.Minute)
	if _, err := e.comp.App.PurgeWithdrawn(context.Background()); err != nil {
		t.Fatal(err)
	}
	list, err = e.client.ListAccounts(e.access(boss), &identityv1.ListAccountsRequest{})
	if err != nil || len(list.GetAccounts()) != 2 {
		t.Fatalf("the unconfirmed account still listed: %v", list.GetAccounts())
	}
	if _, err := e.client.StartRegistration(context.Background(), &identityv1.StartRegistrationRequest{Email: "squat@example.jp",
		EmailConfirmation: "squat@example.jp", AgreedToPrivacyPolicy: true, AgreedToTerms: true}); err != nil {
		t.Fatal(err)
	}
	e.authKey("squat@example.jp", identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_REGISTRATION) // its holder can register it
}
