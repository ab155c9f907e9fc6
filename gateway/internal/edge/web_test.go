package edge_test

import (
	"context"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/gateway/internal/edge"
	"github.com/hellowork-jp/hellowork/gateway/web"
)

const testIndex = `<!doctype html><html lang="ja"><script type="module" src="/assets/index-AbC123.js"></script></html>`

// startWeb runs a gateway whose identity is unreachable (the pages need no backend)
// serving fsys as the front end.
func startWeb(t *testing.T, fsys fstest.MapFS) string {
	t.Helper()
	cfg := edge.Config{HTTPAddr: "x", MaxBodyBytes: 1024, MaxUploadBytes: 4096, IdentityAddr: "127.0.0.1:1", LogLevel: "info", LogFormat: "json"}
	g, err := edge.New(context.Background(), cfg, zap.NewNop(), nil, edge.WithWeb(fsys))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(g.Close)
	hs := httptest.NewServer(g.Handler())
	t.Cleanup(hs.Close)
	return hs.URL
}

func testFS() fstest.MapFS {
	return fstest.MapFS{
		"index.html":              {Data: []byte(testIndex)},
		"favicon.svg":             {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)},
		"assets/index-AbC123.js":  {Data: []byte(`console.log("hi")`)},
		"assets/index-XyZ789.css": {Data: []byte(`body{}`)},
	}
}

func get(t *testing.T, method, url string, hdr map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestWeb_ServingRules: hashed assets are cached for a year, index.html never, every
// screen's deep link gets index.html (a reload works), a missing asset is a 404 (never
// HTML), and the pages carry a strict CSP.
func TestWeb_ServingRules(t *testing.T) {
	url := startWeb(t, testFS())
	for _, tc := range []struct {
		path, status, cache, ctype, body string
		csp                              bool
	}{
		{path: "/", status: "200", cache: "no-store", ctype: "text/html; charset=utf-8", body: testIndex, csp: true},
		{path: "/index.html", status: "200", cache: "no-store", ctype: "text/html; charset=utf-8", body: testIndex, csp: true},
		{path: "/login", status: "200", cache: "no-store", ctype: "text/html; charset=utf-8", body: testIndex, csp: true},
		{path: "/login/otp/confirm", status: "200", cache: "no-store", ctype: "text/html; charset=utf-8", body: testIndex, csp: true},
		{path: "/registration/password?x=1", status: "200", cache: "no-store", ctype: "text/html; charset=utf-8", body: testIndex, csp: true},
		{path: "/assets/index-AbC123.js", status: "200", cache: "public, max-age=31536000, immutable", ctype: "text/javascript; charset=utf-8", body: `console.log("hi")`},
		{path: "/assets/index-XyZ789.css", status: "200", cache: "public, max-age=31536000, immutable", ctype: "text/css; charset=utf-8", body: `body{}`},
		{path: "/favicon.svg", status: "200", cache: "no-cache", ctype: "image/svg+xml"},
		{path: "/assets/index-Old000.js", status: "404", cache: "no-store"},
		{path: "/assets/nothing", status: "404", cache: "no-store"},
		{path: "/robots.txt", status: "404", cache: "no-store"},
		// Cleaned to /etc/passwd: a screen path like any other, never a file outside dist.
		{path: "/../../etc/passwd", status: "200", cache: "no-store", body: testIndex, csp: true},
	} {
		t.Run(tc.path, func(t *testing.T) {
			resp, body := get(t, "GET", url+tc.path, nil)
			if got := resp.Status[:3]; got != tc.status {
				t.Fatalf("status %s, want %s: %s", resp.Status, tc.status, body)
			}
			if got := resp.Header.Get("Cache-Control"); got != tc.cache {
				t.Errorf("Cache-Control %q, want %q", got, tc.cache)
			}
			if tc.ctype != "" && resp.Header.Get("Content-Type") != tc.ctype {
				t.Errorf("Content-Type %q, want %q", resp.Header.Get("Content-Type"), tc.ctype)
			}
			if tc.body != "" && body != tc.body {
				t.Errorf("body %q, want %q", body, tc.body)
			}
			csp := resp.Header.Get("Content-Security-Policy")
			if tc.csp {
				for _, want := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "object-src 'none'"} {
					if !strings.Contains(csp, want) {
						t.Errorf("CSP %q lacks %q", csp, want)
					}
				}
				if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
					t.Errorf("CSP %q allows inline code", csp)
				}
			}
			if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("X-Frame-Options") != "DENY" {
				t.Errorf("hardening headers missing: %v", resp.Header)
			}
		})
	}
}

