package runner_test

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"
	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/hellowork-jp/hellowork/libs/authz"
	"github.com/hellowork-jp/hellowork/libs/authz/authztest"
	"github.com/hellowork-jp/hellowork/libs/config"
	authzv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/authz/v1"
	"github.com/hellowork-jp/hellowork/libs/grpcx"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/libs/testkit/natstest"
	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
	"github.com/hellowork-jp/hellowork/libs/testkit/tcpproxy"
)

// noteWritten is the event of the fault tests' service "sample" (subject
// hellowork.sample.v1.NoteWritten, inside the stream's hellowork.sample.>), built at
// run time so the tests need no generated code.
var noteWritten = func() protoreflect.MessageType {
	fd, err := protodesc.NewFile(&descriptorpb.FileDescriptorProto{
		Name: proto.String("hellowork/sample/v1/fault_test.proto"), Package: proto.String("hellowork.sample.v1"),
		Syntax: proto.String("proto3"),
		MessageType: []*descriptorpb.DescriptorProto{{Name: proto.String("NoteWritten"), Field: []*descriptorpb.FieldDescriptorProto{{
			Name: proto.String("id"), Number: proto.Int32(1), JsonName: proto.String("id"),
			Type:  descriptorpb.FieldDescriptorProto_TYPE_STRING.Enum(),
			Label: descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL.Enum(),
		}}}},
	}, nil)
	if err != nil {
		panic(err)
	}
	return dynamicpb.NewMessageType(fd.Messages().Get(0))
}()

