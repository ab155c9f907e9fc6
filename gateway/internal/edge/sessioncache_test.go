package edge_test

import (
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/gateway/internal/edge"
	"github.com/hellowork-jp/hellowork/libs/clock"
)

// startCached is the gateway with the session cache on the fake clock, behind one
// proxy of ours (so a test chooses the client IP with X-Forwarded-For).
func startCached(t *testing.T, ttl time.Duration) (*fixture, *clock.Fake) {
	t.Helper()
	clk := clock.NewFake(time.Now())
	f := startGateway(t, true, nil, func(c *edge.Config) { c.SessionCacheTTL, c.TrustedProxyHops = ttl, 1 }, edge.WithClock(clk))
	return f, clk
}

// signedIn sends a request with sess-secret-1 from ip and reports whether the backend
// received the session's access token.
func (f *fixture) signedIn(t *testing.T, ip string) bool {
	t.Helper()
	do(t, "POST", f.url+"/v1/establishments", `{}`, map[string]string{"Cookie": edge.SessionCookie + "=sess-secret-1", "X-Forwarded-For": ip})
	a := f.fake.metadata().Get("authorization")
	return len(a) == 1 && a[0] == "Bearer jwt-for-s1"
}

func (f *fixture) exchanges() int {
	f.id.mu.Lock()
	defer f.id.mu.Unlock()
	return f.id.exchanges
}

// identity ends sess-secret-1 behind the gateway's back (another replica's sign-out,
// a withdrawal consumed from an event, the idle timeout).
func (f *fixture) endSession() {
	f.id.mu.Lock()
	defer f.id.mu.Unlock()
	f.id.ended = true
}

const officeIP = "192.0.2.10"

// TestSessionCache_ReusesTheExchangeWithinTheTTL: one exchange serves a session's
// requests from one client IP for SESSION_CACHE_TTL, then it is exchanged again.
func TestSessionCache_ReusesTheExchangeWithinTheTTL(t *testing.T) {
	f, clk := startCached(t, 5*time.Second)
	for range 3 {
		if !f.signedIn(t, officeIP) {
			t.Fatal("no access token")
		}
	}
	if n := f.exchanges(); n != 1 {
		t.Fatalf("%d exchanges for 3 requests within the TTL, want 1", n)
	}
	clk.Advance(5 * time.Second)
	if !f.signedIn(t, officeIP) || f.exchanges() != 2 {
		t.Fatalf("after the TTL: %d exchanges, want 2", f.exchanges())
	}
}

// TestSessionCache_RevocationElsewhereTakesEffectWithinTheTTL: a session ended where this
// gateway cannot see it works at most until its entry's TTL ends, not a moment after.
func TestSessionCache_RevocationElsewhereTakesEffectWithinTheTTL(t *testing.T) {
	f, clk := startCached(t, 5*time.Second)
	if !f.signedIn(t, officeIP) {
		t.Fatal("no access token")
	}
	f.endSession()
	clk.Advance(5*time.Second - time.Millisecond)
	if !f.signedIn(t, officeIP) {
		t.Fatal("the entry ended before its TTL (the bound is the TTL, not less)")
	}
	clk.Advance(time.Millisecond)
	if f.signedIn(t, officeIP) {
		t.Fatal("a session revoked elsewhere still works after the TTL")
	}
}

// TestSessionCache_IdentityChangesThroughTheGatewayAreImmediate: sign-out and every other
// state-changing identity route empty the cache before their answer, whatever the
// outcome (the fake implements few of them: an error answer still empties it); the
// sign-in steps, which end no session, leave it.
func TestSessionCache_IdentityChangesThroughTheGatewayAreImmediate(t *testing.T) {
	for name, tc := range map[string]struct {
		path         string
		endsByItself bool // the fake's handler ends the session itself (SignOut)
		keeps        bool
	}{
		"sign-out":                 {path: "/v1/identity/sessions:signOut", endsByItself: true},
		"revoke another session":   {path: "/v1/identity/sessions/0192f0c0-0000-7000-8000-000000000009:revoke"},
		"password reset completed": {path: "/v1/identity/passwordResets:complete"},
		"withdrawal":               {path: "/v1/identity/account:withdraw"},
		"staff account disabled":   {path: "/v1/identity/staff/staffAccounts:disable"},
		"sign-in keeps the cache":  {path: "/v1/identity/sessions:signIn", keeps: true},
		"OTP step keeps the cache": {path: "/v1/identity/sessions:verifyOneTimePassword", keeps: true},
	} {
		t.Run(name, func(t *testing.T) {
			f, _ := startCached(t, 30*time.Second)
			if !f.signedIn(t, officeIP) {
				t.Fatal("no access token")
			}
			if !tc.endsByItself {
				f.endSession() // what identity did behind that route
			}
			do(t, "POST", f.url+tc.path, `{}`, map[string]string{"Cookie": edge.SessionCookie + "=sess-secret-1", "X-Forwarded-For": officeIP})
			before := f.exchanges()
			got := f.signedIn(t, officeIP)
			if tc.keeps {
				if !got || f.exchanges() != before {
					t.Fatalf("after %s: signed in %v, %d more exchanges; the cache should have served it", tc.path, got, f.exchanges()-before)
				}
				return
			}
			if got {
				t.Fatalf("after %s the ended session still works from the cache", tc.path)
			}
		})
	}
}

// TestSessionCache_ClientIPIsPartOfTheKey [LOGIN-4, issue 9]: a staff session exchanged
// inside its office's network is judged again from any other address, so a cached
// entry never carries it outside.
func TestSessionCache_ClientIPIsPartOfTheKey(t *testing.T) {
	f, _ := startCached(t, 30*time.Second)
	f.id.mu.Lock()
	f.id.onlyFrom = officeIP
	f.id.mu.Unlock()
	if !f.signedIn(t, officeIP) {
		t.Fatal("refused inside the office network")
	}
	if f.signedIn(t, "198.51.100.7") {
		t.Fatal("the office's cached exchange served a request from outside it")
	}
	if !f.signedIn(t, officeIP) || f.exchanges() != 2 {
		t.Fatalf("%d exchanges, want 2 (the office's entry kept, the outside one refused)", f.exchanges())
	}
}

// TestSessionCache_NeverOutlivesTheAccessToken: an entry ends 30 s before its access
// token expires even when the TTL would go further.
func TestSessionCache_NeverOutlivesTheAccessToken(t *testing.T) {
	f, clk := startCached(t, 30*time.Second)
	f.id.mu.Lock()
	f.id.tokenLife = 40 * time.Second // the entry may last 10 s of the 30
	f.id.mu.Unlock()
	if !f.signedIn(t, officeIP) {
		t.Fatal("no access token")
	}
	clk.Advance(9 * time.Second)
	if !f.signedIn(t, officeIP) || f.exchanges() != 1 {
		t.Fatalf("%d exchanges at 9 s, want 1", f.exchanges())
	}
	clk.Advance(1500 * time.Millisecond) // (identity's fake dates the token by the wall clock, a little later)
	if !f.signedIn(t, officeIP) || f.exchanges() != 2 {
		t.Fatalf("%d exchanges at 10.5 s, want 2: the entry outlived its token's margin", f.exchanges())
	}
}
