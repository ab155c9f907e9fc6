// Package servicetest boots a real hellowork service for component tests: the same
// runner.Spec production runs, on a fresh PostgreSQL database (pgtest) and an embedded
// NATS server with JetStream (natstest), with a fake clock, test token keys and an
// observed logger, reachable over a real gRPC connection.
//
// The short form, when the service's Spec only needs the common configuration:
//
//	svc := servicetest.Boot(t, func(c config.Common) (runner.Spec, error) {
//		return service.Spec(service.Config{Common: c, ...}, service.Options{})
//	})
//
// Boot fills the Spec's Clock, Log, Verifier and Listener when the build left them nil.
// When the build must hand the fake clock or other test dependencies to the service's
// Options itself, prepare the Service first and start it with a build that reads it:
//
//	svc := servicetest.New(t)
//	svc.Start(func(c config.Common) (runner.Spec, error) {
//		return service.Spec(service.Config{Common: c, ...}, service.Options{
//			Clock: svc.Clock, Log: svc.Log, Listener: svc.Listener, Verifier: svc.Auth.Verifier})
//	})
//
// Stop and Start again restart the process on the same database (crash and redeploy
// tests). Everything stops at the test's cleanup.
package servicetest

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/authn/authntest"
	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/config"
	"github.com/hellowork-jp/hellowork/libs/grpcx"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/libs/testkit"
	"github.com/hellowork-jp/hellowork/libs/testkit/natstest"
	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
)

// DefaultStart is where every Service's fake clock starts unless WithClock says
// otherwise: 2026-04-01 09:00 JST, a weekday in office hours.
var DefaultStart = time.Date(2026, 4, 1, 9, 0, 0, 0, clock.JST)

// BootTimeout bounds how long Start waits for the service to become ready.
const BootTimeout = 30 * time.Second

// Service is one running service under test.
type Service struct {
	// Ready before Start (New fills them), so a build function can hand them on.
	Clock       *clock.Fake
	NATS        *natstest.Server
	JS          jetstream.JetStream // on NATS, to publish events or inspect streams
	Auth        *authntest.Authority
	Log         *zap.Logger
	Logs        *observer.ObservedLogs // what Log wrote; nil with WithLogCore
	DatabaseURL string
	Common      config.Common // what the build function receives
	Listener    net.Listener  // the gRPC listener of the next (or current) Start

	// Filled by Start.
	Spec runner.Spec      // as run, after the defaults were filled
	Addr string           // the gRPC address
	Conn *grpc.ClientConn // to Addr
	Pool *pgxpool.Pool    // on the service's own schema, for assertions and fixtures
	done chan error       // receives Run's result
	stop context.CancelFunc

	t testing.TB
}

type options struct {
	nats    *natstest.Server
	clock   *clock.Fake
	core    zapcore.Core
	dbURL   string
	streams []string
	common  []func(*config.Common)
}

// Option adjusts New and Boot.
type Option func(*options)

// WithNATS uses a NATS server the test already runs (shared by several services, or
// stopped and started by the test) instead of a fresh one.
func WithNATS(s *natstest.Server) Option { return func(o *options) { o.nats = s } }

// WithClock uses clk (shared by several services) instead of a fresh fake clock at
// DefaultStart.
func WithClock(clk *clock.Fake) Option { return func(o *options) { o.clock = clk } }

// WithLogCore sends the service's logs to core (a package-wide observer that TestMain
// scans for secrets, say) instead of a fresh observer.
func WithLogCore(core zapcore.Core) Option { return func(o *options) { o.core = core } }

// WithDatabaseURL runs the service on an existing database (several services in one
// database, as in production) instead of a fresh one.
func WithDatabaseURL(url string) Option { return func(o *options) { o.dbURL = url } }

// WithStreams declares the streams of producing services before the service starts,
// so a test can publish their events at once.
func WithStreams(producers ...string) Option {
	return func(o *options) { o.streams = append(o.streams, producers...) }
}

