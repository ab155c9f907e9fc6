package edge_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/zap"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/hellowork-jp/hellowork/gateway/internal/edge"
	"github.com/hellowork-jp/hellowork/libs/authz"
	"github.com/hellowork-jp/hellowork/libs/config"
	"github.com/hellowork-jp/hellowork/libs/errs"
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/libs/grpcx"
)

// fakeER records the metadata it receives and answers with fixed results.
type fakeER struct {
	erv1.UnimplementedEmployerRegistrationServiceServer
	mu sync.Mutex
	md metadata.MD
}

func (f *fakeER) CreateProvisionalEstablishment(ctx context.Context, _ *erv1.CreateProvisionalEstablishmentRequest) (*erv1.Establishment, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	f.mu.Lock()
	f.md = md
	f.mu.Unlock()
	return &erv1.Establishment{EstablishmentId: "0192f0c0-0000-7000-8000-000000000001", OfficeCode: "1301"}, nil
}

// ListOffices fails the way a backend fault reaches the gateway: a bare INTERNAL
// status without details, whose message must not reach the browser.
func (f *fakeER) ListOffices(context.Context, *erv1.ListOfficesRequest) (*erv1.ListOfficesResponse, error) {
	return nil, status.Error(codes.Internal, "db: connection refused to 10.0.0.7")
}

func (f *fakeER) SaveEstablishmentSection(context.Context, *erv1.SaveEstablishmentSectionRequest) (*erv1.SaveEstablishmentSectionResponse, error) {
	return nil, errs.New(errs.KindFailedPrecondition, "INVALID_STATE", "already submitted").WithRule("OPEN-1")
}

// fakeIdentity opens sessions and exchanges them like identity, without the rules.
type fakeIdentity struct {
	identityv1.UnimplementedIdentityServiceServer
	mu         sync.Mutex
	signInBody *identityv1.SignInRequest
	exchanges  int
	exchangeMD metadata.MD
	// ended: sess-secret-1 was signed out or revoked; onlyFrom: it is exchanged only
	// from this client IP (a staff session inside its office's network).
	ended    bool
	onlyFrom string
	// tokenLife is the exchanged access token's life (5 minutes when zero).
	tokenLife time.Duration
}

func (f *fakeIdentity) SignIn(_ context.Context, req *identityv1.SignInRequest) (*identityv1.SignInResponse, error) {
	f.mu.Lock()
	f.signInBody = req
	f.mu.Unlock()
	if req.Password == "wrong" {
		return nil, errs.New(errs.KindUnauthenticated, "INVALID_CREDENTIALS", "the login ID or password is incorrect")
	}
	return &identityv1.SignInResponse{Session: &identityv1.Session{SessionId: "s1", SessionToken: "sess-secret-1", ExpireTime: timestamppb.New(time.Now().Add(time.Hour)),
		VisitorTerminal: req.TerminalCredential != ""}}, nil
}

func (f *fakeIdentity) VerifyOneTimePassword(context.Context, *identityv1.VerifyOneTimePasswordRequest) (*identityv1.VerifyOneTimePasswordResponse, error) {
	return &identityv1.VerifyOneTimePasswordResponse{
		Session:     &identityv1.Session{SessionId: "s2", SessionToken: "sess-secret-2", ExpireTime: timestamppb.New(time.Now().Add(time.Hour))},
		DeviceToken: "device-secret", DeviceTokenExpireTime: timestamppb.New(time.Now().Add(90 * 24 * time.Hour)),
	}, nil
}

func (f *fakeIdentity) ExchangeSession(ctx context.Context, req *identityv1.ExchangeSessionRequest) (*identityv1.ExchangeSessionResponse, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	f.mu.Lock()
	f.exchangeMD = md
	f.exchanges++
	ended, onlyFrom, life := f.ended, f.onlyFrom, f.tokenLife
	f.mu.Unlock()
	ip := md.Get("x-client-ip")
	if req.SessionToken != "sess-secret-1" || ended || (onlyFrom != "" && (len(ip) != 1 || ip[0] != onlyFrom)) {
		return nil, errs.ErrUnauthenticated
	}
	if life == 0 {
		life = 5 * time.Minute
	}
	return &identityv1.ExchangeSessionResponse{AccessToken: "jwt-for-s1", ExpireTime: timestamppb.New(time.Now().Add(life))}, nil
}

