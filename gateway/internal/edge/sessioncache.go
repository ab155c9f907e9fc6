package edge

import (
	"crypto/sha256"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
)

// Bounds of the session cache (SESSION_CACHE_TTL): revocation on another replica, or
// by identity itself (withdrawal, idle timeout, a password reset mailed link), takes
// effect within the TTL, so it stays short.
const (
	DefaultSessionCacheTTL = 5 * time.Second
	MaxSessionCacheTTL     = 30 * time.Second
	// tokenMargin: an entry ends this long before its access token expires, so a token
	// taken from the cache is still valid when the service verifies it.
	tokenMargin = 30 * time.Second
	// maxCachedSessions bounds the memory: beyond it new results are simply not kept.
	maxCachedSessions = 50_000
)

// sessionCache keeps identity's ExchangeSession results on this replica for a few
// seconds. The key is a hash of the session token and the client IP: identity binds
// staff and visitor-terminal sessions to their office's networks, so the same cookie
// from another address is exchanged (and judged) again. Only successes are kept. An
// identity change made through this gateway (sign-out, revoking a session, a password
// change or reset, deleting an account, withdrawal...) empties the cache at once; a
// generation counter keeps an exchange that was in flight during that change from
// putting its now stale result back.
type sessionCache struct {
	ttl   time.Duration
	clock clock.Clock

	mu      sync.Mutex
	gen     uint64
	entries map[[32]byte]cachedExchange
}

type cachedExchange struct {
	accessToken string
	until       time.Time
}

func newSessionCache(ttl time.Duration, clk clock.Clock) *sessionCache {
	if ttl <= 0 {
		return nil
	}
	return &sessionCache{ttl: ttl, clock: clk, entries: map[[32]byte]cachedExchange{}}
}

func sessionCacheKey(sessionToken, clientIP string) [32]byte {
	h := sha256.New()
	h.Write([]byte(sessionToken))
	h.Write([]byte{0})
	h.Write([]byte(clientIP))
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// get returns the cached access token and the generation a miss must hand to put.
func (c *sessionCache) get(k [32]byte) (string, uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if ok && c.clock.Now().Before(e.until) {
		return e.accessToken, c.gen, true
	}
	if ok {
		delete(c.entries, k)
	}
	return "", c.gen, false
}

// put keeps an exchange's result until the TTL ends or tokenMargin before the access
// token expires, whichever is first; nothing if the cache was emptied since gen.
func (c *sessionCache) put(k [32]byte, gen uint64, accessToken string, expires time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.clock.Now()
	until := now.Add(c.ttl)
	if latest := expires.Add(-tokenMargin); latest.Before(until) {
		until = latest
	}
	if gen != c.gen || !now.Before(until) {
		return
	}
	if len(c.entries) >= maxCachedSessions {
		for key, e := range c.entries {
			if !now.Before(e.until) {
				delete(c.entries, key)
			}
		}
		if len(c.entries) >= maxCachedSessions {
			return
		}
	}
	c.entries[k] = cachedExchange{accessToken: accessToken, until: until}
}

// clear forgets every entry and outdates the exchanges in flight.
func (c *sessionCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.entries)
}

// signInSteps are the identity routes that open sessions and end none: they leave the
// cache alone (every other state-changing identity route empties it).
var signInSteps = map[string]bool{
	"/v1/identity/sessions:signIn":                true,
	"/v1/identity/sessions:verifyOneTimePassword": true,
	"/v1/identity/sessions:resendOneTimePassword": true,
}

// changesIdentity reports whether r may end sessions or change what an access token
// says about its account: any identity route other than a read or a sign-in step,
// whatever its outcome (a timeout may still have revoked).
func changesIdentity(r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions {
		return false
	}
	return strings.HasPrefix(r.URL.Path, "/v1/identity/") && !signInSteps[r.URL.Path]
}

// clearBeforeAnswer empties the cache when the answer starts.
type clearBeforeAnswer struct {
	http.ResponseWriter
	once  sync.Once
	clear func()
}

func (c *clearBeforeAnswer) WriteHeader(code int) {
	c.once.Do(c.clear)
	c.ResponseWriter.WriteHeader(code)
}

func (c *clearBeforeAnswer) Write(b []byte) (int, error) {
	c.once.Do(c.clear)
	return c.ResponseWriter.Write(b)
}

func (c *clearBeforeAnswer) Unwrap() http.ResponseWriter { return c.ResponseWriter }
