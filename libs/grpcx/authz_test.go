package grpcx_test

import (
	"context"
	"net"
	"strings"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/authz"
	"github.com/hellowork-jp/hellowork/libs/grpcx"
)

// TestAuthz_EveryMethodDeclaresPolicy: every RPC of every hellowork service linked into
// this test (protos_test.go imports each generated package) declares a valid, non-empty
// authorization policy. A method without one would refuse every call at run time;
// this test finds it before it ships.
func TestAuthz_EveryMethodDeclaresPolicy(t *testing.T) {
	services, _ := requestTypes(t)
	if len(services) != expectedServices {
		t.Fatalf("%d hellowork services linked, want %d: add the new service's generated package to protos_test.go", len(services), expectedServices)
	}
	methods, problems := authz.Audit(protoregistry.GlobalFiles, "hellowork.")
	t.Logf("METRIC services=%d methods=%d methods_without_policy=%d", len(services), methods, len(problems))
	if methods == 0 {
		t.Fatal("no hellowork methods found in the registry")
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// The audit itself must notice a missing and an empty policy (test.Echo declares both).
func TestAuthz_AuditFindsUndeclaredAndEmptyPolicies(t *testing.T) {
	start(t) // registers test.Echo
	methods, problems := authz.Audit(protoregistry.GlobalFiles, "test")
	if methods != len(echoPolicies) {
		t.Fatalf("methods = %d, want %d", methods, len(echoPolicies))
	}
	joined := strings.Join(problems, "\n")
	if len(problems) != 2 || !strings.Contains(joined, "test.Echo.Undeclared: no") || !strings.Contains(joined, "test.Echo.Empty: empty policy") {
		t.Fatalf("problems:\n%s", joined)
	}
}

// TestAuthz_InterceptorEnforcesDeclaredPolicy: the grpcx chain reads each method's
// policy from the registered descriptors and refuses what it does not admit.
func TestAuthz_InterceptorEnforcesDeclaredPolicy(t *testing.T) {
	f := start(t)
	tok := func(p authn.Principal) context.Context {
		return metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+f.auth.Token(t, p))
	}
	anonymous := context.Background()
	primary := tok(authn.Principal{AccountID: "acc-p", Role: authn.RolePrimary, EstablishmentID: "e1"})
	additional := tok(authn.Principal{AccountID: "acc-a", Role: authn.RoleAdditional, EstablishmentID: "e1"})
	provisional := tok(authn.Principal{AccountID: "acc-v", Role: authn.RoleProvisional})
	staff := tok(authn.Principal{AccountID: "acc-s", Role: authn.RoleStaff, OfficeCode: "1301"})
	staffNoOffice := tok(authn.Principal{AccountID: "acc-s2", Role: authn.RoleStaff})
	identity := tok(authn.Principal{AccountID: "identity", Role: authn.RoleService})
	jobPosting := tok(authn.Principal{AccountID: "job-posting", Role: authn.RoleService})

	type cell struct {
		name   string
		method string
		ctx    context.Context
		code   codes.Code
		reason string // "" when OK
		whoami string // expected principal seen by the handler when OK
	}
	cells := []cell{
		// Closed by default: a method without a policy, or with an empty one, refuses
		// every caller, token or not.
		{"undeclared/anonymous", "Undeclared", anonymous, codes.PermissionDenied, "PERMISSION_DENIED", ""},
		{"undeclared/primary", "Undeclared", primary, codes.PermissionDenied, "PERMISSION_DENIED", ""},
		{"undeclared/staff", "Undeclared", staff, codes.PermissionDenied, "PERMISSION_DENIED", ""},
		{"undeclared/service", "Undeclared", identity, codes.PermissionDenied, "PERMISSION_DENIED", ""},
		{"empty/primary", "Empty", primary, codes.PermissionDenied, "PERMISSION_DENIED", ""},
		// Public: no token needed; a valid token still names the caller.
		{"public/anonymous", "Public", anonymous, codes.OK, "", ":"},
		{"public/primary", "Public", primary, codes.OK, "", "primary:acc-p"},
		// Roles.
		{"primary-only/anonymous", "Private", anonymous, codes.Unauthenticated, "UNAUTHENTICATED", ""},
		{"primary-only/primary", "Private", primary, codes.OK, "", "primary:acc-p"},
		{"primary-only/additional", "Private", additional, codes.PermissionDenied, "ADDITIONAL_ACCOUNT_NOT_ALLOWED", ""},
		{"primary-only/provisional", "Private", provisional, codes.PermissionDenied, "PERMISSION_DENIED", ""},
		{"primary-only/staff", "Private", staff, codes.PermissionDenied, "PERMISSION_DENIED", ""},
		{"primary-only/service", "Private", identity, codes.PermissionDenied, "PERMISSION_DENIED", ""},
		{"staff-only/staff", "StaffOnly", staff, codes.OK, "", "staff:acc-s"},
		{"staff-only/staff without office", "StaffOnly", staffNoOffice, codes.PermissionDenied, "PERMISSION_DENIED", ""},
		{"staff-only/primary", "StaffOnly", primary, codes.PermissionDenied, "PERMISSION_DENIED", ""},
		{"staff-only/additional", "StaffOnly", additional, codes.PermissionDenied, "PERMISSION_DENIED", ""},
		// Services by name.
		{"identity-only/identity", "FromIdentity", identity, codes.OK, "", "service:identity"},
		{"identity-only/job-posting", "FromIdentity", jobPosting, codes.PermissionDenied, "PERMISSION_DENIED", ""},
		{"identity-only/staff", "FromIdentity", staff, codes.PermissionDenied, "PERMISSION_DENIED", ""},
		{"identity-only/anonymous", "FromIdentity", anonymous, codes.Unauthenticated, "UNAUTHENTICATED", ""},
	}
	for _, c := range cells {
		t.Run(c.name, func(t *testing.T) {
			got, err := f.invoke(c.ctx, c.method, "whoami")
			if status.Code(err) != c.code || (c.code != codes.OK && grpcx.Reason(err) != c.reason) {
				t.Fatalf("got %v (reason %q), want %v %s", err, grpcx.Reason(err), c.code, c.reason)
			}
			if c.code == codes.OK && got != c.whoami {
				t.Fatalf("handler saw %q, want %q", got, c.whoami)
			}
		})
	}
	// Methods without a valid policy are reported once at start, and every refused
	// call to one is logged loudly, naming the method.
	atStart, calls := 0, 0
	for _, e := range f.logs.FilterLevelExact(zapcore.ErrorLevel).All() {
		switch {
		case strings.HasPrefix(e.Message, "method without a valid authorization policy"):
			atStart++
		case strings.HasPrefix(e.Message, "refusing a call to a method without a valid authorization policy"):
			calls++
		default:
			continue
		}
		if m := e.ContextMap()["grpc.method"]; m != "/test.Echo/Undeclared" && m != "/test.Echo/Empty" {
			t.Errorf("logged method %v", m)
		}
	}
	if atStart != 2 || calls != 5 {
		t.Errorf("error lines: %d at start (want 2: Undeclared, Empty), %d for refused calls (want 5)", atStart, calls)
	}
	// Role refusals name the principal's role in a warning.
	if n := f.logs.FilterMessage("call refused by the method's authorization policy").Len(); n != 9 {
		t.Errorf("%d policy refusal lines, want 9", n)
	}
}

// A service the server serves but no descriptor describes has no policy: refused.
func TestAuthz_ServiceWithoutDescriptorIsRefused(t *testing.T) {
	// test.Ghost is registered in gRPC only (see startGhost), never in GlobalFiles.
	core, logs := observer.New(zap.InfoLevel)
	g := startGhost(t, zap.New(core))
	out := new(wrapperspb.StringValue)
	err := g.Invoke(context.Background(), "/test.Ghost/Do", wrapperspb.String("x"), out)
	if status.Code(err) != codes.PermissionDenied {
		t.Fatalf("undescribed service: %v", err)
	}
	if n := logs.FilterMessageSnippet("every call to it will be refused").FilterField(zap.String("grpc.method", "/test.Ghost/Do")).Len(); n != 1 {
		t.Errorf("start-up report lines for /test.Ghost/Do: %d, want 1", n)
	}
	// Health stays reachable without a token.
	if _, err := healthpb.NewHealthClient(g).Check(context.Background(), &healthpb.HealthCheckRequest{}); err != nil {
		t.Fatalf("health: %v", err)
	}
}

// startGhost serves test.Ghost, a service with no descriptor in the registry.
func startGhost(t *testing.T, log *zap.Logger) *grpc.ClientConn {
	t.Helper()
	srv, err := grpcx.NewServer(grpcx.Options{Name: "ghost", Log: log})
	if err != nil {
		t.Fatal(err)
	}
	srv.GRPC().RegisterService(&grpc.ServiceDesc{
		ServiceName: "test.Ghost", HandlerType: (*any)(nil),
		Methods: []grpc.MethodDesc{{MethodName: "Do", Handler: func(_ any, ctx context.Context, dec func(any) error, ic grpc.UnaryServerInterceptor) (any, error) {
			in := new(wrapperspb.StringValue)
			if err := dec(in); err != nil {
				return nil, err
			}
			return ic(ctx, in, &grpc.UnaryServerInfo{FullMethod: "/test.Ghost/Do"}, func(context.Context, any) (any, error) { return in, nil })
		}}},
	}, struct{}{})
	return serveOnLoopback(t, srv)
}

// serveOnLoopback serves srv on a loopback port until the test ends.
func serveOnLoopback(t *testing.T, srv *grpcx.Server) *grpc.ClientConn {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, lis) }()
	conn, err := grpcx.Dial(lis.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = conn.Close()
		cancel()
		if err := <-done; err != nil {
			t.Logf("server: Serve returned %v", err)
		}
	})
	return conn
}
