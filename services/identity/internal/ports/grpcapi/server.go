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

// meta derives the client IP and user agent. X-Forwarded-For is taken from trusted
// proxies only (its last hop, the one the proxy added); otherwise the peer address.
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
		// The gateway states the client IP and user agent it observed (x-client-ip,
		// x-user-agent); X-Forwarded-For's last hop is the fallback for other proxies.
		if v := md.Get("x-client-ip"); len(v) > 0 {
			if ip, err := netip.ParseAddr(strings.TrimSpace(v[0])); err == nil {
				m.IP = ip.Unmap().String()
			}
		} else if xff := md.Get("x-forwarded-for"); len(xff) > 0 {
			hops := strings.Split(xff[len(xff)-1], ",")
			if ip, err := netip.ParseAddr(strings.TrimSpace(hops[len(hops)-1])); err == nil {
				m.IP = ip.Unmap().String()
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
	if m.UserAgent == "" {
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
