package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/gateway/internal/edge"
	"github.com/hellowork-jp/hellowork/gateway/web"
)

// loginBudgetGzip is what the login page may download before it shows (index.html,
// the entry chunk with React, the router, the form libraries and the login screen, and
// the CSS), gzip-compressed. Measured 141.0 kB when the screens were split by area
// (docs/web.md, "Code splitting"); the single bundle before was 200 kB.
const loginBudgetGzip = 150_000

// The lazy areas, each by a text only its screens carry: none may be in what the login
// page loads, and each must be in some chunk of the build.
var lazyMarkers = map[string]string{
	"staff":      "職員ログイン",
	"wizard":     "求人情報の仮登録完了",
	"applicants": "選考結果登録",
}

var (
	initialRef = regexp.MustCompile(`(?:src|href)="(/assets/[^"]+)"`)
	chunkRef   = regexp.MustCompile(`"(?:\./|/assets/|assets/)?([A-Za-z0-9_-]+-[A-Za-z0-9_-]{8}\.js)"`)
)

// serve runs the gateway's web handler on the committed build (identity unreachable:
// the pages need no backend) and fetches path, checking the answer.
func serve(t *testing.T) func(path string) (*http.Response, []byte) {
	t.Helper()
	cfg := edge.Config{HTTPAddr: "x", MaxBodyBytes: 1024, MaxUploadBytes: 4096, IdentityAddr: "127.0.0.1:1", LogLevel: "info", LogFormat: "json"}
	g, err := edge.New(context.Background(), cfg, zap.NewNop(), nil, edge.WithWeb(web.Dist()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(g.Close)
	hs := httptest.NewServer(g.Handler())
	t.Cleanup(hs.Close)
	return func(path string) (*http.Response, []byte) {
		t.Helper()
		resp, err := http.Get(hs.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		return resp, b
	}
}

func gzipSize(t *testing.T, b []byte) int {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Len()
}

// TestDist_LoginPageLoadsOnlyItsChunkWithinBudget: the login page's first download
// (what index.html names) stays under loginBudgetGzip and carries none of the lazy
// areas (staff, the section wizards, applicants), each of which is a chunk of its own
// that the gateway serves with a year's immutable caching like every hashed asset.
func TestDist_LoginPageLoadsOnlyItsChunkWithinBudget(t *testing.T) {
	get := serve(t)
	_, html := get("/login")
	refs := initialRef.FindAllSubmatch(html, -1)
	if len(refs) == 0 {
		t.Fatalf("index.html names no /assets/ file: %s", html)
	}
	raw, gz := len(html), gzipSize(t, html)
	var initial strings.Builder
	for _, m := range refs {
		resp, body := get(string(m[1]))
		if cc := resp.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("%s: Cache-Control %q, want immutable", m[1], cc)
		}
		raw += len(body)
		gz += gzipSize(t, body)
		initial.Write(body)
	}
	t.Logf("the login page loads %d files: %d bytes, %d gzip (budget %d)", len(refs)+1, raw, gz, loginBudgetGzip)
	if gz > loginBudgetGzip {
		t.Errorf("the login page loads %d bytes gzip, over its budget of %d: keep new screens lazy (main.tsx lazyPages)", gz, loginBudgetGzip)
	}

	// The chunks the entry loads later: every one served, immutable.
	all := initial.String()
	chunks := map[string]string{}
	for _, m := range chunkRef.FindAllStringSubmatch(all, -1) {
		if _, seen := chunks[m[1]]; seen {
			continue
		}
		resp, body := get("/assets/" + m[1])
		if cc := resp.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("chunk %s: Cache-Control %q, want immutable", m[1], cc)
		}
		chunks[m[1]] = string(body)
	}
	for area, marker := range lazyMarkers {
		if strings.Contains(all, marker) {
			t.Errorf("the login page's files carry the %s area (%q): it should be a lazy chunk", area, marker)
		}
		found := ""
		for name, body := range chunks {
			if strings.Contains(body, marker) {
				found = name
			}
		}
		if found == "" {
			t.Errorf("no lazy chunk named by the entry carries the %s area (%q)", area, marker)
		} else if !strings.HasPrefix(found, area+"-") {
			t.Errorf("the %s area (%q) is in chunk %s, want its own chunk %s-<hash>.js", area, marker, found, area)
		}
	}
}
