package grpcx_test

import (
	"context"
	"errors"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	"github.com/hellowork-jp/hellowork/libs/grpcx"
)

// healthServer starts a server whose only readiness check fails while down is set.
func healthServer(t *testing.T, down *atomic.Bool) (healthpb.HealthClient, context.CancelFunc) {
	t.Helper()
	srv, err := grpcx.NewServer(grpcx.Options{
		Name: "health",
		Checks: []grpcx.Check{{Name: "db", Fn: func(context.Context) error {
			if down.Load() {
				return errors.New("connection refused")
			}
			return nil
		}}},
		CheckInterval: 20 * time.Millisecond, ShutdownTimeout: 5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
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
		cancel()
		if err := <-done; err != nil {
			t.Logf("health server: Serve returned %v", err)
		}
		_ = conn.Close()
	})
	return healthpb.NewHealthClient(conn), cancel
}

// TestHealth_Semantics: "" and "readiness" follow the dependency checks, "liveness" stays SERVING through an outage, an unknown service is
// NOT_FOUND, and Watch streams every change of readiness.
func TestHealth_Semantics(t *testing.T) {
	var down atomic.Bool
	hc, _ := healthServer(t, &down)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	watch, err := hc.Watch(ctx, &healthpb.HealthCheckRequest{Service: grpcx.HealthReadiness}, grpc.WaitForReady(true))
	if err != nil {
		t.Fatal(err)
	}
	// next returns the next streamed status that differs from prev.
	next := func(prev healthpb.HealthCheckResponse_ServingStatus) (healthpb.HealthCheckResponse_ServingStatus, time.Time) {
		t.Helper()
		for {
			resp, err := watch.Recv()
			if err != nil {
				t.Fatalf("watch: %v", err)
			}
			if resp.Status != prev {
				return resp.Status, time.Now()
			}
		}
	}
	if st, _ := next(healthpb.HealthCheckResponse_SERVICE_UNKNOWN); st != healthpb.HealthCheckResponse_SERVING {
		// The first check runs before serving, so a healthy server starts SERVING.
		t.Fatalf("watch: first status %v, want SERVING", st)
	}

	check := func(service string) (healthpb.HealthCheckResponse_ServingStatus, codes.Code) {
		resp, err := hc.Check(ctx, &healthpb.HealthCheckRequest{Service: service})
		return resp.GetStatus(), status.Code(err)
	}
	for _, c := range []struct {
		service string
		want    healthpb.HealthCheckResponse_ServingStatus
		code    codes.Code
	}{
		{"", healthpb.HealthCheckResponse_SERVING, codes.OK},
		{grpcx.HealthReadiness, healthpb.HealthCheckResponse_SERVING, codes.OK},
		{grpcx.HealthLiveness, healthpb.HealthCheckResponse_SERVING, codes.OK},
		{"nope", healthpb.HealthCheckResponse_UNKNOWN, codes.NotFound}, // no response, only the code
	} {
		if st, code := check(c.service); st != c.want || code != c.code {
			t.Errorf("healthy: Check(%q) = %v/%v, want %v/%v", c.service, st, code, c.want, c.code)
		}
	}

	cut := time.Now()
	down.Store(true)
	st, at := next(healthpb.HealthCheckResponse_SERVING)
	if st != healthpb.HealthCheckResponse_NOT_SERVING {
		t.Fatalf("watch during outage: %v, want NOT_SERVING", st)
	}
	flip := at.Sub(cut)
	for _, c := range []struct {
		service string
		want    healthpb.HealthCheckResponse_ServingStatus
	}{
		{"", healthpb.HealthCheckResponse_NOT_SERVING},
		{grpcx.HealthReadiness, healthpb.HealthCheckResponse_NOT_SERVING},
		{grpcx.HealthLiveness, healthpb.HealthCheckResponse_SERVING}, // a restart would not help
	} {
		if got, code := check(c.service); got != c.want || code != codes.OK {
			t.Errorf("outage: Check(%q) = %v/%v, want %v", c.service, got, code, c.want)
		}
	}
	if _, code := check("nope"); code != codes.NotFound {
		t.Errorf("outage: Check(nope) code %v, want NOT_FOUND", code)
	}

	restore := time.Now()
	down.Store(false)
	if st, at = next(healthpb.HealthCheckResponse_NOT_SERVING); st != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("watch after recovery: %v, want SERVING", st)
	}
	recovery := at.Sub(restore)
	if got, _ := check(""); got != healthpb.HealthCheckResponse_SERVING {
		t.Errorf("recovered: Check(\"\") = %v", got)
	}
	if flip > 2*time.Second || recovery > 2*time.Second {
		t.Errorf("readiness reacted too slowly: flip %v, recovery %v (check interval 20 ms)", flip, recovery)
	}
	t.Logf("METRIC health_semantics readiness_flip_ms=%d readiness_recovery_ms=%d liveness_during_outage=SERVING unknown=NOT_FOUND",
		flip.Milliseconds(), recovery.Milliseconds())
}

