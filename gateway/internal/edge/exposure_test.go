package edge_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// L8: the public port serves neither /metrics nor backend names; both live on the
// operator's port (METRICS_ADDR: /metrics is added there by cmd/gateway).
func TestGateway_OperatorEndpointsStayOffThePublicPort(t *testing.T) {
	f := start(t, true)
	for _, path := range []string{"/metrics", "/debug/pprof/", "/debug/vars"} {
		resp, err := http.Get(f.url + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK || strings.Contains(string(b), "# HELP") {
			t.Errorf("public %s: %d %.200s", path, resp.StatusCode, b)
		}
	}
	resp, out := do(t, "GET", f.url+"/readyz", "", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("public /readyz: %d %v", resp.StatusCode, out)
	}
	if len(out) != 1 || out["status"] != "ready" {
		t.Errorf("public /readyz says more than ready/not ready: %v", out)
	}
}
