package edge

import (
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
)

// TestSessionCache_ExchangeInFlightDuringAChangeIsNotKept: an exchange that started
// before a sign-out emptied the cache may have seen the session still open; its
// result must not go back into the cache.
func TestSessionCache_ExchangeInFlightDuringAChangeIsNotKept(t *testing.T) {
	clk := clock.NewFake(time.Now())
	c := newSessionCache(5*time.Second, clk)
	k := sessionCacheKey("sess", "192.0.2.10")
	_, gen, ok := c.get(k) // the miss that starts the exchange
	if ok {
		t.Fatal("hit in an empty cache")
	}
	c.clear() // sign-out answered meanwhile
	c.put(k, gen, "stale-token", clk.Now().Add(time.Hour))
	if _, _, ok := c.get(k); ok {
		t.Fatal("the in-flight exchange's result was kept after the cache was emptied")
	}
	_, gen, _ = c.get(k)
	c.put(k, gen, "fresh-token", clk.Now().Add(time.Hour))
	if tok, _, ok := c.get(k); !ok || tok != "fresh-token" {
		t.Fatalf("a later exchange not kept: %q %v", tok, ok)
	}
}