// gauge reads hellowork_dependency_up{dependency=dep} from the server's registry (-1 when absent).
func dependencyUp(t *testing.T, srv *grpcx.Server, dep string) float64 {
	t.Helper()
	mfs, err := srv.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "hellowork_dependency_up" {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "dependency" && l.GetValue() == dep {
					return m.GetGauge().GetValue()
				}
			}
		}
	}
	return -1
}

// TestHealth_InformationalCheckShowsButDoesNotDecide: a dependency the service can
// serve without (NATS, while the outbox holds events) never turns readiness
// NOT_SERVING; its outage shows in its own health service "dependency/<name>" and in
// the hellowork_dependency_up gauge. A required check still decides readiness and is
// shown the same way.
func TestHealth_InformationalCheckShowsButDoesNotDecide(t *testing.T) {
	var dbDown, brokerDown atomic.Bool
	srv, err := grpcx.NewServer(grpcx.Options{
		Name: "health",
		Checks: []grpcx.Check{
			{Name: "postgres", Fn: func(context.Context) error {
				if dbDown.Load() {
					return errors.New("connection refused")
				}
				return nil
			}},
			{Name: "nats", Informational: true, Fn: func(context.Context) error {
				if brokerDown.Load() {
					return errors.New("not connected")
				}
				return nil
			}},
		},
		CheckInterval: 20 * time.Millisecond, ShutdownTimeout: 5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
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
		cancel()
		if err := <-done; err != nil {
			t.Logf("serve: %v", err)
		}
		_ = conn.Close()
	})
	hc := healthpb.NewHealthClient(conn)

	type want struct {
		readiness, postgres, nats healthpb.HealthCheckResponse_ServingStatus
		pgUp, natsUp              float64
	}
	S, N := healthpb.HealthCheckResponse_SERVING, healthpb.HealthCheckResponse_NOT_SERVING
	state := func() want {
		get := func(service string) healthpb.HealthCheckResponse_ServingStatus {
			resp, err := hc.Check(ctx, &healthpb.HealthCheckRequest{Service: service}, grpc.WaitForReady(true))
			if err != nil {
				t.Fatalf("Check(%q): %v", service, err)
			}
			return resp.GetStatus()
		}
		return want{get(grpcx.HealthReadiness), get(grpcx.HealthDependencyPrefix + "postgres"), get(grpcx.HealthDependencyPrefix + "nats"),
			dependencyUp(t, srv, "postgres"), dependencyUp(t, srv, "nats")}
	}
	await := func(phase string, w want) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for {
			got := state()
			if got == w {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: got %+v, want %+v", phase, got, w)
			}
			time.Sleep(20 * time.Millisecond) // polling the check loop
		}
	}
	await("healthy", want{S, S, S, 1, 1})
	brokerDown.Store(true)
	await("broker down", want{S, S, N, 1, 0})
	// Readiness stays SERVING for the whole broker outage, not only at one instant.
	for range 10 {
		if st := state(); st.readiness != S {
			t.Fatalf("broker down: readiness %v", st.readiness)
		}
		time.Sleep(20 * time.Millisecond)
	}
	dbDown.Store(true)
	await("database and broker down", want{N, N, N, 0, 0})
	brokerDown.Store(false)
	dbDown.Store(false)
	await("recovered", want{S, S, S, 1, 1})
}
