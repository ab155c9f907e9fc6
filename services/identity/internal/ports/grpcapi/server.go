// Package grpcapi is identity's gRPC edge: each handler decodes the request, takes the
// principal and request metadata, calls one application method and encodes the
// result. Validation (protovalidate), authentication and error conversion are done by
// libs/grpcx interceptors.
package grpcapi

import (
	"context"
	"net"
	"net/netip"
	"net/url"
	"strings"

	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"

	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/services/identity/internal/app"
)

// Server implements identityv1.IdentityServiceServer.
type Server struct {
	identityv1.UnimplementedIdentityServiceServer
	app     *app.App
	proxies []netip.Prefix
}

// New returns the handlers; trustedProxies are the peers (the gateway) whose
// X-Forwarded-For is believed for the client IP.
func New(a *app.App, trustedProxies []netip.Prefix) *Server {
	return &Server{app: a, proxies: trustedProxies}
}

// meta derives the client IP and user agent. Only a peer in the trusted proxies (the
// gateway) may state them, in x-client-ip and x-user-agent, which the gateway sets
// itself after dropping whatever the browser sent (M2, L4); any other caller is its
// own peer address and user-agent, whatever metadata it adds. X-Forwarded-For is never
// read here: grpc-gateway copies the browser's header into it.
func (s *Server) meta(ctx context.Context) app.Meta {
	var m app.Meta
	var peerIP netip.Addr
	if p, ok := peer.FromContext(ctx); ok && p.Addr != nil {
		host, _, err := net.SplitHostPort(p.Addr.String())
		if err != nil {
			host = p.Addr.String()
		}
		peerIP, _ = netip.ParseAddr(host)
		if peerIP.IsValid() {
			m.IP = peerIP.Unmap().String()
		}
	}
	md, _ := metadata.FromIncomingContext(ctx)
	fromGateway := peerIP.IsValid() && s.trusted(peerIP.Unmap())
	if fromGateway {
		if v := md.Get("x-client-ip"); len(v) == 1 {
			if ip, err := netip.ParseAddr(strings.TrimSpace(v[0])); err == nil {
				m.IP = ip.Unmap().WithZone("").String()
			}
		}
		if v := md.Get("x-user-agent"); len(v) > 0 {
			// The gateway percent-encodes what is not printable ASCII (metadata must be),
			// so the device list and the new-device mail show what the browser sent.
			m.UserAgent = v[0]
			if ua, err := url.PathUnescape(v[0]); err == nil {
				m.UserAgent = ua
			}
		}
	}
	if !fromGateway {
		// A direct caller's own user agent. Never the gateway's: a browser that sent
		// none must not show up as "grpc-go" in its device list and new-device mail (L4).
		if v := md.Get("user-agent"); len(v) > 0 {
			m.UserAgent = v[0]
		}
	}
	return m
}

func (s *Server) trusted(ip netip.Addr) bool {
	for _, p := range s.proxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}
