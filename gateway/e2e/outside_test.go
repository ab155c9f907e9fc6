package e2e_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/gateway/e2e"
)

// TestOutside_HeadersRequestIDsChallengeAndReadiness replays, against the real
// gateway and identity, what a new user found from outside (issue 9 item 11): a
// Japanese User-Agent made every route answer 500; 413 and 500 lacked X-Request-Id;
// 401 carried an English message as its challenge; and /readyz turned 503 while NATS
// was down although requests still succeeded through the outbox.
func TestOutside_HeadersRequestIDsChallengeAndReadiness(t *testing.T) {
	st := e2e.StartWith(t, map[string]string{"RATE_LIMIT_IP_PER_MINUTE": "100000"}, e2e.Identity)
	// The operator's view of readiness lives on the gateway's metrics port.
	ops := e2e.FreeAddr(t)
	st.Stop(e2e.Gateway.Name)
	st.StartProcess(e2e.Gateway.Name, map[string]string{"METRICS_ADDR": ops})
	st.WaitReady(30 * time.Second)

	call := func(method, url, body string, h map[string]string) (*http.Response, map[string]any) {
		t.Helper()
		req, err := http.NewRequest(method, url, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		for k, v := range h {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var out map[string]any
		_ = json.Unmarshal(raw, &out)
		return resp, out
	}
	signIn := `{"email":"nobody@example.jp","password":"Wrong-password-1"}`

	// A Japanese user agent: the sign-in is refused for the credentials (401), not 500.
	resp, out := call("POST", st.GateURL+"/v1/identity/sessions:signIn", signIn, map[string]string{"User-Agent": "テスト端末/1.0"})
	if resp.StatusCode != 401 {
		t.Fatalf("sign-in with a Japanese User-Agent: %d %v", resp.StatusCode, out)
	}
	if resp.Header.Get("X-Request-Id") == "" {
		t.Error("401 without X-Request-Id")
	}
	if ch := resp.Header.Get("Www-Authenticate"); !strings.HasPrefix(ch, "Cookie realm=") || strings.Contains(ch, "incorrect") {
		t.Errorf("401 challenge %q", ch)
	}
	// 413 carries the request id the client sent.
	resp, _ = call("POST", st.GateURL+"/v1/identity/sessions:signIn", `{"email":"`+strings.Repeat("a", 70_000)+`"}`, map[string]string{"X-Request-Id": "outside-413"})
	if resp.StatusCode != 413 || resp.Header.Get("X-Request-Id") != "outside-413" {
		t.Errorf("413: %d, X-Request-Id %q", resp.StatusCode, resp.Header.Get("X-Request-Id"))
	}

	// Public /readyz names no backend.
	resp, out = call("GET", st.GateURL+"/readyz", "", nil)
	if resp.StatusCode != 200 || len(out) != 1 || out["status"] != "ready" {
		t.Fatalf("public /readyz: %d %v", resp.StatusCode, out)
	}
	natsOf := func() (int, string) {
		resp, out := call("GET", "http://"+ops+"/readyz", "", nil)
		svc, _ := out["services"].(map[string]any)["identity"].(map[string]any)
		deps, _ := svc["dependencies"].(map[string]any)
		nats, _ := deps["nats"].(string)
		return resp.StatusCode, nats
	}
	if code, nats := natsOf(); code != 200 || nats != "SERVING" {
		t.Fatalf("operator /readyz before the outage: %d nats %q", code, nats)
	}

	// NATS stops: identity keeps serving (its events wait in the outbox), so /readyz
	// stays 200 while the operator's view shows the broker down.
	st.NATS.Stop()
	deadline := time.Now().Add(15 * time.Second)
	for {
		code, nats := natsOf()
		if nats == "NOT_SERVING" {
			if code != 200 {
				t.Fatalf("operator /readyz during the NATS outage: %d", code)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the NATS outage never showed: %d nats %q", code, nats)
		}
		time.Sleep(100 * time.Millisecond) // polling identity's 2 s check loop
	}
	for range 3 { // across check rounds
		if resp, out := call("GET", st.GateURL+"/readyz", "", nil); resp.StatusCode != 200 {
			t.Fatalf("public /readyz during the NATS outage: %d %v", resp.StatusCode, out)
		}
		if resp, out := call("POST", st.GateURL+"/v1/identity/sessions:signIn", signIn, nil); resp.StatusCode != 401 {
			t.Fatalf("sign-in during the NATS outage: %d %v", resp.StatusCode, out)
		}
		time.Sleep(time.Second) // spanning identity's check rounds
	}
	st.NATS.Start()
	deadline = time.Now().Add(30 * time.Second)
	for {
		if _, nats := natsOf(); nats == "SERVING" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("NATS never showed as back")
		}
		time.Sleep(100 * time.Millisecond) // polling identity's reconnect
	}
}
