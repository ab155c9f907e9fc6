package edge_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/hellowork-jp/hellowork/gateway/internal/edge"
)

// Tests of what a new user found from outside, through the REST edge: client-sent
// headers, request ids on every answer, the 401 challenge.

var requestIDShape = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// send is do with the raw answer kept, for answers that are not JSON.
func send(t *testing.T, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp, raw
}

// requestInfoOf digs the RequestInfo request id out of Status JSON.
func requestInfoOf(body map[string]any) string {
	details, _ := body["details"].([]any)
	for _, d := range details {
		m, _ := d.(map[string]any)
		if m["@type"] == "type.googleapis.com/google.rpc.RequestInfo" {
			id, _ := m["request_id"].(string)
			return id
		}
	}
	return ""
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// TestGateway_NonASCIIUserAgentReachesTheService: a Japanese user agent used to make
// every route answer 500 (gRPC refuses non-ASCII metadata). It now reaches the
// service percent-encoded, decodable to what the browser sent.
func TestGateway_NonASCIIUserAgentReachesTheService(t *testing.T) {
	f := start(t, true)
	const ua = "テスト端末/1.0"
	resp, out := do(t, "POST", f.url+"/v1/establishments", `{}`, map[string]string{"User-Agent": ua})
	if resp.StatusCode != 200 {
		t.Fatalf("status %d body %v", resp.StatusCode, out)
	}
	got := f.fake.metadata().Get("x-user-agent")
	if len(got) != 1 || !printableASCII(got[0]) {
		t.Fatalf("x-user-agent = %q", got)
	}
	if dec, err := url.PathUnescape(got[0]); err != nil || dec != ua {
		t.Fatalf("x-user-agent %q decodes to %q (%v), want %q", got[0], dec, err, ua)
	}
	resp, out = do(t, "POST", f.url+"/v1/identity/sessions:signIn", `{"email":"a@example.jp","password":"x"}`, map[string]string{"User-Agent": ua})
	if resp.StatusCode != 200 {
		t.Fatalf("sign-in: status %d body %v", resp.StatusCode, out)
	}
}

// TestGateway_OddHeaderValuesNeverCause500: no header a client sends makes the edge
// fail. Every request below is otherwise the same successful call; each must still
// succeed, carry a request id, and reach the service with printable-ASCII metadata.
func TestGateway_OddHeaderValuesNeverCause500(t *testing.T) {
	f := start(t, true)
	for _, c := range []struct{ header, value string }{
		{"User-Agent", "テスト端末/1.0"},
		{"User-Agent", strings.Repeat("a", 10_000)},
		{"User-Agent", strings.Repeat("端", 300)},
		{"User-Agent", "bad utf-8 \xff\xfe\xc3"},
		{"User-Agent", "tab\there"},
		{"User-Agent", "already %E3%83 encoded 100%"},
		{"User-Agent", "😀 Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)"},
		{"Accept-Language", "日本語"},
		{"Accept-Language", "ja\xff"},
		{"Idempotency-Key", "キー-1"},
		{"Idempotency-Key", strings.Repeat("k", 5000)},
		{"If-Match", `"é"`},
		{"X-Request-Id", "id with spaces"},
		{"X-Request-Id", "リクエスト"},
		{"X-Request-Id", strings.Repeat("a", 200)},
		{"X-Forwarded-For", "テスト, 999.1.1.1"},
		{"X-Forwarded-Host", "ホスト.example"},
		{"Grpc-Timeout", "1n"},
		{"Grpc-Timeout", "garbage"},
		{"Grpc-Metadata-X-User-Agent", "forged"},
		{"Cookie", edge.SessionCookie + "=セッション"},
		{"Cookie", edge.DeviceCookie + "=\xff"},
	} {
		name := c.header + ": " + c.value
		if len(name) > 60 {
			name = name[:60] + "…"
		}
		resp, out := do(t, "POST", f.url+"/v1/establishments", `{}`, map[string]string{c.header: c.value})
		if resp.StatusCode != 200 {
			t.Errorf("%s: status %d body %v", name, resp.StatusCode, out)
			continue
		}
		if id := resp.Header.Get("X-Request-Id"); !requestIDShape.MatchString(id) {
			t.Errorf("%s: X-Request-Id %q", name, id)
		}
		for k, vs := range f.fake.metadata() {
			if strings.HasSuffix(k, "-bin") {
				continue
			}
			for _, v := range vs {
				if !printableASCII(v) || len(v) > 1024 {
					if len(v) > 80 {
						v = v[:80] + "…"
					}
					t.Errorf("%s: metadata %s=%q (%d bytes)", name, k, v, len(vs[0]))
				}
			}
		}
		if got := f.fake.metadata().Get("x-user-agent"); c.header == "Grpc-Metadata-X-User-Agent" && (len(got) != 1 || got[0] == "forged") {
			t.Errorf("%s: x-user-agent %q", name, got)
		}
	}
	// The sign-in route reads the body itself before the gateway does.
	resp, out := do(t, "POST", f.url+"/v1/identity/sessions:signIn", `{"email":"a@example.jp","password":"x"}`,
		map[string]string{"User-Agent": "\xff端末", "Accept-Language": "日本語", "Cookie": edge.DeviceCookie + "=端末"})
	if resp.StatusCode != 200 {
		t.Errorf("sign-in with odd headers: status %d body %v", resp.StatusCode, out)
	}
}

// TestGateway_EveryAnswerCarriesARequestID: success, the edge's own refusals (413,
// 403, 400, 404), a backend fault (500) and a failed sign-in (401) all carry
// X-Request-Id; every error body names the same id (google.rpc.RequestInfo) besides
// its reason and Japanese message.
func TestGateway_EveryAnswerCarriesARequestID(t *testing.T) {
	f := start(t, true)
	type call struct {
		name    string
		req     func() *http.Request
		status  int
		reason  string // "" for answers that are not Status JSON
		hidden  string // text of the backend's error that must not reach the browser
		clientI string // a well-formed id the client sent, echoed
	}
	req := func(method, path string, body io.Reader, h map[string]string) func() *http.Request {
		return func() *http.Request {
			r, err := http.NewRequest(method, f.url+path, body)
			if err != nil {
				t.Fatal(err)
			}
			r.Header.Set("Content-Type", "application/json")
			for k, v := range h {
				r.Header.Set(k, v)
			}
			return r
		}
	}
	big := `{"x":"` + strings.Repeat("a", 2048) + `"}`
	for _, c := range []call{
		{name: "ok", req: req("POST", "/v1/establishments", strings.NewReader(`{}`), nil), status: 200},
		{name: "ok, client id", req: req("POST", "/v1/establishments", strings.NewReader(`{}`), map[string]string{"X-Request-Id": "req-ok-1"}), status: 200, clientI: "req-ok-1"},
		{name: "413 by length", req: req("POST", "/v1/establishments", strings.NewReader(big), nil), status: 413, reason: "REQUEST_TOO_LARGE"},
		{name: "413 by length, client id", req: req("POST", "/v1/establishments", strings.NewReader(big), map[string]string{"X-Request-Id": "req-413"}), status: 413, reason: "REQUEST_TOO_LARGE", clientI: "req-413"},
		{name: "413 chunked", req: req("POST", "/v1/establishments", io.MultiReader(strings.NewReader(big)), nil), status: 413, reason: "REQUEST_TOO_LARGE"},
		{name: "403 cross-origin", req: req("POST", "/v1/establishments", strings.NewReader(`{}`), map[string]string{"Sec-Fetch-Site": "cross-site"}), status: 403, reason: "CROSS_ORIGIN_REQUEST"},
		{name: "400 malformed", req: req("POST", "/v1/establishments", strings.NewReader(`{`), nil), status: 400, reason: "MALFORMED_REQUEST"},
		{name: "404 route", req: req("GET", "/v1/nope", nil, nil), status: 404, reason: "NOT_FOUND"},
		{name: "405 method", req: req("PUT", "/v1/offices", strings.NewReader(`{}`), nil), status: 405, reason: "MALFORMED_REQUEST"},
		{name: "500 backend", req: req("GET", "/v1/offices", nil, map[string]string{"X-Request-Id": "req-500"}), status: 500, reason: "INTERNAL", hidden: "10.0.0.7", clientI: "req-500"},
		{name: "401 sign-in", req: req("POST", "/v1/identity/sessions:signIn", strings.NewReader(`{"email":"a@example.jp","password":"wrong"}`), nil), status: 401, reason: "INVALID_CREDENTIALS"},
		{name: "healthz", req: req("GET", "/healthz", nil, nil), status: 200},
		{name: "openapi", req: req("GET", "/openapi.json", nil, nil), status: 200},
		{name: "404 outside /v1", req: req("GET", "/nothing-here", nil, nil), status: 404},
	} {
		resp, raw := send(t, c.req())
		id := resp.Header.Get("X-Request-Id")
		if resp.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d (%s)", c.name, resp.StatusCode, c.status, raw)
		}
		if !requestIDShape.MatchString(id) || len(resp.Header.Values("X-Request-Id")) != 1 {
			t.Errorf("%s: X-Request-Id %q", c.name, resp.Header.Values("X-Request-Id"))
		}
		if c.clientI != "" && id != c.clientI {
			t.Errorf("%s: X-Request-Id %q, want the client's %q", c.name, id, c.clientI)
		}
		if c.hidden != "" && strings.Contains(string(raw), c.hidden) {
			t.Errorf("%s: backend detail %q in the answer: %s", c.name, c.hidden, raw)
		}
		if c.reason == "" {
			continue
		}
		var out map[string]any
		_ = json.Unmarshal(raw, &out)
		reason, ja := reasonOf(out)
		if reason != c.reason || ja == "" {
			t.Errorf("%s: reason %q ja %q, want %q with a Japanese message (%s)", c.name, reason, ja, c.reason, raw)
		}
		if got := requestInfoOf(out); got != id {
			t.Errorf("%s: RequestInfo.request_id %q, header %q", c.name, got, id)
		}
	}
	// Two requests without an id get different ones.
	a, _ := send(t, req("GET", "/healthz", nil, nil)())
	b, _ := send(t, req("GET", "/healthz", nil, nil)())
	if a.Header.Get("X-Request-Id") == b.Header.Get("X-Request-Id") {
		t.Errorf("two requests share the id %q", a.Header.Get("X-Request-Id"))
	}
}

