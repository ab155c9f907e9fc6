package runner_test

import (
	"context"
	"net"
	"os"
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
	done := make(chan error, 1)
	go func() {
		done <- runner.Run(ctx, runner.Spec{
			Name: "sample", Schema: "sample", Migrations: os.DirFS("testdata/migrations"),
			Common:   config.Common{DatabaseURL: dbURL, NATSURL: ns.URL(), ShutdownTimeout: 5 * time.Second},
			Log:      zap.NewNop(),
			Listener: lis,
			Setup: func(_ context.Context, d *runner.Deps, _ *grpcx.Server) error {
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
	waitFor := func(want healthpb.HealthCheckResponse_ServingStatus) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for {
			resp, err := hc.Check(ctx, &healthpb.HealthCheckRequest{Service: grpcx.HealthReadiness}, grpc.WaitForReady(true))
			if err == nil && resp.Status == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("readiness %v (err %v), want %v", resp.GetStatus(), err, want)
			}
			time.Sleep(50 * time.Millisecond) // polling the readiness loop
		}
	}
	waitFor(healthpb.HealthCheckResponse_SERVING)

	pool := pgtest.Pool(t, dbURL, "sample", nil)
	for _, table := range []string{"notes", "outbox", "inbox", "dead_letter"} {
		var exists bool
		if err := pool.QueryRow(ctx, "SELECT to_regclass('sample.'||$1) IS NOT NULL", table).Scan(&exists); err != nil || !exists {
			t.Fatalf("table %s missing after start-up (err %v)", table, err)
		}
	}

	ns.Stop()
	waitFor(healthpb.HealthCheckResponse_NOT_SERVING)
	ns.Start()
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
