package grpcapi

import (
	"context"
	"net"
	"net/netip"
	"testing"

	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
)

// The gateway percent-encodes a user agent that is not printable ASCII, because gRPC
// metadata must be; identity shows the decoded text in the device list and the mail.
func TestMeta_UserAgentFromTheGateway(t *testing.T) {
	gateway := &net.TCPAddr{IP: net.ParseIP("10.0.0.5"), Port: 40000}
	stranger := &net.TCPAddr{IP: net.ParseIP("203.0.113.9"), Port: 40000}
	s := New(nil, []netip.Prefix{netip.MustParsePrefix("10.0.0.0/24")})
	for name, tc := range map[string]struct {
		peer   net.Addr
		md     metadata.MD
		want   string
		wantIP string
	}{
		"encoded Japanese is decoded":                                    {gateway, metadata.Pairs("x-user-agent", "%E3%83%86%E3%82%B9%E3%83%88%E7%AB%AF%E6%9C%AB/1.0", "x-client-ip", "198.51.100.7"), "テスト端末/1.0", "198.51.100.7"},
		"a literal percent travels as %25":                               {gateway, metadata.Pairs("x-user-agent", "100%25 browser"), "100% browser", ""},
		"an undecodable value stays as sent":                             {gateway, metadata.Pairs("x-user-agent", "bad %zz"), "bad %zz", ""},
		"plain ASCII is unchanged":                                       {gateway, metadata.Pairs("x-user-agent", "Mozilla/5.0"), "Mozilla/5.0", ""},
		"not from the gateway: its own user-agent, x-user-agent ignored": {stranger, metadata.Pairs("x-user-agent", "forged", "user-agent", "curl/8"), "curl/8", "203.0.113.9"},
		"L4: a browser without one is not the gateway's grpc-go":         {gateway, metadata.Pairs("x-user-agent", "", "user-agent", "grpc-go/1.70.0"), "", ""},
		"L4: nor when the gateway sent no x-user-agent at all":           {gateway, metadata.Pairs("user-agent", "grpc-go/1.70.0"), "", ""},
	} {
		t.Run(name, func(t *testing.T) {
			ctx := peer.NewContext(context.Background(), &peer.Peer{Addr: tc.peer})
			ctx = metadata.NewIncomingContext(ctx, tc.md)
			m := s.meta(ctx)
			if m.UserAgent != tc.want {
				t.Fatalf("user agent %q, want %q", m.UserAgent, tc.want)
			}
			if tc.wantIP != "" && m.IP != tc.wantIP {
				t.Fatalf("ip %q, want %q", m.IP, tc.wantIP)
			}
		})
	}
}

// TestMeta_ClientIPOnlyFromTheGateway [M2]: only the gateway (a trusted peer) states the
// client IP; a direct caller's x-client-ip or X-Forwarded-For is ignored, and so is the
// X-Forwarded-For that grpc-gateway copies from the browser.
func TestMeta_ClientIPOnlyFromTheGateway(t *testing.T) {
	gateway := &net.TCPAddr{IP: net.ParseIP("10.0.0.5"), Port: 40000}
	stranger := &net.TCPAddr{IP: net.ParseIP("203.0.113.9"), Port: 40000}
	s := New(nil, []netip.Prefix{netip.MustParsePrefix("10.0.0.0/24")})
	for name, tc := range map[string]struct {
		peer net.Addr
		md   metadata.MD
		want string
	}{
		"the gateway's x-client-ip":                         {gateway, metadata.Pairs("x-client-ip", "198.51.100.7"), "198.51.100.7"},
		"the gateway's IPv6 client":                         {gateway, metadata.Pairs("x-client-ip", "2001:db8::7"), "2001:db8::7"},
		"a direct caller's x-client-ip is ignored":          {stranger, metadata.Pairs("x-client-ip", "198.51.100.7"), "203.0.113.9"},
		"a direct caller's X-Forwarded-For is ignored":      {stranger, metadata.Pairs("x-forwarded-for", "198.51.100.7"), "203.0.113.9"},
		"the browser's X-Forwarded-For via the gateway":     {gateway, metadata.Pairs("x-forwarded-for", "1.2.3.4, 198.51.100.7"), "10.0.0.5"},
		"two x-client-ip values: neither is believed":       {gateway, metadata.Pairs("x-client-ip", "1.2.3.4", "x-client-ip", "198.51.100.7"), "10.0.0.5"},
		"an unparsable x-client-ip: the gateway's own peer": {gateway, metadata.Pairs("x-client-ip", "nonsense"), "10.0.0.5"},
	} {
		t.Run(name, func(t *testing.T) {
			ctx := peer.NewContext(context.Background(), &peer.Peer{Addr: tc.peer})
			ctx = metadata.NewIncomingContext(ctx, tc.md)
			if m := s.meta(ctx); m.IP != tc.want {
				t.Fatalf("ip %q, want %q", m.IP, tc.want)
			}
		})
	}
}
