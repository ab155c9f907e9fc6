package runner_test

import (
	"context"
	"net"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/zap"
	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/hellowork-jp/hellowork/libs/config"
	"github.com/hellowork-jp/hellowork/libs/grpcx"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/libs/testkit/natstest"
	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.DropPackageDatabase()
	os.Exit(code)
}

func TestRun_ServesMigratesFollowsNATSAndStopsGracefully(t *testing.T) {
	dbURL := pgtest.NewDatabase(t)
	ns := natstest.Run(t)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	loopStopped := make(chan struct{})
	var srv atomic.Pointer[grpcx.Server]
	done := make(chan error, 1)
	go func() {
		done <- runner.Run(ctx, runner.Spec{
			Name: "sample", Schema: "sample", Migrations: os.DirFS("testdata/migrations"),
			Common:   config.Common{DatabaseURL: dbURL, NATSURL: ns.URL(), ShutdownTimeout: 5 * time.Second},
			Log:      zap.NewNop(),
			Listener: lis,
			Setup: func(_ context.Context, d *runner.Deps, s *grpcx.Server) error {
				srv.Store(s)
				d.Go("sample loop", func(ctx context.Context) error { <-ctx.Done(); close(loopStopped); return nil })
				return nil
			},
		})
	}()
	conn, err := grpcx.Dial(lis.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	hc := healthpb.NewHealthClient(conn)
	statusOf := func(service string) healthpb.HealthCheckResponse_ServingStatus {
		resp, err := hc.Check(ctx, &healthpb.HealthCheckRequest{Service: service}, grpc.WaitForReady(true))
		if err != nil {
			return healthpb.HealthCheckResponse_UNKNOWN
		}
		return resp.Status
	}
	waitForService := func(service string, want healthpb.HealthCheckResponse_ServingStatus) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for {
			got := statusOf(service)
			if got == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("health %q %v, want %v", service, got, want)
			}
			time.Sleep(50 * time.Millisecond) // polling the readiness loop
		}
	}
	waitFor := func(want healthpb.HealthCheckResponse_ServingStatus) {
		t.Helper()
		waitForService(grpcx.HealthReadiness, want)
	}
	waitFor(healthpb.HealthCheckResponse_SERVING)
	waitForService(grpcx.HealthDependencyPrefix+"postgres", healthpb.HealthCheckResponse_SERVING)
	waitForService(grpcx.HealthDependencyPrefix+"nats", healthpb.HealthCheckResponse_SERVING)

	pool := pgtest.Pool(t, dbURL, "sample", nil)
	for _, table := range []string{"notes", "outbox", "inbox", "dead_letter"} {
		var exists bool
		if err := pool.QueryRow(ctx, "SELECT to_regclass('sample.'||$1) IS NOT NULL", table).Scan(&exists); err != nil || !exists {
			t.Fatalf("table %s missing after start-up (err %v)", table, err)
		}
	}

	// A NATS outage is no reason to leave the load balancer: writes commit their
	// events to the outbox and the relay publishes them later. It shows in the
	// health service dependency/nats and in hellowork_dependency_up instead.
	natsUp := func() float64 {
		mfs, err := srv.Load().Registry().Gather()
		if err != nil {
			t.Fatal(err)
		}
		for _, mf := range mfs {
			for _, m := range mf.GetMetric() {
				for _, l := range m.GetLabel() {
					if mf.GetName() == "hellowork_dependency_up" && l.GetName() == "dependency" && l.GetValue() == "nats" {
						return m.GetGauge().GetValue()
					}
				}
			}
		}
		return -1
	}
	if up := natsUp(); up != 1 {
		t.Fatalf("hellowork_dependency_up{dependency=nats} = %v with NATS up", up)
	}
	ns.Stop()
	waitForService(grpcx.HealthDependencyPrefix+"nats", healthpb.HealthCheckResponse_NOT_SERVING)
	if up := natsUp(); up != 0 {
		t.Fatalf("hellowork_dependency_up{dependency=nats} = %v with NATS down", up)
	}
	for range 5 { // across several check rounds (interval 2 s)
		if st := statusOf(grpcx.HealthReadiness); st != healthpb.HealthCheckResponse_SERVING {
			t.Fatalf("readiness %v while only NATS is down", st)
		}
		if st := statusOf(""); st != healthpb.HealthCheckResponse_SERVING {
			t.Fatalf("overall health %v while only NATS is down", st)
		}
		time.Sleep(500 * time.Millisecond) // spanning check rounds
	}
	ns.Start()
	waitForService(grpcx.HealthDependencyPrefix+"nats", healthpb.HealthCheckResponse_SERVING)
	waitFor(healthpb.HealthCheckResponse_SERVING)

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Run did not stop after cancellation")
	}
	select {
	case <-loopStopped:
	default:
		t.Fatal("background loop was not stopped")
	}
}
