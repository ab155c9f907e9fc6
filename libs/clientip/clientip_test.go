package clientip

import "testing"

// TestFromForwarded [M2]: with N trusted hops the client is the N-th address from the
// right; what the client wrote left of it is never believed.
func TestFromForwarded(t *testing.T) {
	for name, tc := range map[string]struct {
		peer string
		xff  []string
		hops int
		want string
	}{
		"no proxy: the peer, the header ignored":       {"203.0.113.9:4000", []string{"198.51.100.1"}, 0, "203.0.113.9"},
		"one hop: the address the ingress appended":    {"10.0.0.2:4000", []string{"198.51.100.7"}, 1, "198.51.100.7"},
		"one hop: a forged left entry is ignored":      {"10.0.0.2:4000", []string{"1.2.3.4, 198.51.100.7"}, 1, "198.51.100.7"},
		"one hop: forged entries in an earlier header": {"10.0.0.2:4000", []string{"1.2.3.4", "198.51.100.7"}, 1, "198.51.100.7"},
		"two hops: CDN then ingress":                   {"10.0.0.2:4000", []string{"6.6.6.6, 198.51.100.7, 192.0.2.10"}, 2, "198.51.100.7"},
		"header shorter than the chain: the peer":      {"10.0.0.2:4000", []string{"198.51.100.7"}, 2, "10.0.0.2"},
		"no header behind a proxy: the peer":           {"10.0.0.2:4000", nil, 1, "10.0.0.2"},
		"garbage where the client should be: the peer": {"10.0.0.2:4000", []string{"198.51.100.7, nonsense"}, 1, "10.0.0.2"},
		"IPv6 client with port in brackets":            {"10.0.0.2:4000", []string{"[2001:db8::1]:5555"}, 1, "2001:db8::1"},
		"IPv4-mapped IPv6 is IPv4":                     {"[::ffff:203.0.113.9]:4000", nil, 0, "203.0.113.9"},
		"IPv6 peer":                                    {"[2001:db8::5]:4000", nil, 0, "2001:db8::5"},
	} {
		t.Run(name, func(t *testing.T) {
			if got := FromForwarded(tc.peer, tc.xff, tc.hops); got != tc.want {
				t.Fatalf("FromForwarded = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestRateKey [M2]: an IPv6 client is keyed by its /64, so rotating through the
// addresses of its own prefix gains it nothing; IPv4 is keyed by the address.
func TestRateKey(t *testing.T) {
	for in, want := range map[string]string{
		"203.0.113.9":               "203.0.113.9",
		"::ffff:203.0.113.9":        "203.0.113.9",
		"2001:db8:1:2:aaaa::1":      "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff:ffff::9": "2001:db8:1:2::/64",
		"2001:db8:1:3::1":           "2001:db8:1:3::/64",
		"fe80::1%eth0":              "fe80::/64",
		"":                          "",
	} {
		if got := RateKey(in); got != want {
			t.Errorf("RateKey(%q) = %q, want %q", in, got, want)
		}
	}
}
