package edge

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"time"

	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"

	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
)

// Cookie names. The __Host- prefix makes browsers insist on Secure, Path=/ and no
// Domain, so no subdomain can plant or read them.
const (
	SessionCookie = "__Host-hw_session"
	DeviceCookie  = "__Host-hw_device"
	// TerminalCookie holds a visitor terminal's credential (LOGIN-4), set when staff
	// enrol or rotate the terminal from its own browser.
	TerminalCookie = "__Host-hw_terminal"
)

// sessions turns the session cookie into a short-lived access token (identity's
// ExchangeSession) and moves the tokens identity returns into cookies.
//
// The exchange (a gRPC call and a transaction in identity, about 3 ms of CPU in all) is
// kept per replica for SESSION_CACHE_TTL (default 5 s, at most 30 s, 0 = exchange every
// request; sessioncache.go), keyed by the session token and the client IP. What that
// costs revocation, and why it is bounded (docs/security.md "Session cache"):
//   - sign-out, revoking a session and every other identity change made through this
//     replica take effect at once (the cache is emptied);
//   - a revocation on another replica or inside identity (withdrawal, account deleted
//     by an event, idle timeout, role or e-mail change) takes effect within the TTL;
//   - a staff or visitor-terminal session used from outside its office's networks is
//     refused as before: another client IP is another key, exchanged and judged anew;
//   - an entry never outlives its access token (it ends 30 s before the token expires).
type sessions struct {
	client identityv1.IdentityServiceClient
	// annotate is what the gateway tells the services about the request (client IP):
	// identity binds staff and visitor-terminal sessions to their office's networks.
	annotate func(context.Context, *http.Request) metadata.MD
	cache    *sessionCache // nil: every request is exchanged
}

type accessTokenKey struct{}

func newSessions(client identityv1.IdentityServiceClient, annotate func(context.Context, *http.Request) metadata.MD, cache *sessionCache) *sessions {
	return &sessions{client: client, annotate: annotate, cache: cache}
}

// middleware exchanges the session cookie, if any, and hands the access token to the
// metadata annotator through the request context. An invalid session simply yields
// an unauthenticated request; the service decides what that means.
func (s *sessions) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" && len(c.Value) <= 128 {
			// The exchange is logged by identity under the request's id (a cache hit is no exchange).
			ctx := metadata.AppendToOutgoingContext(r.Context(), "x-request-id", r.Header.Get(requestIDHeader))
			// The client IP the gateway observed: a staff or visitor-terminal session is
			// exchanged only from its office's networks (identity, LOGIN-4, issue 9).
			ip := ""
			if ips := s.annotate(r.Context(), r).Get(mdClientIP); len(ips) == 1 {
				ip = ips[0]
				ctx = metadata.AppendToOutgoingContext(ctx, mdClientIP, ip)
			}
			if tok := s.accessToken(ctx, c.Value, ip); tok != "" {
				r = r.WithContext(context.WithValue(r.Context(), accessTokenKey{}, tok))
			}
		}
		if r.Method == http.MethodPost && r.URL.Path == "/v1/identity/sessions:signIn" {
			injectCredentials(r)
		}
		if s.cache != nil && changesIdentity(r) {
			// Emptied once identity has answered, before the browser sees the answer
			// (so its next request is exchanged anew), whatever the outcome: a timeout
			// may still have revoked.
			w = &clearBeforeAnswer{ResponseWriter: w, clear: s.cache.clear}
			defer s.cache.clear()
		}
		next.ServeHTTP(w, r)
	})
}

// accessToken exchanges the session token from clientIP, through the cache if any.
func (s *sessions) accessToken(ctx context.Context, sessionToken, clientIP string) string {
	var (
		key [32]byte
		gen uint64
	)
	if s.cache != nil {
		var tok string
		var ok bool
		key = sessionCacheKey(sessionToken, clientIP)
		if tok, gen, ok = s.cache.get(key); ok {
			return tok
		}
	}
	resp, err := s.client.ExchangeSession(ctx, &identityv1.ExchangeSessionRequest{SessionToken: sessionToken})
	if err != nil {
		return ""
	}
	if s.cache != nil && resp.GetAccessToken() != "" {
		s.cache.put(key, gen, resp.GetAccessToken(), resp.GetExpireTime().AsTime())
	}
	return resp.GetAccessToken()
}

