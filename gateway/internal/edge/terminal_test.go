package edge_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/hellowork-jp/hellowork/gateway/internal/edge"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
)

func (f *fakeIdentity) RegisterVisitorTerminal(context.Context, *identityv1.RegisterVisitorTerminalRequest) (*identityv1.RegisterVisitorTerminalResponse, error) {
	return &identityv1.RegisterVisitorTerminalResponse{Terminal: &identityv1.VisitorTerminal{TerminalId: "t1"},
		TerminalCredential: "terminal-secret-1", CredentialExpireTime: timestamppb.New(time.Now().Add(30 * 24 * time.Hour))}, nil
}

func (f *fakeIdentity) RotateVisitorTerminalCredential(context.Context, *identityv1.RotateVisitorTerminalCredentialRequest) (*identityv1.RotateVisitorTerminalCredentialResponse, error) {
	return &identityv1.RotateVisitorTerminalCredentialResponse{Terminal: &identityv1.VisitorTerminal{TerminalId: "t1"},
		TerminalCredential: "terminal-secret-2", CredentialExpireTime: timestamppb.New(time.Now().Add(30 * 24 * time.Hour))}, nil
}

// TestGateway_VisitorTerminalCookie [LOGIN-4, D4]: the terminal credential of a staff
// enrolment (or rotation) goes into an HttpOnly, Secure, SameSite=Strict __Host-
// cookie of that browser and never into the answer; only that cookie reaches SignIn,
// a terminal_credential written in the body is dropped; a terminal session is a
// browser-session cookie (no Max-Age, no Expires).
func TestGateway_VisitorTerminalCookie(t *testing.T) {
	f := start(t, true)
	for _, tc := range []struct{ path, want string }{
		{"/v1/identity/staff/visitorTerminals", "terminal-secret-1"},
		{"/v1/identity/staff/visitorTerminals/0192f0c0-0000-7000-8000-000000000001:rotateCredential", "terminal-secret-2"},
	} {
		body := `{}`
		if !strings.Contains(tc.path, ":") {
			body = `{"display_name":"窓口端末 1"}`
		}
		resp, out := do(t, "POST", f.url+tc.path, body, nil)
		c := cookieOf(resp, edge.TerminalCookie)
		if resp.StatusCode != 200 || c == nil || c.Value != tc.want || !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteStrictMode ||
			c.Path != "/" || c.Domain != "" || c.MaxAge < 29*24*3600 {
			t.Fatalf("%s: status %d cookie %+v", tc.path, resp.StatusCode, c)
		}
		if strings.Contains(mustJSON(out), tc.want) {
			t.Fatalf("%s: terminal credential in the answer: %v", tc.path, out)
		}
	}
	signInBody := func() *identityv1.SignInRequest {
		f.id.mu.Lock()
		defer f.id.mu.Unlock()
		return f.id.signInBody
	}
	// A credential written in the body is dropped: without the cookie nothing reaches identity.
	do(t, "POST", f.url+"/v1/identity/sessions:signIn", `{"email":"a@example.jp","password":"x","terminal_credential":"terminal-secret-1"}`, nil)
	if got := signInBody().GetTerminalCredential(); got != "" {
		t.Fatalf("body terminal_credential forwarded: %q", got)
	}
	do(t, "POST", f.url+"/v1/identity/sessions:signIn", `{"email":"a@example.jp","password":"x","terminalCredential":"terminal-secret-1"}`, nil)
	if got := signInBody().GetTerminalCredential(); got != "" {
		t.Fatalf("body terminalCredential forwarded: %q", got)
	}
	// The cookie reaches SignIn, overriding the body; the terminal session's cookie
	// lasts only as long as the browser session.
	resp, _ := do(t, "POST", f.url+"/v1/identity/sessions:signIn", `{"email":"a@example.jp","password":"x","terminal_credential":"forged"}`,
		map[string]string{"Cookie": edge.TerminalCookie + "=terminal-secret-2"})
	if got := signInBody().GetTerminalCredential(); got != "terminal-secret-2" {
		t.Fatalf("terminal_credential = %q", got)
	}
	c := cookieOf(resp, edge.SessionCookie)
	if c == nil || c.Value != "sess-secret-1" || c.MaxAge != 0 || !c.Expires.IsZero() || strings.Contains(resp.Header.Get("Set-Cookie"), "Expires") {
		t.Fatalf("terminal session cookie %+v (%q): want a browser-session cookie", c, resp.Header.Values("Set-Cookie"))
	}
	// An ordinary session keeps its expiry.
	resp, _ = do(t, "POST", f.url+"/v1/identity/sessions:signIn", `{"email":"a@example.jp","password":"x"}`, nil)
	if c := cookieOf(resp, edge.SessionCookie); c == nil || c.MaxAge <= 0 {
		t.Fatalf("ordinary session cookie %+v", c)
	}
}

// TestGateway_ExchangeCarriesTheClientIP [issue 9 M4, LOGIN-4]: the session exchange
// tells identity the client IP the gateway observed, so identity can keep staff and
// visitor-terminal sessions inside their office's networks; a client's own
// X-Client-Ip header is not it.
func TestGateway_ExchangeCarriesTheClientIP(t *testing.T) {
	f := start(t, true)
	do(t, "POST", f.url+"/v1/establishments", `{}`, map[string]string{"Cookie": edge.SessionCookie + "=sess-secret-1", "X-Client-Ip": "192.0.2.10"})
	f.id.mu.Lock()
	ip := f.id.exchangeMD.Get("x-client-ip")
	f.id.mu.Unlock()
	if len(ip) != 1 || ip[0] != "127.0.0.1" {
		t.Fatalf("exchange x-client-ip = %v, want the observed 127.0.0.1", ip)
	}
}
