package service

import (
	"context"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
)

func withMailBudget(c *Config) { c.MailCooldown, c.MailHourlyCap = time.Minute, 3 }

// keysTo counts the auth keys of purpose mailed to email so far.
func keysTo(e *env, email string, purpose identityv1.AuthKeyPurpose) int {
	evs, _ := outboxEvents(e, func() *identityv1.AuthKeyIssued { return &identityv1.AuthKeyIssued{} })
	n := 0
	for _, ev := range evs {
		if ev.GetEmail() == email && ev.GetPurpose() == purpose {
			n++
		}
	}
	return n
}

// TestMail_PerRecipientBudget [M3, AUTHKEY-1, RESET-1]: however many times and from
// however many addresses a reset is asked for, the recipient gets at most one key per
// cooldown and a few an hour; every answer is the same as when a key is mailed, and
// the key mailed last stays valid.
func TestMail_PerRecipientBudget(t *testing.T) {
	e := newEnv(t, withMailBudget)
	const addr = "bomb@example.jp"
	e.openEstablishment(addr, "1301")
	e.clk.Advance(time.Hour) // a fresh hour: the opening's key does not count
	reset := identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_PASSWORD_RESET
	ask := func(ip string) {
		t.Helper()
		res, err := e.client.RequestPasswordReset(from(ip), &identityv1.RequestPasswordResetRequest{Email: addr})
		if err != nil {
			t.Fatal(err)
		}
		if want := e.clk.Now().Add(e.cfg.AuthKeyTTL); !res.GetAuthKeyExpireTime().AsTime().Equal(want) {
			t.Fatalf("answer %v, want the expiry %v of a mailed key", res.GetAuthKeyExpireTime().AsTime(), want)
		}
	}
	for _, ip := range []string{"198.51.100.1", "198.51.100.2", "198.51.100.3"} {
		ask(ip)
	}
	if n := keysTo(e, addr, reset); n != 1 {
		t.Fatalf("%d keys mailed within one cooldown, want 1", n)
	}
	for i := 0; i < 4; i++ {
		e.clk.Advance(time.Minute)
		ask("198.51.100.9")
	}
	if n := keysTo(e, addr, reset); n != 3 {
		t.Fatalf("%d keys mailed in an hour, want the cap 3", n)
	}
	// The attempts mail of OPEN-1 to an existing address shares the budget.
	e.clk.Advance(time.Minute)
	before := len(mustEvents(e, func() *identityv1.RegistrationAttempted { return &identityv1.RegistrationAttempted{} }))
	if _, err := e.client.StartRegistration(context.Background(), &identityv1.StartRegistrationRequest{Email: addr, EmailConfirmation: addr,
		AgreedToPrivacyPolicy: true, AgreedToTerms: true}); err != nil {
		t.Fatal(err)
	}
	if after := len(mustEvents(e, func() *identityv1.RegistrationAttempted { return &identityv1.RegistrationAttempted{} })); after != before {
		t.Fatalf("registration-attempted mail sent past the hourly cap (%d → %d)", before, after)
	}
	// The last key mailed still works.
	const newPW = "Fresh#Budget42"
	remember(newPW)
	if _, err := e.client.CompletePasswordReset(context.Background(), &identityv1.CompletePasswordResetRequest{Email: addr,
		AuthKey: e.authKey(addr, reset), Password: newPW, PasswordConfirmation: newPW}); err != nil {
		t.Fatalf("the key mailed before the cap: %v", err)
	}
	// Next hour, the budget is back.
	e.clk.Advance(time.Hour)
	ask("198.51.100.9")
	if n := keysTo(e, addr, reset); n != 4 {
		t.Fatalf("%d keys after the hour, want 4", n)
	}
}

func mustEvents[T proto.Message](e *env, newT func() T) []T {
	evs, _ := outboxEvents(e, newT)
	return evs
}