// injectCredentials puts the trusted-device cookie (LOGIN-3) and the visitor-terminal
// cookie (LOGIN-4) into the sign-in body, and removes any device_token or
// terminal_credential the client wrote there itself: both only ever come from the
// HttpOnly cookies.
func injectCredentials(r *http.Request) {
	fromCookie := func(name string) string {
		if c, err := r.Cookie(name); err == nil && len(c.Value) <= 128 {
			return c.Value
		}
		return ""
	}
	device, terminal := fromCookie(DeviceCookie), fromCookie(TerminalCookie)
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		r.Body = io.NopCloser(bytes.NewReader(raw))
		return
	}
	var body map[string]json.RawMessage
	if json.Unmarshal(raw, &body) != nil || body == nil {
		r.Body = io.NopCloser(bytes.NewReader(raw)) // let the gateway report the bad JSON
		return
	}
	for _, k := range []string{"device_token", "deviceToken", "terminal_credential", "terminalCredential"} {
		delete(body, k)
	}
	if device != "" {
		body["device_token"], _ = json.Marshal(device)
	}
	if terminal != "" {
		body["terminal_credential"], _ = json.Marshal(terminal)
	}
	raw, _ = json.Marshal(body)
	r.Body = io.NopCloser(bytes.NewReader(raw))
	r.ContentLength = int64(len(raw))
}

// authorization is the metadata annotator's part: the exchanged access token.
func authorization(ctx context.Context) metadata.MD {
	if tok, ok := ctx.Value(accessTokenKey{}).(string); ok && tok != "" {
		return metadata.Pairs("authorization", "Bearer "+tok)
	}
	return nil
}

// cookies moves tokens out of identity's responses into cookies: the session token
// (SignIn without OTP, VerifyOneTimePassword) and the trusted-device token (LOGIN-3).
// Browser code never sees either. Sign-out clears the session cookie.
func (s *sessions) cookies(_ context.Context, w http.ResponseWriter, m proto.Message) error {
	var sess *identityv1.Session
	switch resp := m.(type) {
	case *identityv1.SignInResponse:
		sess = resp.GetSession()
	case *identityv1.VerifyOneTimePasswordResponse:
		sess = resp.GetSession()
		if resp.GetDeviceToken() != "" {
			http.SetCookie(w, cookie(DeviceCookie, resp.GetDeviceToken(), resp.GetDeviceTokenExpireTime().AsTime()))
			resp.DeviceToken = ""
		}
	case *identityv1.SignOutResponse:
		http.SetCookie(w, expired(SessionCookie))
	case *identityv1.RegisterVisitorTerminalResponse:
		// Staff enrol the terminal from its own browser: the credential goes into
		// that browser's cookie and never into page script.
		if resp.GetTerminalCredential() != "" {
			http.SetCookie(w, terminalCookie(resp.GetTerminalCredential(), resp.GetCredentialExpireTime().AsTime()))
			resp.TerminalCredential = ""
		}
	case *identityv1.RotateVisitorTerminalCredentialResponse:
		if resp.GetTerminalCredential() != "" {
			http.SetCookie(w, terminalCookie(resp.GetTerminalCredential(), resp.GetCredentialExpireTime().AsTime()))
			resp.TerminalCredential = ""
		}
	}
	if sess != nil && sess.GetSessionToken() != "" {
		c := cookie(SessionCookie, sess.GetSessionToken(), sess.GetExpireTime().AsTime())
		if sess.GetVisitorTerminal() {
			// A browser-session cookie on a visitor terminal: closing the browser ends
			// it for the next visitor (identity also ends it after a short idle time).
			c.Expires, c.MaxAge = time.Time{}, 0
		}
		http.SetCookie(w, c)
		sess.SessionToken = ""
	}
	return nil
}

// terminalCookie carries a visitor terminal's credential until it expires. Strict:
// only the sign-in on this site itself needs it, never a navigation from elsewhere.
func terminalCookie(value string, expires time.Time) *http.Cookie {
	c := cookie(TerminalCookie, value, expires)
	c.SameSite = http.SameSiteStrictMode
	return c
}

func cookie(name, value string, expires time.Time) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Path: "/", Expires: expires.UTC(),
		MaxAge: int(time.Until(expires).Seconds()), Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode}
}

func expired(name string) *http.Cookie {
	return &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode}
}
