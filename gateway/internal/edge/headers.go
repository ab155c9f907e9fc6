package edge

import (
	"context"
	"net/http"
	"net/textproto"
	"strings"
	"unicode/utf8"

	"google.golang.org/grpc/metadata"

	"github.com/hellowork-jp/hellowork/libs/clientip"
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

// maxMetadataValue bounds every client-sent value copied into metadata (after
// encoding): enough for any real user agent, language list, ETag or idempotency key.
const maxMetadataValue = 256

// metadataValue makes a client-sent header value valid gRPC metadata, which must be
// printable ASCII (gRPC refuses the whole call otherwise, which used to answer 500 for
// a Japanese User-Agent). Invalid UTF-8 becomes U+FFFD, control characters become
// spaces, and every other byte outside printable ASCII, and '%' itself, is
// percent-encoded as in RFC 3986, so url.PathUnescape gives back the text the client
// sent. The result is at most maxLen bytes, never cut inside a character.
func metadataValue(s string, maxLen int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	var enc []byte
	for _, r := range s {
		enc = enc[:0]
		switch {
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			enc = append(enc, ' ')
		case r == '%':
			enc = append(enc, "%25"...)
		case r < 0x7f:
			enc = append(enc, byte(r))
		default:
			var buf [utf8.UTFMax]byte
			for _, c := range buf[:utf8.EncodeRune(buf[:], r)] {
				enc = append(enc, '%', hex[c>>4], hex[c&0xf])
			}
		}
		if b.Len()+len(enc) > maxLen {
			break
		}
		b.Write(enc)
	}
	return b.String()
}

// sanitiseHeaders rewrites, in place, the client-sent headers the gateway forwards
// as metadata (see metadataValue), and drops Grpc-Timeout, which grpc-gateway would
// otherwise turn into the backend call's deadline: a browser does not choose how long
// the services work for it.
func sanitiseHeaders(h http.Header) {
	h.Del("Grpc-Timeout")
	for name := range incomingHeaders {
		vs := h.Values(name)
		if len(vs) == 0 {
			continue
		}
		clean := make([]string, len(vs))
		for i, v := range vs {
			clean[i] = metadataValue(v, maxMetadataValue)
		}
		h[name] = clean
	}
}

func incomingHeaderMatcher(key string) (string, bool) {
	md, ok := incomingHeaders[textproto.CanonicalMIMEHeaderKey(key)]
	return md, ok
}

// outgoingHeaders are the only gRPC response metadata shown to browsers as headers.
// X-Request-Id is not among them: the gateway sets it on every answer itself and
// the services echo the id it sent them.
var outgoingHeaders = map[string]string{
	"etag":        "ETag",
	"retry-after": "Retry-After",
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
// device list and the new-device mail), decided by the gateway, not claimed by the
// client. The user agent is percent-encoded where it is not printable ASCII
// (metadataValue); url.PathUnescape restores it.
func requestMetadata(trustedProxyHops int) func(context.Context, *http.Request) metadata.MD {
	return func(_ context.Context, r *http.Request) metadata.MD {
		return metadata.Pairs(mdClientIP, clientIP(r, trustedProxyHops), mdUserAgent, metadataValue(r.UserAgent(), maxMetadataValue))
	}
}

// clientIP is the right-most address of X-Forwarded-For not added by one of our own
// trustedProxyHops proxies (libs/clientip), the TCP peer without proxies (M2).
func clientIP(r *http.Request, trustedProxyHops int) string {
	if ip := clientip.FromForwarded(r.RemoteAddr, r.Header.Values("X-Forwarded-For"), trustedProxyHops); ip != "" {
		return ip
	}
	return r.RemoteAddr
}
