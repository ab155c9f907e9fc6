package servicetest_test

import (
	"context"
	"os"
	"testing"
	"time"

	"go.uber.org/zap"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/config"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/libs/grpcx"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/libs/testkit"
	"github.com/hellowork-jp/hellowork/libs/testkit/natstest"
	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
	"github.com/hellowork-jp/hellowork/libs/testkit/servicetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.DropPackageDatabase()
	os.Exit(code)
}

// sample is a minimal service: one migration, one background loop that notes the clock
// and verifier it was given.
type sample struct {
	clock    chan clock.Clock
	verifier chan authn.Verifier
}

func (s sample) spec(c config.Common) (runner.Spec, error) {
	return runner.Spec{
		Name: "sample", Schema: "sample", Migrations: os.DirFS("testdata/migrations"), Common: c,
		Setup: func(_ context.Context, d *runner.Deps, _ *grpcx.Server) error {
			s.clock <- d.Clock
			s.verifier <- d.Verifier
			return nil
		},
	}, nil
}

func TestBoot_RunsTheSpecWithTestDependencies(t *testing.T) {
	smp := sample{clock: make(chan clock.Clock, 2), verifier: make(chan authn.Verifier, 2)}
	svc := servicetest.Boot(t, smp.spec, servicetest.WithStreams("identity"))

	if got := <-smp.clock; got != clock.Clock(svc.Clock) {
		t.Fatalf("service clock = %T, want the Service's fake clock", got)
	}
	if !svc.Clock.Now().Equal(servicetest.DefaultStart) {
		t.Fatalf("clock starts at %v", svc.Clock.Now())
	}
	if got := <-smp.verifier; got != svc.Auth.Verifier {
		t.Fatal("service verifier is not the test authority's")
	}
	ctx := context.Background()
	// Conn reaches the service; Pool is its schema.
	resp, err := healthpb.NewHealthClient(svc.Conn).Check(ctx, &healthpb.HealthCheckRequest{Service: grpcx.HealthReadiness})
	if err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("health = %v, %v", resp, err)
	}
	if _, err := svc.Pool.Exec(ctx, "INSERT INTO notes VALUES (1, 'unqualified name resolves in the service schema')"); err != nil {
		t.Fatal(err)
	}
	// Published events reach the declared stream.
	ev, err := outbox.NewEvent("acc-1", 1, svc.Clock.Now(), &identityv1.AccountLocked{AccountId: "acc-1"})
	if err != nil {
		t.Fatal(err)
	}
	if ack := svc.Publish(ev); ack.Stream != outbox.StreamName("identity") {
		t.Fatalf("published to %s", ack.Stream)
	}
	// The service's logs are observed.
	testkit.Eventually(t, 5*time.Second, func() bool { return svc.Logs.FilterMessage("serving").Len() > 0 }, "the serving log line")
	if tok := svc.As(ctx, authn.Principal{AccountID: "a", Role: authn.RoleStaff, OfficeCode: "1301"}); tok == ctx {
		t.Fatal("As returned the same context")
	}

	// Restart on the same database: the migrated data survives.
	svc.Stop()
	svc.Start(smp.spec)
	var n int
	if err := svc.Pool.QueryRow(ctx, "SELECT count(*) FROM notes").Scan(&n); err != nil || n != 1 {
		t.Fatalf("notes after restart = %d, %v", n, err)
	}
	if _, err := healthpb.NewHealthClient(svc.Conn).Check(ctx, &healthpb.HealthCheckRequest{Service: grpcx.HealthReadiness}); err != nil {
		t.Fatalf("Conn after restart: %v", err)
	}
}

func TestNewStart_SharedNATSAndClockReadableByBuild(t *testing.T) {
	ns := natstest.Run(t)
	clk := clock.NewFake(time.Date(2025, 1, 6, 10, 0, 0, 0, clock.JST))
	a := servicetest.New(t, servicetest.WithNATS(ns), servicetest.WithClock(clk))
	a.Start(func(c config.Common) (runner.Spec, error) {
		// The build hands the Service's dependencies to the spec itself.
		return runner.Spec{Name: "sample", Schema: "sample_a", Common: c, Clock: a.Clock, Log: zap.NewNop(), Listener: a.Listener}, nil
	})
	b := servicetest.Boot(t, func(c config.Common) (runner.Spec, error) {
		return runner.Spec{Name: "other", Schema: "other", Common: c}, nil
	}, servicetest.WithNATS(ns), servicetest.WithClock(clk), servicetest.WithDatabaseURL(a.DatabaseURL))
	if a.NATS != b.NATS || a.Clock != b.Clock || a.Common.NATSURL != ns.URL() {
		t.Fatal("shared NATS server or clock not used")
	}
	if a.Addr == b.Addr {
		t.Fatal("two services on one address")
	}
	if a.Logs == nil || a.Logs.Len() != 0 {
		t.Fatal("a spec with its own logger must not write to the observer")
	}
}
