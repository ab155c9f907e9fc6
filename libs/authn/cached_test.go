package authn_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/authn/authntest"
	"github.com/hellowork-jp/hellowork/libs/clock"
)

// counting counts the verifications that reach the wrapped verifier; refuse makes it
// refuse every token from then on (its key was removed from the key set).
type counting struct {
	v      authn.Verifier
	calls  atomic.Int64
	refuse atomic.Bool
}

func (c *counting) Verify(ctx context.Context, tok string) (authn.Principal, error) {
	c.calls.Add(1)
	if c.refuse.Load() {
		return authn.Principal{}, authn.ErrInvalidToken
	}
	return c.v.Verify(ctx, tok)
}

// TestCachedVerifier_KeepsAVerifiedTokenWithinItsBounds: the same token is verified once
// per maxAge, never served after its expiry, a refused token is never kept, and a key
// removed from the key set stops its tokens within maxAge.
func TestCachedVerifier_KeepsAVerifiedTokenWithinItsBounds(t *testing.T) {
	ctx := context.Background()
	clk := clock.NewFake(t0)
	a := authntest.New(t, clk)
	inner := &counting{v: a.Verifier}
	v := authn.CachedVerifier(inner, clk, 30*time.Second)
	p := authn.Principal{AccountID: "acc-1", SessionID: "s-1", Role: authn.RolePrimary, EstablishmentID: "est-1"}
	tok := a.Token(t, p)
	for range 3 {
		if got, err := v.Verify(ctx, tok); err != nil || got != p {
			t.Fatalf("Verify = %+v, %v", got, err)
		}
	}
	if n := inner.calls.Load(); n != 1 {
		t.Fatalf("%d verifications of one token within maxAge, want 1", n)
	}
	// A refused token is asked again each time.
	for range 2 {
		if _, err := v.Verify(ctx, tok[:len(tok)-2]); !errors.Is(err, authn.ErrInvalidToken) {
			t.Fatalf("tampered token: %v", err)
		}
	}
	if n := inner.calls.Load(); n != 3 {
		t.Fatalf("%d verifications, want 3 (a refusal is never kept)", n)
	}
	// The key leaves the key set: the cached answer lasts until maxAge, not longer.
	inner.refuse.Store(true)
	clk.Advance(30*time.Second - time.Millisecond)
	if _, err := v.Verify(ctx, tok); err != nil {
		t.Fatalf("within maxAge: %v", err)
	}
	clk.Advance(time.Millisecond)
	if _, err := v.Verify(ctx, tok); err == nil {
		t.Fatal("a token of a removed key still accepted after maxAge")
	}
	// Never past the token's expiry: a token verified a second before it expires is
	// verified again after that second.
	inner.refuse.Store(false)
	late := a.Token(t, p)
	clk.Advance(5*time.Minute - time.Second)
	if _, err := v.Verify(ctx, late); err != nil {
		t.Fatal(err)
	}
	before := inner.calls.Load()
	clk.Advance(time.Second)
	_, _ = v.Verify(ctx, late)
	if inner.calls.Load() != before+1 {
		t.Fatal("an expired token was served from the cache")
	}
}