// writeNote is the fault tests' business write: a note and its event in one transaction.
func writeNote(ctx context.Context, d *runner.Deps, id string) error {
	payload := noteWritten.New()
	payload.Set(payload.Descriptor().Fields().ByName("id"), protoreflect.ValueOfString(id))
	ev, err := outbox.NewEvent(id, 1, d.Clock.Now(), payload.Interface())
	if err != nil {
		return err
	}
	return pgkit.WithTx(ctx, d.Pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO notes (id, body) VALUES ($1, 'fault test')`, id); err != nil {
			return err
		}
		return outbox.Append(ctx, tx, ev)
	})
}

// registerWriter exposes writeNote as the public RPC /fault.Writer/Write.
func registerWriter(s *grpc.Server, d *runner.Deps) {
	s.RegisterService(&grpc.ServiceDesc{
		ServiceName: "fault.Writer", HandlerType: (*any)(nil),
		Methods: []grpc.MethodDesc{{MethodName: "Write", Handler: func(srv any, ctx context.Context, dec func(any) error, ic grpc.UnaryServerInterceptor) (any, error) {
			in := new(wrapperspb.StringValue)
			if err := dec(in); err != nil {
				return nil, err
			}
			info := &grpc.UnaryServerInfo{Server: srv, FullMethod: "/fault.Writer/Write"}
			return ic(ctx, in, info, func(ctx context.Context, req any) (any, error) {
				return req, writeNote(ctx, d, req.(*wrapperspb.StringValue).Value)
			})
		}}},
	}, d)
}

// faultService runs the sample service through runner.Run against dbURL and natsURL.
type faultService struct {
	conn   *grpc.ClientConn
	health healthpb.HealthClient
	done   chan error
	cancel context.CancelFunc
}

func startFaultService(t *testing.T, dbURL, natsURL string) *faultService {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	authztest.RegisterService(t, "fault.Writer", map[string]*authzv1.Policy{"Write": authz.Public()})
	ctx, cancel := context.WithCancel(context.Background())
	f := &faultService{done: make(chan error, 1), cancel: cancel}
	go func() {
		f.done <- runner.Run(ctx, runner.Spec{
			Name: "sample", Schema: "sample", Migrations: os.DirFS("testdata/migrations"),
			Common:   config.Common{DatabaseURL: dbURL, NATSURL: natsURL, ShutdownTimeout: 5 * time.Second},
			Log:      zap.NewNop(),
			Listener: lis,
			Setup: func(_ context.Context, d *runner.Deps, srv *grpcx.Server) error {
				registerWriter(srv.GRPC(), d)
				return nil
			},
		})
	}()
	if f.conn, err = grpcx.Dial(lis.Addr().String()); err != nil {
		t.Fatal(err)
	}
	f.health = healthpb.NewHealthClient(f.conn)
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-f.done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("Run did not stop")
		}
		f.conn.Close()
	})
	return f
}

func (f *faultService) status(service string) healthpb.HealthCheckResponse_ServingStatus {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	resp, err := f.health.Check(ctx, &healthpb.HealthCheckRequest{Service: service}, grpc.WaitForReady(true))
	if err != nil {
		return healthpb.HealthCheckResponse_UNKNOWN
	}
	return resp.Status
}

// waitReadiness polls readiness until it is want and returns how long that took;
// liveness must stay SERVING meanwhile.
func (f *faultService) waitReadiness(t *testing.T, want healthpb.HealthCheckResponse_ServingStatus, within time.Duration) time.Duration {
	t.Helper()
	return f.waitService(t, grpcx.HealthReadiness, want, within)
}

// waitService polls the health service until it is want and returns how long that
// took; liveness must stay SERVING meanwhile.
func (f *faultService) waitService(t *testing.T, service string, want healthpb.HealthCheckResponse_ServingStatus, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		if live := f.status(grpcx.HealthLiveness); live != healthpb.HealthCheckResponse_SERVING {
			t.Fatalf("liveness %v while waiting for %q %v", live, service, want)
		}
		if f.status(service) == want {
			return time.Since(start)
		}
		if time.Since(start) > within {
			t.Fatalf("health %q did not become %v within %v", service, want, within)
		}
		select {
		case err := <-f.done:
			t.Fatalf("Run ended during the fault: %v", err)
		case <-time.After(50 * time.Millisecond): // polling the readiness loop
		}
	}
}

func (f *faultService) write(ctx context.Context, id string) error {
	return f.conn.Invoke(ctx, "/fault.Writer/Write", wrapperspb.String(id), new(wrapperspb.StringValue))
}

// throughProxy returns dbURL with its host replaced by the proxy's address.
func throughProxy(t *testing.T, dbURL string) (string, *tcpproxy.Proxy) {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	p := tcpproxy.Start(t, u.Host)
	u.Host = p.Addr()
	return u.String(), p
}

// TestFault_PostgresDown: PostgreSQL vanishes (port closed, connections reset). Readiness turns NOT_SERVING within 10 s while liveness
// stays SERVING (a restart would not help), the process keeps running, and readiness
// and writes come back within 10 s of PostgreSQL returning.
func TestFault_PostgresDown(t *testing.T) {
	direct := pgtest.NewDatabase(t)
	dbURL, proxy := throughProxy(t, direct)
	f := startFaultService(t, dbURL, natstest.Run(t).URL())
	f.waitReadiness(t, healthpb.HealthCheckResponse_SERVING, 15*time.Second)
	ctx := context.Background()
	if err := f.write(ctx, "before"); err != nil {
		t.Fatalf("write before the outage: %v", err)
	}

	proxy.Cut()
	flip := f.waitReadiness(t, healthpb.HealthCheckResponse_NOT_SERVING, 10*time.Second)
	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	err := f.write(wctx, "during")
	cancel()
	if err == nil {
		t.Fatal("a write succeeded while PostgreSQL was unreachable")
	}
	if f.status(grpcx.HealthLiveness) != healthpb.HealthCheckResponse_SERVING {
		t.Fatal("liveness dropped during a PostgreSQL outage")
	}

	proxy.Restore()
	recovery := f.waitReadiness(t, healthpb.HealthCheckResponse_SERVING, 10*time.Second)
	if err := f.write(ctx, "after"); err != nil {
		t.Fatalf("write after recovery: %v", err)
	}
	pool := pgtest.Pool(t, direct, "sample", nil)
	var notes int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM notes WHERE id IN ('before', 'during', 'after')`).Scan(&notes); err != nil {
		t.Fatal(err)
	}
	if notes != 2 {
		t.Fatalf("notes = %d, want 2 (before, after)", notes)
	}
	t.Logf("METRIC fault_postgres_down readiness_not_serving_ms=%d liveness=SERVING readiness_recovery_ms=%d write_during_outage=%q",
		flip.Milliseconds(), recovery.Milliseconds(), "error")
}

