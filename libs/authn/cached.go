package authn

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"sync"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
)

// maxCachedTokens bounds the memory of a CachedVerifier; beyond it tokens are verified
// without being kept.
const maxCachedTokens = 20_000

// CachedVerifier keeps what v verified for the same token string until the token
// expires or maxAge has passed, whichever is first: the gateway reuses a session's
// access token for a few seconds (its session cache), so the same token arrives many
// times and its Ed25519 signature was checked on every call. A token is only ever
// accepted as v accepted it; what changes is that removing its key from the key set
// (a retired or compromised signing key) stops it within maxAge instead of at once.
func CachedVerifier(v Verifier, clk clock.Clock, maxAge time.Duration) Verifier {
	return &cachedVerifier{v: v, clock: clk, maxAge: maxAge, entries: map[string]cachedPrincipal{}}
}

type cachedVerifier struct {
	v      Verifier
	clock  clock.Clock
	maxAge time.Duration

	mu      sync.Mutex
	entries map[string]cachedPrincipal
}

type cachedPrincipal struct {
	p     Principal
	until time.Time
}

func (c *cachedVerifier) Verify(ctx context.Context, token string) (Principal, error) {
	now := c.clock.Now()
	c.mu.Lock()
	e, ok := c.entries[token]
	if ok && !now.Before(e.until) {
		delete(c.entries, token)
		ok = false
	}
	c.mu.Unlock()
	if ok {
		return e.p, nil
	}
	p, err := c.v.Verify(ctx, token)
	if err != nil {
		return p, err
	}
	until := now.Add(c.maxAge)
	if exp, ok := expiryOf(token); ok && exp.Before(until) {
		until = exp
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= maxCachedTokens {
		for k, old := range c.entries {
			if !now.Before(old.until) {
				delete(c.entries, k)
			}
		}
	}
	if len(c.entries) < maxCachedTokens && now.Before(until) {
		c.entries[token] = cachedPrincipal{p: p, until: until}
	}
	return p, nil
}

// expiryOf reads the exp claim of a token the verifier has just accepted.
func expiryOf(token string) (time.Time, bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return time.Time{}, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return time.Time{}, false
	}
	var c struct {
		Exp int64 `json:"exp"`
	}
	if json.Unmarshal(raw, &c) != nil || c.Exp == 0 {
		return time.Time{}, false
	}
	return time.Unix(c.Exp, 0), true
}