// TestWeb_Revalidation: a root file is revalidated with its ETag (304), HEAD works,
// and writes are refused.
func TestWeb_Revalidation(t *testing.T) {
	url := startWeb(t, testFS())
	resp, _ := get(t, "GET", url+"/favicon.svg", nil)
	etag := resp.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag on /favicon.svg")
	}
	resp, _ = get(t, "GET", url+"/favicon.svg", map[string]string{"If-None-Match": etag})
	if resp.StatusCode != http.StatusNotModified {
		t.Fatalf("If-None-Match: %s, want 304", resp.Status)
	}
	resp, body := get(t, "HEAD", url+"/login", nil)
	if resp.StatusCode != 200 || body != "" || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("HEAD /login: %s %q %v", resp.Status, body, resp.Header)
	}
	resp, _ = get(t, "POST", url+"/login", map[string]string{"Sec-Fetch-Site": "same-origin"})
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
		t.Fatalf("POST /login: %s %v", resp.Status, resp.Header)
	}
}

// TestWeb_APIUntouched: /v1/ and the probes keep their own answers (JSON errors, no
// index.html fallback, the API's CSP and no-store).
func TestWeb_APIUntouched(t *testing.T) {
	url := startWeb(t, testFS())
	resp, body := get(t, "GET", url+"/v1/nope", nil)
	if resp.StatusCode != 404 || !strings.Contains(resp.Header.Get("Content-Type"), "application/json") || !strings.Contains(body, "NOT_FOUND") {
		t.Fatalf("/v1/nope: %s %s %q", resp.Status, resp.Header.Get("Content-Type"), body)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); csp != "default-src 'none'; frame-ancestors 'none'" {
		t.Errorf("/v1/ CSP changed: %q", csp)
	}
	if resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("/v1/ Cache-Control: %q", resp.Header.Get("Cache-Control"))
	}
	resp, body = get(t, "GET", url+"/healthz", nil)
	if resp.StatusCode != 200 || !strings.Contains(body, `"ok"`) {
		t.Fatalf("/healthz: %s %q", resp.Status, body)
	}
	resp, body = get(t, "GET", url+"/openapi.json", nil)
	if resp.StatusCode != 200 || !strings.HasPrefix(body, "{") {
		t.Fatalf("/openapi.json: %s", resp.Status)
	}
}

// TestWeb_NoIndex: a front end without index.html is refused at start.
func TestWeb_NoIndex(t *testing.T) {
	cfg := edge.Config{HTTPAddr: "x", MaxBodyBytes: 1024, MaxUploadBytes: 4096, IdentityAddr: "127.0.0.1:1", LogLevel: "info", LogFormat: "json"}
	if _, err := edge.New(context.Background(), cfg, zap.NewNop(), nil, edge.WithWeb(fstest.MapFS{"assets/a.js": {}})); err == nil {
		t.Fatal("want an error without index.html")
	}
}

// TestWeb_EmbeddedBuild: the committed build is what the gateway binary serves: it
// has index.html whose scripts and styles are files under assets/ (no inline code).
func TestWeb_EmbeddedBuild(t *testing.T) {
	fsys := web.Dist()
	idx, err := fs.ReadFile(fsys, "index.html")
	if err != nil {
		t.Fatalf("gateway/web/dist has no index.html: %v (run make web)", err)
	}
	s := string(idx)
	if strings.Contains(s, "<script>") || strings.Contains(s, "<style") || strings.Contains(s, "style=") {
		t.Errorf("index.html has inline code: %s", s)
	}
	if !strings.Contains(s, `src="/assets/`) || !strings.Contains(s, `href="/assets/`) {
		t.Errorf("index.html does not load its script and styles from /assets/: %s", s)
	}
}