// challenge is RFC 9110's challenge: auth-scheme [ 1*SP ( token68 / #auth-param ) ].
var challenge = regexp.MustCompile(`^[!#$%&'*+.^_` + "`" + `|~0-9A-Za-z-]+( +[!#$%&'*+.^_` + "`" + `|~0-9A-Za-z-]+ *= *("[^"\\]*"|[!#$%&'*+.^_` + "`" + `|~0-9A-Za-z-]+)( *, *[!#$%&'*+.^_` + "`" + `|~0-9A-Za-z-]+ *= *("[^"\\]*"|[!#$%&'*+.^_` + "`" + `|~0-9A-Za-z-]+))*)?$`)

// TestGateway_UnauthenticatedChallengeIsAChallenge: grpc-gateway copied the status
// message ("the login ID or password is incorrect") into WWW-Authenticate. A 401 now
// carries a well-formed challenge of the cookie session scheme, which a browser does
// not answer with a password dialog, and the message stays in the body.
func TestGateway_UnauthenticatedChallengeIsAChallenge(t *testing.T) {
	f := start(t, true)
	resp, out := do(t, "POST", f.url+"/v1/identity/sessions:signIn", `{"email":"a@example.jp","password":"wrong"}`, nil)
	if resp.StatusCode != 401 {
		t.Fatalf("status %d body %v", resp.StatusCode, out)
	}
	hs := resp.Header.Values("Www-Authenticate")
	if len(hs) != 1 || !challenge.MatchString(hs[0]) || strings.Contains(hs[0], "incorrect") {
		t.Fatalf("Www-Authenticate %q is not one RFC 9110 challenge", hs)
	}
	scheme, _, _ := strings.Cut(hs[0], " ")
	if strings.EqualFold(scheme, "Basic") || strings.EqualFold(scheme, "Digest") {
		t.Fatalf("scheme %q makes browsers prompt for a password", scheme)
	}
	if reason, ja := reasonOf(out); reason != "INVALID_CREDENTIALS" || ja == "" || out["message"] != "the login ID or password is incorrect" {
		t.Fatalf("body %v", out)
	}
}

