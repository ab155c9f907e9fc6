package edge

import (
	"context"
	"net"
	"net/http"
	"net/textproto"
	"strings"

	"google.golang.org/grpc/metadata"
)

// incomingHeaders are the only HTTP headers forwarded to gRPC metadata. The default
// matcher would forward Grpc-Metadata-* and Authorization verbatim, letting a browser
// inject metadata that services trust.
var incomingHeaders = map[string]string{
	"Accept-Language": "accept-language",
	"If-Match":        "if-match",
	"Idempotency-Key": "idempotency-key",
	"X-Request-Id":    "x-request-id",
}

func incomingHeaderMatcher(key string) (string, bool) {
	md, ok := incomingHeaders[textproto.CanonicalMIMEHeaderKey(key)]
	return md, ok
}

// outgoingHeaders are the only gRPC response metadata shown to browsers as headers.
var outgoingHeaders = map[string]string{
	"x-request-id": "X-Request-Id",
	"etag":         "ETag",
	"retry-after":  "Retry-After",
}

func outgoingHeaderMatcher(key string) (string, bool) {
	h, ok := outgoingHeaders[strings.ToLower(key)]
	return h, ok
}

// Metadata keys the gateway sets itself, after dropping anything a client sent under
// the same names.
const (
	mdClientIP  = "x-client-ip"
	mdUserAgent = "x-user-agent"
)

// requestMetadata adds what the services need to know about the caller's connection:
// the client IP (for rate limits and the audit trail) and the user agent (for the
// device list), decided by the gateway, not claimed by the client.
func requestMetadata(trustForwardedFor bool) func(context.Context, *http.Request) metadata.MD {
	return func(_ context.Context, r *http.Request) metadata.MD {
		ua := r.UserAgent()
		if len(ua) > 256 {
			ua = ua[:256]
		}
		return metadata.Pairs(mdClientIP, clientIP(r, trustForwardedFor), mdUserAgent, ua)
	}
}

func clientIP(r *http.Request, trustForwardedFor bool) string {
	if trustForwardedFor {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			first, _, _ := strings.Cut(xff, ",")
			if ip := net.ParseIP(strings.TrimSpace(first)); ip != nil {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