func (f *fakeIdentity) SignOut(context.Context, *identityv1.SignOutRequest) (*identityv1.SignOutResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ended = true
	return &identityv1.SignOutResponse{}, nil
}

func (f *fakeER) UploadImage(_ context.Context, req *erv1.UploadImageRequest) (*erv1.Image, error) {
	if len(req.Content) > 10 {
		return nil, errs.New(errs.KindInvalidArgument, "IMAGE_TOO_LARGE", "too large").WithRule("IMG-1")
	}
	return &erv1.Image{ImageId: "0192f0c0-0000-7000-8000-0000000000aa", EstablishmentId: req.EstablishmentId,
		ContentType: req.DeclaredContentType, Caption: req.Caption + "|" + req.Filename, SizeBytes: int64(len(req.Content))}, nil
}

func (f *fakeER) GetImage(_ context.Context, req *erv1.GetImageRequest) (*erv1.GetImageResponse, error) {
	state := erv1.ImageState_IMAGE_STATE_PUBLISHED
	if req.ImageId == "0192f0c0-0000-7000-8000-0000000000bb" {
		state = erv1.ImageState_IMAGE_STATE_PENDING_REVIEW
	}
	return &erv1.GetImageResponse{Image: &erv1.Image{ImageId: req.ImageId, ContentType: "image/png", Etag: "v1", State: state}, Content: []byte("PNGDATA")}, nil
}

func (f *fakeER) metadata() metadata.MD {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.md
}

type fixture struct {
	url    string
	opsURL string // the operator's port (the gateway's metrics address)
	fake   *fakeER
	id     *fakeIdentity
}

func start(t *testing.T, withBackend bool) *fixture {
	t.Helper()
	return startWith(t, withBackend, nil)
}

// startWith is start with the backend's dependency checks (as libs/runner registers).
func startWith(t *testing.T, withBackend bool, checks []grpcx.Check) *fixture {
	t.Helper()
	return startGateway(t, withBackend, checks, nil)
}

