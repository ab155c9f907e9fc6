package service

import (
	"context"
	"testing"

	"google.golang.org/grpc/metadata"

	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
)

// from is a call from client ip as the gateway (a trusted peer in the tests) states it.
func from(ip string) context.Context {
	return metadata.AppendToOutgoingContext(context.Background(), "x-client-ip", ip)
}

// TestRateLimit_SubjectThrottlePerNetwork [M2]: an attacker who spends a login ID's
// budget from one address does not throttle the owner, who asks from another.
func TestRateLimit_SubjectThrottlePerNetwork(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.RateAcctPerMinute, c.RateIPPerMinute = 3, 100 })
	req := &identityv1.RequestPasswordResetRequest{Email: "victim@example.jp"}
	for i := 0; i < 3; i++ {
		if _, err := e.client.RequestPasswordReset(from("198.51.100.66"), req); err != nil {
			t.Fatal(err)
		}
	}
	_, err := e.client.RequestPasswordReset(from("198.51.100.66"), req)
	wantReason(t, err, "RATE_LIMITED")
	if _, err := e.client.RequestPasswordReset(from("203.0.113.5"), req); err != nil {
		t.Fatalf("the owner, from another address, throttled by the attacker's calls: %v", err)
	}
}

// TestRateLimit_IPv6KeyedBy64 [M2]: an IPv6 client is one network per /64; walking
// through the addresses of its own prefix gives it no new budget.
func TestRateLimit_IPv6KeyedBy64(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.RateAcctPerMinute, c.RateIPPerMinute = 100, 3 })
	call := func(ip, mail string) error {
		_, err := e.client.RequestPasswordReset(from(ip), &identityv1.RequestPasswordResetRequest{Email: mail})
		return err
	}
	for i, ip := range []string{"2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff::3"} {
		if err := call(ip, sixDigits(i)+"@example.jp"); err != nil {
			t.Fatal(err)
		}
	}
	wantReason(t, call("2001:db8:1:2:abcd::4", "x@example.jp"), "RATE_LIMITED")
	if err := call("2001:db8:1:3::1", "y@example.jp"); err != nil {
		t.Fatalf("another /64 throttled: %v", err)
	}
}

// TestRateLimit_DirectCallerCannotClaimAnIP [M2]: a caller that is not a trusted proxy
// (the gateway) is counted under its own address whatever x-client-ip it sends, so it
// cannot spread its calls over invented addresses.
func TestRateLimit_DirectCallerCannotClaimAnIP(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		c.RateAcctPerMinute, c.RateIPPerMinute = 100, 3
		c.TrustedProxies = []string{"192.0.2.0/24"} // the gateway is elsewhere: the test is a direct caller
	})
	for i := 0; i < 3; i++ {
		_, err := e.client.RequestPasswordReset(from("198.51.100."+sixDigits(i)[5:]), &identityv1.RequestPasswordResetRequest{Email: sixDigits(i) + "@example.jp"})
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := e.client.RequestPasswordReset(from("198.51.100.200"), &identityv1.RequestPasswordResetRequest{Email: "z@example.jp"})
	wantReason(t, err, "RATE_LIMITED")
}
