package grpcx_test

import (
	"context"
	"errors"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/authn/authntest"
	"github.com/hellowork-jp/hellowork/libs/authz"
	"github.com/hellowork-jp/hellowork/libs/authz/authztest"
	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/errs"
	authzv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/authz/v1"
	"github.com/hellowork-jp/hellowork/libs/grpcx"
)

// echo is a hand-declared service so the test needs no generated code.
type echo struct {
	release chan struct{}
	started chan struct{}
}

func (e *echo) call(ctx context.Context, in *wrapperspb.StringValue) (*wrapperspb.StringValue, error) {
	switch in.Value {
	case "locked":
		return nil, errs.New(errs.KindFailedPrecondition, "CURRENT_PASSWORD_INCORRECT", "account locked").
			WithRule("LOGIN-1").WithMeta("locked_until", "10:30")
	case "panic":
		panic("boom")
	case "plain":
		return nil, errors.New("db: connection refused to 10.0.0.1")
	case "slow":
		close(e.started)
		<-e.release
	case "whoami":
		p, _ := authn.FromContext(ctx)
		return wrapperspb.String(string(p.Role) + ":" + p.AccountID), nil
	}
	return in, nil
}

func register(s *grpc.Server, impl *echo) {
	handler := func(method string) grpc.MethodDesc {
		return grpc.MethodDesc{MethodName: method, Handler: func(srv any, ctx context.Context, dec func(any) error, ic grpc.UnaryServerInterceptor) (any, error) {
			in := new(wrapperspb.StringValue)
			if err := dec(in); err != nil {
				return nil, err
			}
			info := &grpc.UnaryServerInfo{Server: srv, FullMethod: "/test.Echo/" + method}
			return ic(ctx, in, info, func(ctx context.Context, req any) (any, error) {
				return srv.(*echo).call(ctx, req.(*wrapperspb.StringValue))
			})
		}}
	}
	s.RegisterService(&grpc.ServiceDesc{
		ServiceName: "test.Echo",
		HandlerType: (*any)(nil),
		Methods: []grpc.MethodDesc{handler("Public"), handler("Private"), handler("StaffOnly"), handler("FromIdentity"),
			handler("Undeclared"), handler("Empty")},
	}, impl)
}

// echoPolicies are the policies test.Echo declares, registered as a descriptor in
// protoregistry.GlobalFiles like a generated service's (authztest).
var echoPolicies = map[string]*authzv1.Policy{
	"Public":       authz.Public(),
	"Private":      authz.Roles(authzv1.Role_ROLE_PRIMARY),
	"StaffOnly":    authz.Roles(authzv1.Role_ROLE_STAFF),
	"FromIdentity": authz.Services("identity"),
	"Undeclared":   nil,
	"Empty":        {},
}

type fixture struct {
	conn   *grpc.ClientConn
	auth   *authntest.Authority
	logs   *observer.ObservedLogs
	impl   *echo
	dbDown atomic.Bool
	cancel context.CancelFunc
	done   chan error
}

func start(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{impl: &echo{release: make(chan struct{}), started: make(chan struct{})}}
	f.auth = authntest.New(t, clock.NewFake(time.Now()))
	authztest.RegisterService(t, "test.Echo", echoPolicies)
	core, logs := observer.New(zap.InfoLevel)
	f.logs = logs
	srv, err := grpcx.NewServer(grpcx.Options{
		Name: "test", ErrorDomain: "test.hellowork.example", Log: zap.New(core),
		Verifier:      f.auth.Verifier,
		Checks:        []grpcx.Check{{Name: "db", Fn: func(context.Context) error { return map[bool]error{true: errors.New("down")}[f.dbDown.Load()] }}},
		CheckInterval: 10 * time.Millisecond, ShutdownTimeout: 5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	register(srv.GRPC(), f.impl)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	f.cancel, f.done = cancel, make(chan error, 1)
	go func() { f.done <- srv.Serve(ctx, lis) }()
	f.conn, err = grpcx.Dial(lis.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); f.conn.Close() })
	return f
}

func (f *fixture) invoke(ctx context.Context, method, value string) (string, error) {
	out := new(wrapperspb.StringValue)
	err := f.conn.Invoke(ctx, "/test.Echo/"+method, wrapperspb.String(value), out)
	return out.GetValue(), err
}

