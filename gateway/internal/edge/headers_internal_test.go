package edge

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkMetadataValue holds what every encoded value must satisfy: printable ASCII
// (gRPC refuses anything else), at most maxLen bytes, decodable as a whole (no escape
// cut in half) into valid UTF-8 that starts like the sanitised input.
func checkMetadataValue(t *testing.T, in string, maxLen int) string {
	t.Helper()
	out := metadataValue(in, maxLen)
	if len(out) > maxLen {
		t.Fatalf("%q: %d bytes, limit %d", in, len(out), maxLen)
	}
	for i := 0; i < len(out); i++ {
		if out[i] < 0x20 || out[i] > 0x7e {
			t.Fatalf("%q → %q: byte %#x at %d is not printable ASCII", in, out, out[i], i)
		}
	}
	dec, err := url.PathUnescape(out)
	if err != nil || !utf8.ValidString(dec) {
		t.Fatalf("%q → %q does not decode to UTF-8: %q %v", in, out, dec, err)
	}
	return dec
}

func TestMetadataValue_OddValues(t *testing.T) {
	for _, c := range []struct {
		in, want string // want is the decoded value
	}{
		{"Mozilla/5.0 (X11; Linux x86_64)", "Mozilla/5.0 (X11; Linux x86_64)"},
		{"テスト端末/1.0", "テスト端末/1.0"},
		{"100% sure", "100% sure"},
		{"%E3%83%86", "%E3%83%86"}, // already looks encoded: stays what the client sent
		{"tab\there\r\nnext", "tab here  next"},
		{"nul\x00del\x7f", "nul del "},
		{"c1\u0085ctl", "c1 ctl"},
		{"bad \xff\xfe utf-8", "bad \uFFFD utf-8"},
		{"😀", "😀"},
		{"", ""},
	} {
		if got := checkMetadataValue(t, c.in, maxMetadataValue); got != c.want {
			t.Errorf("%q decodes to %q, want %q", c.in, got, c.want)
		}
	}
	if got := metadataValue("テスト", maxMetadataValue); got != "%E3%83%86%E3%82%B9%E3%83%88" {
		t.Errorf("encoding %q", got)
	}
	// Bounded, and never cut inside a character's escapes.
	for _, in := range []string{strings.Repeat("a", 10_000), strings.Repeat("端", 300), strings.Repeat("a端", 200), strings.Repeat("%", 200)} {
		dec := checkMetadataValue(t, in, maxMetadataValue)
		if !strings.HasPrefix(in, dec) || dec == "" {
			t.Errorf("%.20q… truncated to %q, not a prefix", in, dec)
		}
	}
	for maxLen := range 12 {
		checkMetadataValue(t, "端a端", maxLen)
	}
}

func TestSanitiseHeaders_ForwardedHeadersAndGrpcTimeout(t *testing.T) {
	h := http.Header{}
	h.Set("Accept-Language", "日本語")
	h.Add("Idempotency-Key", "キー")
	h.Add("Idempotency-Key", strings.Repeat("k", 1000))
	h.Set("If-Match", `"v1"`)
	h.Set("Grpc-Timeout", "1n")
	h.Set("Cookie", "a=b") // not forwarded, left alone
	sanitiseHeaders(h)
	if h.Get("Grpc-Timeout") != "" {
		t.Error("Grpc-Timeout kept")
	}
	if got := h.Get("Accept-Language"); got != "%E6%97%A5%E6%9C%AC%E8%AA%9E" {
		t.Errorf("Accept-Language %q", got)
	}
	if got := h.Values("Idempotency-Key"); len(got) != 2 || got[0] != "%E3%82%AD%E3%83%BC" || len(got[1]) != maxMetadataValue {
		t.Errorf("Idempotency-Key %q", got)
	}
	if h.Get("If-Match") != `"v1"` || h.Get("Cookie") != "a=b" {
		t.Errorf("headers changed: %v", h)
	}
}

func FuzzMetadataValue(f *testing.F) {
	for _, s := range []string{"テスト端末/1.0", "\xff", "%", "a\x00b", strings.Repeat("端", 100)} {
		f.Add(s, 256)
	}
	f.Fuzz(func(t *testing.T, in string, maxLen int) {
		if maxLen < 0 || maxLen > 4096 {
			return
		}
		checkMetadataValue(t, in, maxLen)
	})
}

// TestClientIP_TrustedProxyHops [M2]: behind N proxies of ours the client IP is the
// N-th X-Forwarded-For entry from the right; an entry the client wrote itself (left of
// it) is never what the services see, and without proxies the header is ignored.
func TestClientIP_TrustedProxyHops(t *testing.T) {
	for name, tc := range map[string]struct {
		hops int
		xff  string
		want string
	}{
		"no proxy: the peer":                    {0, "1.2.3.4", "10.1.2.3"},
		"ingress: the address it appended":      {1, "198.51.100.7", "198.51.100.7"},
		"ingress: a forged first entry ignored": {1, "1.2.3.4, 198.51.100.7", "198.51.100.7"},
		"CDN and ingress":                       {2, "1.2.3.4, 198.51.100.7, 192.0.2.10", "198.51.100.7"},
		"chain bypassed: the peer":              {2, "198.51.100.7", "10.1.2.3"},
	} {
		t.Run(name, func(t *testing.T) {
			r, _ := http.NewRequest(http.MethodGet, "/v1/x", nil)
			r.RemoteAddr = "10.1.2.3:5555"
			r.Header.Set("X-Forwarded-For", tc.xff)
			md := requestMetadata(tc.hops)(r.Context(), r)
			if got := md.Get(mdClientIP); len(got) != 1 || got[0] != tc.want {
				t.Fatalf("x-client-ip = %v, want %q", got, tc.want)
			}
		})
	}
}