// WithCommon adjusts the common configuration handed to the build function.
func WithCommon(fn func(*config.Common)) Option {
	return func(o *options) { o.common = append(o.common, fn) }
}

// New prepares a Service without starting it: database, NATS, clock, token authority,
// logger and the listener of the first Start.
func New(t testing.TB, opts ...Option) *Service {
	t.Helper()
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	s := &Service{t: t, Clock: o.clock, NATS: o.nats, DatabaseURL: o.dbURL}
	if s.Clock == nil {
		s.Clock = clock.NewFake(DefaultStart)
	}
	if s.NATS == nil {
		s.NATS = natstest.Run(t)
	}
	if s.DatabaseURL == "" {
		s.DatabaseURL = pgtest.NewDatabase(t)
	}
	core := o.core
	if core == nil {
		core, s.Logs = observer.New(zapcore.DebugLevel)
	}
	s.Log = zap.New(core)
	s.Auth = authntest.New(t, s.Clock)
	js, err := jetstream.New(s.NATS.Connect(t))
	if err != nil {
		t.Fatal(err)
	}
	s.JS = js
	for _, p := range o.streams {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err := outbox.EnsureStream(ctx, js, p)
		cancel()
		if err != nil {
			t.Fatalf("servicetest: stream of %s: %v", p, err)
		}
	}
	s.Common = config.Common{
		DatabaseURL: s.DatabaseURL, NATSURL: s.NATS.URL(), StreamReplicas: 1,
		LogLevel: "debug", LogFormat: "json", ShutdownTimeout: 5 * time.Second,
		TokenIssuer: authntest.Issuer, TokenAudience: authntest.Audience,
	}
	for _, fn := range o.common {
		fn(&s.Common)
	}
	s.listen()
	t.Cleanup(func() {
		s.Stop()
		if s.Listener != nil { // prepared for a Start that never came
			_ = s.Listener.Close()
		}
	})
	return s
}

// Boot is New followed by Start.
func Boot(t testing.TB, build func(common config.Common) (runner.Spec, error), opts ...Option) *Service {
	t.Helper()
	s := New(t, opts...)
	s.Start(build)
	return s
}

func (s *Service) listen() {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		s.t.Fatal(err)
	}
	s.Listener = lis
	s.Common.GRPCAddr = lis.Addr().String()
}

// Start builds the Spec, runs it in the background and returns once gRPC readiness is
// SERVING (migrations applied, PostgreSQL and NATS reachable). Fields of the Spec the
// build left nil are filled from the Service: Clock, Log, Verifier, Listener.
func (s *Service) Start(build func(common config.Common) (runner.Spec, error)) {
	s.t.Helper()
	if s.done != nil {
		s.t.Fatal("servicetest: Start while running; Stop first")
	}
	if s.Listener == nil {
		s.listen()
	}
	spec, err := build(s.Common)
	if err != nil {
		s.t.Fatalf("servicetest: build spec: %v", err)
	}
	if spec.Clock == nil {
		spec.Clock = s.Clock
	}
	if spec.Log == nil {
		spec.Log = s.Log
	}
	if spec.Verifier == nil {
		spec.Verifier = s.Auth.Verifier
	}
	if spec.Listener == nil {
		spec.Listener = s.Listener
	}
	// The service signs in to NATS as its own user, with production permissions.
	if spec.Common.NATSNKeySeed == "" && spec.Common.NATSNKeySeedFile == "" {
		spec.Common.NATSNKeySeed = s.NATS.Seed(spec.Name)
	}
	s.Listener = nil // a listener serves one Run; the next Start opens a new one
	s.Spec = spec
	s.Addr = spec.Listener.Addr().String()

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runner.Run(ctx, spec) }()
	s.stop, s.done = cancel, done

	conn, err := grpcx.Dial(s.Addr)
	if err != nil {
		s.t.Fatal(err)
	}
	s.Conn = conn
	s.waitReady()
	if s.Pool == nil && spec.Schema != "" {
		s.Pool = pgtest.Pool(s.t, s.DatabaseURL, spec.Schema, nil)
	}
}