// TestFault_NATSDown: NATS stops while clients go on writing. Writes keep succeeding
// (state and event commit to PostgreSQL), readiness stays SERVING while
// dependency/nats shows the outage, the outbox backlog grows, and after NATS returns
// the relay drains it: every written event is in
// the stream exactly once.
func TestFault_NATSDown(t *testing.T) {
	const (
		rate   = 50 // writes/s
		outage = 3 * time.Second
	)
	dbURL := pgtest.NewDatabase(t)
	ns := natstest.Run(t)
	f := startFaultService(t, dbURL, ns.URL())
	f.waitReadiness(t, healthpb.HealthCheckResponse_SERVING, 15*time.Second)
	pool := pgtest.Pool(t, dbURL, "sample", nil)
	ctx := context.Background()

	var (
		written   atomic.Int64
		failures  atomic.Int64
		stop      = make(chan struct{})
		writers   sync.WaitGroup
		firstErrs sync.Once
	)
	writers.Add(1)
	go func() {
		defer writers.Done()
		tick := time.NewTicker(time.Second / rate)
		defer tick.Stop()
		for n := 0; ; n++ {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			if err := f.write(wctx, fmt.Sprintf("note-%05d", n)); err != nil {
				failures.Add(1)
				firstErrs.Do(func() { t.Errorf("write failed: %v", err) })
			} else {
				written.Add(1)
			}
			cancel()
		}
	}()
	backlog := func() int {
		var n int
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM outbox`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	time.Sleep(time.Second) // steady state with NATS up
	ns.Stop()
	// The outage shows in dependency/nats; readiness stays SERVING because writes go on.
	f.waitService(t, grpcx.HealthDependencyPrefix+"nats", healthpb.HealthCheckResponse_NOT_SERVING, 10*time.Second)
	if st := f.status(grpcx.HealthReadiness); st != healthpb.HealthCheckResponse_SERVING {
		t.Errorf("readiness %v during a NATS outage, want SERVING", st)
	}
	writtenAtCut := written.Load()
	time.Sleep(outage)
	peak := backlog()
	if written.Load() <= writtenAtCut || peak == 0 {
		t.Errorf("during the outage: %d writes, backlog %d; want writes to go on and the backlog to grow", written.Load()-writtenAtCut, peak)
	}
	restart := time.Now()
	if st := f.status(grpcx.HealthReadiness); st != healthpb.HealthCheckResponse_SERVING {
		t.Errorf("readiness %v after %v of NATS outage, want SERVING", st, outage)
	}
	ns.Start()
	f.waitService(t, grpcx.HealthDependencyPrefix+"nats", healthpb.HealthCheckResponse_SERVING, 15*time.Second)
	time.Sleep(500 * time.Millisecond) // a little load after the return too
	close(stop)
	writers.Wait()

	var drain time.Duration
	for {
		if backlog() == 0 {
			drain = time.Since(restart)
			break
		}
		if time.Since(restart) > 30*time.Second {
			t.Fatalf("outbox backlog %d not drained 30 s after NATS returned", backlog())
		}
		time.Sleep(50 * time.Millisecond) // polling the relay's progress
	}

	var notes int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM notes`).Scan(&notes); err != nil {
		t.Fatal(err)
	}
	nc := ns.Connect(t)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	cons, err := js.OrderedConsumer(ctx, outbox.StreamName("sample"), jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for {
		msg, err := cons.Next(jetstream.FetchMaxWait(2 * time.Second))
		if err != nil {
			break // no more messages
		}
		seen[msg.Headers().Get(outbox.HeaderAggregateID)]++
	}
	var lost, dups int
	rows, err := pool.Query(ctx, `SELECT id FROM notes`)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		switch seen[id] {
		case 0:
			lost++
		case 1:
		default:
			dups++
		}
	}
	if int64(notes) != written.Load() || lost != 0 || dups != 0 || len(seen) != notes {
		t.Errorf("written %d, notes %d, events in stream %d: lost %d, duplicated %d", written.Load(), notes, len(seen), lost, dups)
	}
	t.Logf("METRIC fault_nats_down outage_ms=%d writes=%d write_errors=%d backlog_peak=%d drain_ms=%d lost=%d stream_duplicates=%d",
		outage.Milliseconds(), written.Load(), failures.Load(), peak, drain.Milliseconds(), lost, dups)
}