// startGateway is startWith with changes to the gateway's configuration and options.
func startGateway(t *testing.T, withBackend bool, checks []grpcx.Check, configure func(*edge.Config), opts ...edge.Option) *fixture {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	f := &fixture{fake: &fakeER{}, id: &fakeIdentity{}}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := lis.Addr().String()
	if withBackend {
		srv, err := grpcx.NewServer(grpcx.Options{Name: "er", ErrorDomain: "employer-registration.hellowork.example",
			// The fakes take no tokens: every method is public here.
			Policies: authz.Static{"/hellowork.employer_registration.v1.EmployerRegistrationService/": authz.Public(),
				"/hellowork.identity.v1.IdentityService/": authz.Public()},
			Checks: checks, CheckInterval: 20 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		erv1.RegisterEmployerRegistrationServiceServer(srv.GRPC(), f.fake)
		identityv1.RegisterIdentityServiceServer(srv.GRPC(), f.id)
		go func() { _ = srv.Serve(ctx, lis) }()
	} else {
		lis.Close() // nothing listens: the backend is down
	}
	cfg := edge.Config{HTTPAddr: "x", MaxBodyBytes: 1024, MaxUploadBytes: 4096, IdentityAddr: addr, LogLevel: "info", LogFormat: "json"}
	if configure != nil {
		configure(&cfg)
	}
	g, err := edge.New(ctx, cfg, zap.NewNop(), []edge.Backend{
		{Name: "employer-registration", Addr: addr, Register: erv1.RegisterEmployerRegistrationServiceHandler},
		{Name: "identity", Addr: addr, Register: identityv1.RegisterIdentityServiceHandler},
	}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(g.Close)
	hs := httptest.NewServer(g.Handler())
	t.Cleanup(hs.Close)
	f.url = hs.URL
	ops := httptest.NewServer(g.OperatorHandler())
	t.Cleanup(ops.Close)
	f.opsURL = ops.URL
	return f
}

func do(t *testing.T, method, url, body string, headers map[string]string) (*http.Response, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
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

// reasonOf digs the ErrorInfo reason and the ja-JP message out of Status JSON.
func reasonOf(body map[string]any) (reason, ja string) {
	details, _ := body["details"].([]any)
	for _, d := range details {
		m, _ := d.(map[string]any)
		switch m["@type"] {
		case "type.googleapis.com/google.rpc.ErrorInfo":
			reason, _ = m["reason"].(string)
		case "type.googleapis.com/google.rpc.LocalizedMessage":
			ja, _ = m["message"].(string)
		}
	}
	return reason, ja
}

func TestGateway_AnswersWithProtoFieldNamesAndNoStore(t *testing.T) {
	f := start(t, true)
	resp, body := do(t, "POST", f.url+"/v1/establishments", `{}`, nil)
	if resp.StatusCode != 200 || body["establishment_id"] != "0192f0c0-0000-7000-8000-000000000001" || body["office_code"] != "1301" {
		t.Fatalf("status %d body %v", resp.StatusCode, body)
	}
	if resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("headers %v", resp.Header)
	}
	if resp.Header.Get("X-Request-Id") == "" {
		t.Fatal("request id not returned")
	}
}

// Issue 12 item 7: a body the gateway cannot decode answers 400 MALFORMED_REQUEST with
// a BadRequest naming the field and Japanese text, never the parser's own words
// ("proto: (line 1:28): unknown field ...").
func TestGateway_UndecodableRequestsNameTheFieldWithoutParserText(t *testing.T) {
	f := start(t, true)
	const id = "0192f0c0-0000-7000-8000-000000000001"
	for _, tc := range []struct {
		name, method, path, body string
		fields                   map[string]string // field → reason
	}{
		{name: "unknown top-level field", method: "POST", path: "/v1/establishments", body: `{"establishmentt_id": "x"}`,
			fields: map[string]string{"establishmentt_id": "FIELD_UNKNOWN"}},
		{name: "unknown nested field", method: "POST", path: "/v1/establishments/" + id + ":saveSection",
			body:   `{"company": {"company_name": "株式会社ハロー", "compnay_name_kana": "ハロー"}}`,
			fields: map[string]string{"company.compnay_name_kana": "FIELD_UNKNOWN"}},
		{name: "wrong type nested", method: "POST", path: "/v1/establishments/" + id + ":saveSection",
			body:   `{"company": {"established_year": "nineteen", "sole_proprietor": false}, "confirm_warnings": "yes"}`,
			fields: map[string]string{"company.established_year": "FIELD_TYPE_INVALID", "confirm_warnings": "FIELD_TYPE_INVALID"}},
		{name: "message given a string", method: "POST", path: "/v1/establishments/" + id + ":saveSection", body: `{"company": "x"}`,
			fields: map[string]string{"company": "FIELD_TYPE_INVALID"}},
		{name: "query parameter of the wrong type", method: "GET", path: "/v1/establishment-changes?page_size=many",
			fields: map[string]string{"page_size": "FIELD_TYPE_INVALID"}},
		{name: "malformed JSON", method: "POST", path: "/v1/establishments", body: `{`},
		{name: "trailing garbage", method: "POST", path: "/v1/establishments", body: `{} {}`},
		{name: "not an object", method: "POST", path: "/v1/establishments", body: `[1]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, out := do(t, tc.method, f.url+tc.path, tc.body, nil)
			reason, ja := reasonOf(out)
			if resp.StatusCode != 400 || reason != "MALFORMED_REQUEST" || ja == "" {
				t.Fatalf("status %d reason %q ja %q body %v", resp.StatusCode, reason, ja, out)
			}
			raw, _ := json.Marshal(out)
			for _, leak := range []string{"proto:", "line 1", "syntax error", "invalid value for", "unexpected token"} {
				if strings.Contains(string(raw), leak) {
					t.Errorf("answer leaks parser text %q: %s", leak, raw)
				}
			}
			got := fieldViolations(out)
			if len(got) != len(tc.fields) {
				t.Fatalf("violations %v, want %v", got, tc.fields)
			}
			for field, want := range tc.fields {
				if v, ok := got[field]; !ok || v.reason != want || v.ja == "" {
					t.Errorf("field %s: got %+v, want reason %s with Japanese text (all: %v)", field, v, want, got)
				}
			}
		})
	}
}

type violation struct{ reason, ja string }

// fieldViolations reads the BadRequest of an error answer: field → reason and text.
func fieldViolations(body map[string]any) map[string]violation {
	out := map[string]violation{}
	details, _ := body["details"].([]any)
	for _, d := range details {
		m, _ := d.(map[string]any)
		if m["@type"] != "type.googleapis.com/google.rpc.BadRequest" {
			continue
		}
		fvs, _ := m["field_violations"].([]any)
		for _, fv := range fvs {
			v, _ := fv.(map[string]any)
			field, _ := v["field"].(string)
			reason, _ := v["reason"].(string)
			lm, _ := v["localized_message"].(map[string]any)
			ja, _ := lm["message"].(string)
			out[field] = violation{reason, ja}
		}
	}
	return out
}

func TestGateway_ErrorsAreStatusJSONWithDetails(t *testing.T) {
	f := start(t, true)
	// protovalidate at the backend: the path id is not a UUID → 400 with BadRequest.
	resp, out := do(t, "POST", f.url+"/v1/establishments/not-a-uuid:saveSection", `{"company": {}}`, nil)
	if resp.StatusCode != 400 {
		t.Fatalf("status %d body %v", resp.StatusCode, out)
	}
	found := false
	for _, d := range out["details"].([]any) {
		m := d.(map[string]any)
		if m["@type"] == "type.googleapis.com/google.rpc.BadRequest" {
			fv := m["field_violations"].([]any)[0].(map[string]any)
			found = fv["field"] == "establishment_id" && fv["localized_message"] != nil
		}
	}
	if !found {
		t.Fatalf("no BadRequest field violation for establishment_id: %v", out)
	}
	// A domain error keeps its reason, rule and Japanese message.
	resp, out = do(t, "POST", f.url+"/v1/establishments/0192f0c0-0000-7000-8000-000000000001:saveSection", `{"company": {}}`, nil)
	reason, ja := reasonOf(out)
	if resp.StatusCode != 400 || reason != "INVALID_STATE" || ja != "現在の状態ではこの操作はできません。" {
		t.Fatalf("status %d reason %q ja %q", resp.StatusCode, reason, ja)
	}
}

func TestGateway_LimitsBodySize(t *testing.T) {
	f := start(t, true)
	big := `{"x":"` + strings.Repeat("a", 2048) + `"}`
	resp, out := do(t, "POST", f.url+"/v1/establishments", big, nil)
	if reason, _ := reasonOf(out); resp.StatusCode != http.StatusRequestEntityTooLarge || reason != "REQUEST_TOO_LARGE" {
		t.Fatalf("status %d reason %q", resp.StatusCode, reason)
	}
}

func TestGateway_RefusesCrossOriginStateChanges(t *testing.T) {
	f := start(t, true)
	resp, out := do(t, "POST", f.url+"/v1/establishments", `{}`, map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"})
	if reason, _ := reasonOf(out); resp.StatusCode != 403 || reason != "CROSS_ORIGIN_REQUEST" {
		t.Fatalf("cross-site POST: status %d reason %q", resp.StatusCode, reason)
	}
	resp, _ = do(t, "POST", f.url+"/v1/establishments", `{}`, map[string]string{"Sec-Fetch-Site": "same-origin"})
	if resp.StatusCode != 200 {
		t.Fatalf("same-origin POST: status %d", resp.StatusCode)
	}
}

func TestGateway_ForwardsOnlyAllowListedHeaders(t *testing.T) {
	f := start(t, true)
	resp, _ := do(t, "POST", f.url+"/v1/establishments", `{}`, map[string]string{
		"Grpc-Metadata-X-Client-Ip": "1.2.3.4",
		"Authorization":             "Bearer forged",
		"Cookie":                    "a=b",
		"Accept-Language":           "ja-JP",
		"X-Request-Id":              "req-123",
		"X-Http-Method-Override":    "DELETE",
	})
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	md := f.fake.metadata()
	if got := md.Get("x-client-ip"); len(got) != 1 || got[0] != "127.0.0.1" {
		t.Errorf("x-client-ip = %v, want only the gateway's own 127.0.0.1", got)
	}
	if len(md.Get("authorization")) != 0 || len(md.Get("grpcgateway-cookie")) != 0 || len(md.Get("grpcgateway-authorization")) != 0 {
		for k, v := range md {
			t.Logf("md %s=%q", k, v)
		}
		t.Errorf("credentials forwarded")
	}
	if got := md.Get("accept-language"); len(got) != 1 || got[0] != "ja-JP" {
		t.Errorf("accept-language = %v", got)
	}
	if got := md.Get("x-request-id"); len(got) != 1 || got[0] != "req-123" {
		t.Errorf("x-request-id = %v", got)
	}
	if resp.Header.Get("X-Request-Id") != "req-123" {
		t.Errorf("request id not echoed: %v", resp.Header)
	}
}

func TestGateway_ReadyzFollowsBackends(t *testing.T) {
	up := start(t, true)
	deadline := time.Now().Add(5 * time.Second)
	for {
		resp, out := do(t, "GET", up.url+"/readyz", "", nil)
		if resp.StatusCode == 200 && out["status"] == "ready" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("never ready: %d %v", resp.StatusCode, out)
		}
		time.Sleep(20 * time.Millisecond) // polling the backend's first readiness check
	}
	down := start(t, false)
	resp, out := do(t, "GET", down.url+"/readyz", "", nil)
	if resp.StatusCode != 503 || out["status"] != "not ready" {
		t.Fatalf("down backend: %d %v", resp.StatusCode, out)
	}
	// The public answer names no backend; the operator's port does.
	if _, ok := out["services"]; ok || strings.Contains(mustJSON(out), "identity") || strings.Contains(mustJSON(out), "employer-registration") {
		t.Fatalf("public /readyz names backends: %v", out)
	}
	resp, out = do(t, "GET", down.opsURL+"/readyz", "", nil)
	services, _ := out["services"].(map[string]any)
	if resp.StatusCode != 503 || services["employer-registration"].(map[string]any)["readiness"] != "UNREACHABLE" ||
		services["identity"].(map[string]any)["readiness"] != "UNREACHABLE" {
		t.Fatalf("operator /readyz, down backend: %d %v", resp.StatusCode, out)
	}
	if resp, _ := do(t, "GET", down.url+"/healthz", "", nil); resp.StatusCode != 200 {
		t.Fatal("healthz must not depend on backends")
	}
	resp, _ = do(t, "GET", down.url+"/openapi.json", "", nil)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("openapi.json: %d", resp.StatusCode)
	}
}

// TestGateway_ReadyzStaysReadyThroughABrokerOutage: a backend whose NATS is down
// still serves (the outbox holds its events), so /readyz stays 200; operators see the
// outage per backend on the operator's port. A database outage makes it not ready.
func TestGateway_ReadyzStaysReadyThroughABrokerOutage(t *testing.T) {
	var dbDown, brokerDown atomic.Bool
	probe := func(down *atomic.Bool) func(context.Context) error {
		return func(context.Context) error {
			if down.Load() {
				return errors.New("down")
			}
			return nil
		}
	}
	f := startWith(t, true, []grpcx.Check{
		{Name: "postgres", Fn: probe(&dbDown)},
		{Name: "nats", Fn: probe(&brokerDown), Informational: true},
	})
	// await polls both views until the public status code and the operator's view of
	// identity's nats dependency are as wanted.
	await := func(phase string, code int, nats string) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for {
			pub, _ := do(t, "GET", f.url+"/readyz", "", nil)
			ops, out := do(t, "GET", f.opsURL+"/readyz", "", nil)
			svc, _ := out["services"].(map[string]any)["identity"].(map[string]any)
			deps, _ := svc["dependencies"].(map[string]any)
			if pub.StatusCode == code && ops.StatusCode == code && deps["nats"] == nats {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: public %d, operator %d %v; want %d with nats %s", phase, pub.StatusCode, ops.StatusCode, out, code, nats)
			}
			time.Sleep(20 * time.Millisecond) // polling the backend's check loop
		}
	}
	await("healthy", 200, "SERVING")
	brokerDown.Store(true)
	await("broker down", 200, "NOT_SERVING")
	dbDown.Store(true)
	await("database down too", 503, "NOT_SERVING")
	dbDown.Store(false)
	brokerDown.Store(false)
	await("recovered", 200, "SERVING")
}

func cookieOf(resp *http.Response, name string) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func TestGateway_CookieAndHeaders(t *testing.T) {
	f := start(t, true)
	// The session token goes into a __Host- cookie and never into the body.
	resp, out := do(t, "POST", f.url+"/v1/identity/sessions:signIn", `{"email":"a@example.jp","password":"x"}`, nil)
	c := cookieOf(resp, edge.SessionCookie)
	if resp.StatusCode != 200 || c == nil || c.Value != "sess-secret-1" || !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Domain != "" {
		t.Fatalf("status %d cookie %+v", resp.StatusCode, c)
	}
	if strings.Contains(mustJSON(out), "sess-secret-1") {
		t.Fatalf("session token in body: %v", out)
	}
	// The trusted-device token (LOGIN-3) likewise, with its 90-day life.
	resp, out = do(t, "POST", f.url+"/v1/identity/sessions:verifyOneTimePassword",
		`{"login_attempt_id":"0192f0c0-0000-7000-8000-000000000001","one_time_password":"123456","remember_device":true}`, nil)
	d := cookieOf(resp, edge.DeviceCookie)
	if d == nil || d.Value != "device-secret" || !d.HttpOnly || !d.Secure || d.MaxAge < 89*24*3600 || strings.Contains(mustJSON(out), "device-secret") {
		t.Fatalf("device cookie %+v body %v", d, out)
	}
	// The device cookie reaches SignIn as device_token, overriding the body.
	do(t, "POST", f.url+"/v1/identity/sessions:signIn", `{"email":"a@example.jp","password":"x","device_token":"forged"}`,
		map[string]string{"Cookie": edge.DeviceCookie + "=device-secret"})
	f.id.mu.Lock()
	got := f.id.signInBody.GetDeviceToken()
	f.id.mu.Unlock()
	if got != "device-secret" {
		t.Fatalf("device_token = %q", got)
	}
	// Without the cookie, a device_token written in the body is dropped.
	do(t, "POST", f.url+"/v1/identity/sessions:signIn", `{"email":"a@example.jp","password":"x","device_token":"device-secret"}`, nil)
	f.id.mu.Lock()
	got = f.id.signInBody.GetDeviceToken()
	f.id.mu.Unlock()
	if got != "" {
		t.Fatalf("body device_token forwarded without a cookie: %q", got)
	}
	// A request with the session cookie reaches the backend with the exchanged token.
	do(t, "POST", f.url+"/v1/establishments", `{}`, map[string]string{"Cookie": edge.SessionCookie + "=sess-secret-1"})
	if a := f.fake.metadata().Get("authorization"); len(a) != 1 || a[0] != "Bearer jwt-for-s1" {
		t.Fatalf("authorization = %v", a)
	}
	// The exchange runs under the request's id, as the call itself.
	resp, _ = do(t, "POST", f.url+"/v1/establishments", `{}`, map[string]string{"Cookie": edge.SessionCookie + "=sess-secret-1", "X-Request-Id": "req-exchange"})
	f.id.mu.Lock()
	exID := f.id.exchangeMD.Get("x-request-id")
	f.id.mu.Unlock()
	if len(exID) != 1 || exID[0] != "req-exchange" || resp.Header.Get("X-Request-Id") != "req-exchange" {
		t.Fatalf("exchange request id %v, answer %q", exID, resp.Header.Get("X-Request-Id"))
	}
	// An unknown session yields no token at all.
	do(t, "POST", f.url+"/v1/establishments", `{}`, map[string]string{"Cookie": edge.SessionCookie + "=stolen"})
	if a := f.fake.metadata().Get("authorization"); len(a) != 0 {
		t.Fatalf("authorization for a bad session = %v", a)
	}
	// Without the session cache (SESSION_CACHE_TTL=0, as here) every request is
	// exchanged afresh, so a revoked session stops at once (sessioncache_test.go: with it).
	f.id.mu.Lock()
	before := f.id.exchanges
	f.id.mu.Unlock()
	for range 3 {
		do(t, "POST", f.url+"/v1/establishments", `{}`, map[string]string{"Cookie": edge.SessionCookie + "=sess-secret-1"})
	}
	f.id.mu.Lock()
	after := f.id.exchanges
	f.id.mu.Unlock()
	if after-before != 3 {
		t.Fatalf("exchanges %d for 3 requests: a cached token would outlive a revocation", after-before)
	}
	// Sign-out clears the cookie.
	resp, _ = do(t, "POST", f.url+"/v1/identity/sessions:signOut", `{}`, map[string]string{"Cookie": edge.SessionCookie + "=sess-secret-1"})
	if c := cookieOf(resp, edge.SessionCookie); c == nil || c.MaxAge >= 0 {
		t.Fatalf("sign-out cookie %+v", c)
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func upload(t *testing.T, url string, content []byte) (*http.Response, map[string]any) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("caption", "外観")
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="front.png"`)
	h.Set("Content-Type", "image/png")
	part, _ := mw.CreatePart(h)
	_, _ = part.Write(content)
	_ = mw.Close()
	req, _ := http.NewRequest("POST", url, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp, out
}

func TestGateway_ImageUploadAndContent(t *testing.T) {
	f := start(t, true)
	est := "0192f0c0-0000-7000-8000-000000000001"
	resp, out := upload(t, f.url+"/v1/establishments/"+est+"/images", []byte("PNG"))
	if resp.StatusCode != 200 || out["caption"] != "外観|front.png" || out["content_type"] != "image/png" || out["size_bytes"] != "3" {
		t.Fatalf("upload: %d %v", resp.StatusCode, out)
	}
	// The service's own IMG-1 error comes back as Status JSON.
	resp, out = upload(t, f.url+"/v1/establishments/"+est+"/images", bytes.Repeat([]byte("x"), 11))
	if reason, _ := reasonOf(out); resp.StatusCode != 400 || reason != "IMAGE_TOO_LARGE" {
		t.Fatalf("too large: %d %v", resp.StatusCode, out)
	}
	// More than the upload limit never reaches the service.
	resp, _ = upload(t, f.url+"/v1/establishments/"+est+"/images", bytes.Repeat([]byte("x"), 8192))
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("over the gateway limit: %d", resp.StatusCode)
	}
	r, err := http.Get(f.url + "/v1/establishments/" + est + "/images/0192f0c0-0000-7000-8000-0000000000aa/content")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if r.StatusCode != 200 || string(body) != "PNGDATA" || r.Header.Get("Content-Type") != "image/png" ||
		r.Header.Get("ETag") != `"v1"` || !strings.HasPrefix(r.Header.Get("Cache-Control"), "public") {
		t.Fatalf("content: %d %q %v", r.StatusCode, body, r.Header)
	}
	req, _ := http.NewRequest("GET", f.url+"/v1/establishments/"+est+"/images/0192f0c0-0000-7000-8000-0000000000aa/content", nil)
	req.Header.Set("If-None-Match", `"v1"`)
	r, _ = http.DefaultClient.Do(req)
	r.Body.Close()
	if r.StatusCode != http.StatusNotModified {
		t.Fatalf("If-None-Match: %d", r.StatusCode)
	}
	r, _ = http.Get(f.url + "/v1/establishments/" + est + "/images/0192f0c0-0000-7000-8000-0000000000bb/content")
	r.Body.Close()
	if r.Header.Get("Cache-Control") != "private, no-store" {
		t.Fatalf("image under review is cacheable: %v", r.Header)
	}
}

func TestConfig_LoadsWithDefaultsAndRejectsBadValues(t *testing.T) {
	t.Setenv("IDENTITY_ADDR", "127.0.0.1:9101")
	cfg, err := config.Load[edge.Config]()
	if err != nil || cfg.HTTPAddr != "127.0.0.1:8080" || cfg.MaxBodyBytes != 65536 || cfg.SessionCacheTTL != edge.DefaultSessionCacheTTL {
		t.Fatalf("defaults: %+v %v", cfg, err)
	}
	// The session cache bounds revocation elsewhere: never longer than 30 s.
	for _, ttl := range []string{"31s", "-1s"} {
		t.Setenv("SESSION_CACHE_TTL", ttl)
		if _, err := config.Load[edge.Config](); err == nil || !strings.Contains(err.Error(), "SESSION_CACHE_TTL") {
			t.Fatalf("SESSION_CACHE_TTL=%s: %v", ttl, err)
		}
	}
	t.Setenv("SESSION_CACHE_TTL", "0")
	if _, err := config.Load[edge.Config](); err != nil {
		t.Fatalf("SESSION_CACHE_TTL=0 (every request exchanged): %v", err)
	}
	t.Setenv("LOG_FORMAT", "xml")
	if _, err := config.Load[edge.Config](); err == nil || !strings.Contains(err.Error(), "LOG_FORMAT") {
		t.Fatalf("bad LOG_FORMAT: %v", err)
	}
}
