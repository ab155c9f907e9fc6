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