// TestGateway_OddUploadsNeverCause500: the multipart part headers and fields of an
// upload are client-sent too. A broken multipart body or a file name that is not
// UTF-8 is the client's mistake (400), or is repaired, never a 500.
func TestGateway_OddUploadsNeverCause500(t *testing.T) {
	f := start(t, true)
	url := f.url + "/v1/establishments/0192f0c0-0000-7000-8000-000000000001/images"
	post := func(contentType, body string) (*http.Response, map[string]any) {
		req, _ := http.NewRequest("POST", url, strings.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		resp, raw := send(t, req)
		var out map[string]any
		_ = json.Unmarshal(raw, &out)
		return resp, out
	}
	// A boundary that never closes.
	resp, out := post("multipart/form-data; boundary=XX", "--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nPNG")
	if reason, ja := reasonOf(out); resp.StatusCode != 400 || reason != "MALFORMED_REQUEST" || ja == "" {
		t.Errorf("unterminated multipart: %d %v", resp.StatusCode, out)
	}
	// A part header without the blank line.
	resp, out = post("multipart/form-data; boundary=XX", "--XX\r\nbroken header\r\n--XX--\r\n")
	if resp.StatusCode != 400 {
		t.Errorf("broken part header: %d %v", resp.StatusCode, out)
	}
	// A file name and caption that are not UTF-8 (proto strings must be).
	body := "--XX\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\n\xff\xfe\r\n" +
		"--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\xff.png\"\r\nContent-Type: image/\xffpng\r\n\r\nPNG\r\n--XX--\r\n"
	resp, out = post("multipart/form-data; boundary=XX", body)
	if resp.StatusCode >= 500 {
		t.Errorf("non-UTF-8 file name: %d %v", resp.StatusCode, out)
	}
	if resp.Header.Get("X-Request-Id") == "" {
		t.Error("no request id")
	}
}
