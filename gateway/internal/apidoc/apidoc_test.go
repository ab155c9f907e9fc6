package apidoc_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/hellowork-jp/hellowork/gateway/internal/apidoc"
	"github.com/hellowork-jp/hellowork/gateway/openapi"
)

type document struct {
	Info struct {
		Title, Version string
	}
	Paths       map[string]map[string]operation
	Definitions map[string]struct {
		Properties map[string]map[string]any
	}
}

type operation struct {
	OperationID string           `json:"operationId"`
	Parameters  []map[string]any `json:"parameters"`
}

func served(t *testing.T) document {
	t.Helper()
	var d document
	if err := json.Unmarshal(openapi.Spec, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// Issue 12 item 7: the served document (and the client generated from it) is complete:
// a real title and version, the hand-written image routes, the protovalidate limits.
func TestServedDocument_HasTitleVersionImageRoutesAndLimits(t *testing.T) {
	d := served(t)
	if d.Info.Title != apidoc.Title || d.Info.Version != apidoc.Version {
		t.Errorf("info = %q %q, want %q %q", d.Info.Title, d.Info.Version, apidoc.Title, apidoc.Version)
	}
	for _, route := range []struct{ path, method string }{
		{"/v1/establishments/{establishment_id}/images", "post"},
		{"/v1/establishments/{establishment_id}/images/{image_id}/content", "get"},
	} {
		if _, ok := d.Paths[route.path][route.method]; !ok {
			t.Errorf("%s %s (served by gateway/internal/edge/images.go) is not in the document", route.method, route.path)
		}
	}
	limits := []struct {
		path, method, param string
		key                 string
		want                float64
	}{
		{"/v1/identity/account/recentSignIns", "get", "page_size", "maximum", 100},
		{"/v1/establishment-changes", "get", "page_size", "maximum", 100},
		{"/v1/postings", "get", "page_size", "maximum", 100},
	}
	for _, l := range limits {
		op := d.Paths[l.path][l.method]
		found := false
		for _, p := range op.Parameters {
			if p["name"] == l.param {
				found = true
				if got, _ := p[l.key].(float64); got != l.want {
					t.Errorf("%s %s %s: %s = %v, want %v", l.method, l.path, l.param, l.key, p[l.key], l.want)
				}
			}
		}
		if !found {
			t.Errorf("%s %s has no parameter %s", l.method, l.path, l.param)
		}
	}
	email := d.Definitions["hellowork.identity.v1.StartRegistrationRequest"].Properties["email"]
	if email["maxLength"] != float64(100) || email["minLength"] != float64(1) {
		t.Errorf("StartRegistrationRequest.email limits not documented: %v", email)
	}
}

// A route both generated from the protos and hand-written is refused (completing the
// completed document names the image routes twice).
func TestComplete_RefusesARouteGeneratedAndHandWritten(t *testing.T) {
	if _, err := apidoc.Complete(openapi.Spec); err == nil {
		t.Fatal("completing an already completed document must fail: the hand-written routes would be doubled")
	}
	raw, err := os.ReadFile("images.swagger.json")
	if err != nil || !json.Valid(raw) {
		t.Fatalf("images.swagger.json: %v", err)
	}
}
