// Package clientip decides which address a request comes from, for rate limits and the
// audit trail, without believing what the client wrote about itself (M2).
package clientip

import (
	"net/netip"
	"strings"
)

// FromForwarded returns the client address of a request that reached us from peer (the
// TCP peer, host or host:port) with the X-Forwarded-For header values xff, behind
// trustedHops proxies that each append the address they received the request from.
//
// The client is the right-most address not added by one of our own proxies: the
// trustedHops-th entry from the right. Everything left of it was written by the client
// (or proxies it chose) and is never believed. With trustedHops 0, or a header shorter
// than the chain (the request bypassed a proxy) or an unparsable entry there, the peer
// address is the answer: a forged header can only make a client look like our proxy,
// never like somebody else.
func FromForwarded(peer string, xff []string, trustedHops int) string {
	peerIP := parse(peer)
	if trustedHops <= 0 {
		return peerIP
	}
	var hops []string
	for _, v := range xff {
		for _, h := range strings.Split(v, ",") {
			hops = append(hops, strings.TrimSpace(h))
		}
	}
	i := len(hops) - trustedHops
	if i < 0 {
		return peerIP
	}
	if ip := parse(hops[i]); ip != "" {
		return ip
	}
	return peerIP
}

// parse returns the address of host, host:port or [v6]:port, IPv4-mapped IPv6 as IPv4,
// without a zone; "" when it is no address.
func parse(s string) string {
	s = strings.TrimSpace(s)
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap().WithZone("").String()
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap().WithZone("").String()
	}
	return ""
}

// Normalize returns ip in canonical form (IPv4-mapped IPv6 as IPv4), "" if it is none.
func Normalize(ip string) string { return parse(ip) }

// RateKey is the key of ip in every rate limit: an IPv4 address itself, an IPv6
// address its /64. One IPv6 subscriber usually holds a whole /64 (often more), so
// keying single IPv6 addresses would give one client 2^64 budgets. Anything that is not
// an address is returned as it is.
func RateKey(ip string) string {
	a, err := netip.ParseAddr(strings.TrimSpace(ip))
	if err != nil {
		return ip
	}
	a = a.Unmap().WithZone("")
	if a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}