func TestServer_DomainErrorsBecomeStatusWithDetails(t *testing.T) {
	f := start(t)
	_, err := f.invoke(context.Background(), "Public", "locked")
	if status.Code(err) != codes.FailedPrecondition || grpcx.Reason(err) != "CURRENT_PASSWORD_INCORRECT" {
		t.Fatalf("err = %v reason %q", err, grpcx.Reason(err))
	}
	if grpcx.LocalizedMessage(err) != "現在のパスワードが正しくありません。続けて5回間違えると、約30分間ログインできなくなります。" {
		t.Fatalf("ja message = %q", grpcx.LocalizedMessage(err))
	}
	_, err = f.invoke(context.Background(), "Public", "plain")
	if status.Code(err) != codes.Internal || grpcx.Reason(err) != "INTERNAL" {
		t.Fatalf("unclassified error: %v", err)
	}
	if st, _ := status.FromError(err); st.Message() != "internal error" {
		t.Fatalf("internal cause leaked to caller: %q", st.Message())
	}
}

func TestServer_PanicIsRecoveredAsInternal(t *testing.T) {
	f := start(t)
	_, err := f.invoke(context.Background(), "Public", "panic")
	if status.Code(err) != codes.Internal {
		t.Fatalf("err = %v", err)
	}
	if f.logs.FilterMessage("panic in handler").Len() != 1 {
		t.Fatal("panic not logged")
	}
	if _, err := f.invoke(context.Background(), "Public", "ok"); err != nil {
		t.Fatalf("server unusable after a panic: %v", err)
	}
}

func TestServer_PrivateMethodsNeedAValidToken(t *testing.T) {
	f := start(t)
	if _, err := f.invoke(context.Background(), "Private", "whoami"); status.Code(err) != codes.Unauthenticated {
		t.Fatalf("no token: %v", err)
	}
	other := authntest.New(t, clock.NewFake(time.Now()))
	bad := other.Token(t, authn.Principal{AccountID: "x", Role: authn.RoleStaff})
	ctx := metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+bad)
	if _, err := f.invoke(ctx, "Private", "whoami"); status.Code(err) != codes.Unauthenticated {
		t.Fatalf("foreign token: %v", err)
	}
	good := f.auth.Token(t, authn.Principal{AccountID: "acc-7", Role: authn.RolePrimary, EstablishmentID: "e1"})
	ctx = metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+good)
	got, err := f.invoke(ctx, "Private", "whoami")
	if err != nil || got != "primary:acc-7" {
		t.Fatalf("valid token: %q %v", got, err)
	}
	// A public method ignores a bad token instead of trusting it.
	ctx = metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+bad)
	if got, err := f.invoke(ctx, "Public", "whoami"); err != nil || got != ":" {
		t.Fatalf("public with bad token: %q %v", got, err)
	}
	for _, e := range f.logs.All() {
		for _, v := range e.ContextMap() {
			if s, ok := v.(string); ok && (s == good || s == bad) {
				t.Fatal("a token was logged")
			}
		}
	}
}

func TestServer_ReadinessFollowsChecksAndLivenessStays(t *testing.T) {
	f := start(t)
	hc := healthpb.NewHealthClient(f.conn)
	wait := func(service string, want healthpb.HealthCheckResponse_ServingStatus) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for {
			resp, err := hc.Check(context.Background(), &healthpb.HealthCheckRequest{Service: service})
			if err == nil && resp.Status == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%q: status %v err %v, want %v", service, resp.GetStatus(), err, want)
			}
			time.Sleep(10 * time.Millisecond) // polling the check loop
		}
	}
	wait("readiness", healthpb.HealthCheckResponse_SERVING)
	wait("test.Echo", healthpb.HealthCheckResponse_SERVING)
	f.dbDown.Store(true)
	wait("readiness", healthpb.HealthCheckResponse_NOT_SERVING)
	wait("", healthpb.HealthCheckResponse_NOT_SERVING)
	wait("liveness", healthpb.HealthCheckResponse_SERVING)
	f.dbDown.Store(false)
	wait("readiness", healthpb.HealthCheckResponse_SERVING)
	if _, err := hc.Check(context.Background(), &healthpb.HealthCheckRequest{Service: "nope"}); status.Code(err) != codes.NotFound {
		t.Fatalf("unknown service: %v", err)
	}
}

func TestServer_ShutdownDrainsInFlightCalls(t *testing.T) {
	f := start(t)
	result := make(chan error, 1)
	go func() { _, err := f.invoke(context.Background(), "Public", "slow"); result <- err }()
	<-f.impl.started
	f.cancel()                        // SIGTERM
	time.Sleep(50 * time.Millisecond) // let shutdown begin while the call is in flight
	close(f.impl.release)
	if err := <-result; err != nil {
		t.Fatalf("in-flight call failed during shutdown: %v", err)
	}
	if err := <-f.done; err != nil {
		t.Fatalf("Serve: %v", err)
	}
}