func (s *Service) waitReady() {
	s.t.Helper()
	hc := healthpb.NewHealthClient(s.Conn)
	var last string
	testkit.Eventually(s.t, BootTimeout, func() bool {
		select {
		case err := <-s.done:
			s.done <- err // keep it for Stop
			s.t.Fatalf("servicetest: %s stopped while starting: %v", s.Spec.Name, err)
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		resp, err := hc.Check(ctx, &healthpb.HealthCheckRequest{Service: grpcx.HealthReadiness})
		if err != nil {
			last = err.Error()
			return false
		}
		last = resp.GetStatus().String()
		return resp.GetStatus() == healthpb.HealthCheckResponse_SERVING
	}, "%s to be ready (last: %s)", s.Spec.Name, stringer(func() string { return last }))
}

// stringer defers a value to the moment a failure message is formatted.
type stringer func() string

func (f stringer) String() string { return f() }

// Stop shuts the service down gracefully and waits for it; it is a no-op when the
// service is not running. The test's cleanup calls it.
func (s *Service) Stop() {
	if s.done == nil {
		return
	}
	s.stop()
	select {
	case err := <-s.done:
		if err != nil && !errors.Is(err, context.Canceled) {
			s.t.Errorf("servicetest: %s stopped with %v", s.Spec.Name, err)
		}
	case <-time.After(30 * time.Second):
		s.t.Errorf("servicetest: %s did not stop within 30 s", s.Spec.Name)
	}
	if s.Conn != nil {
		_ = s.Conn.Close()
		s.Conn = nil
	}
	s.done, s.stop = nil, nil
}

// As returns a context whose outgoing calls carry an access token for p, signed by
// the test authority the service verifies with (unless its Spec set its own Verifier).
func (s *Service) As(ctx context.Context, p authn.Principal) context.Context {
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+s.Auth.Token(s.t, p))
}

// Publish puts ev on its producer's stream as the relay would, for consumer tests.
// The producer's stream must exist (WithStreams, or the producing service running).
func (s *Service) Publish(ev outbox.Event) *jetstream.PubAck {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ack, err := s.JS.PublishMsg(ctx, ev.Message())
	if err != nil {
		s.t.Fatalf("servicetest: publish %s: %v", ev.Type, err)
	}
	return ack
}

// Replica prepares another process of the same service on s's database, NATS server
// and fake clock, as a second pod of its Deployment; Start it with a build function
// that reads the replica's own fields (Listener, Log, Auth). It stops with the test.
func (s *Service) Replica(opts ...Option) *Service {
	s.t.Helper()
	return New(s.t, append([]Option{WithNATS(s.NATS), WithClock(s.Clock), WithDatabaseURL(s.DatabaseURL)}, opts...)...)
}

// StreamMessages returns the messages of subject on producer's stream, oldest first
// (what the relays published, duplicates included).
func (s *Service) StreamMessages(producer, subject string) []*jetstream.RawStreamMsg {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	st, err := s.JS.Stream(ctx, outbox.StreamName(producer))
	if err != nil {
		s.t.Fatalf("servicetest: stream of %s: %v", producer, err)
	}
	info, err := st.Info(ctx)
	if err != nil {
		s.t.Fatalf("servicetest: stream of %s: %v", producer, err)
	}
	var out []*jetstream.RawStreamMsg
	for seq := info.State.FirstSeq; info.State.Msgs > 0 && seq <= info.State.LastSeq; seq++ {
		m, err := st.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			s.t.Fatalf("servicetest: message %d of %s: %v", seq, producer, err)
		}
		if m.Subject == subject {
			out = append(out, m)
		}
	}
	return out
}
