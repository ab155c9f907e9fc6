// Package runner is the one main loop of every hellowork service process.
//
// It opens the service's PostgreSQL schema and migrates it (outbox tables first, then
// the service's own numbered migrations, under a lock), connects to NATS with infinite
// reconnects, declares the service's stream, relays its outbox, serves gRPC with health
// readiness that follows PostgreSQL (NATS shows as the health service dependency/nats
// and in hellowork_dependency_up, not in readiness), serves /metrics, runs the service's
// background loops (consumers, purges), and shuts all of it down gracefully when the
// context ends (SIGTERM).
package runner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.uber.org/zap"
	"golang.org/x/sync/errgroup"
	"google.golang.org/grpc"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/config"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/libs/grpcx"
	"github.com/hellowork-jp/hellowork/libs/logging"
	"github.com/hellowork-jp/hellowork/libs/natsx"
	"github.com/hellowork-jp/hellowork/libs/natsx/natsacl"
	"github.com/hellowork-jp/hellowork/libs/observability"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/pgkit"
)

// Spec describes one service process.
type Spec struct {
	// Name is the service name ("identity", "employer-registration", ...); it also
	// names its stream (see outbox.StreamName).
	Name string
	// Schema is the PostgreSQL schema the service owns.
	Schema string
	// Migrations holds the service's goose migrations (00001_init.sql, ...).
	Migrations fs.FS
	// Common is the configuration every service reads.
	Common config.Common
	// Verifier overrides the default verifier (JWKS from Common.TokenJWKSURL). Who may
	// call each RPC is declared on the RPC in the proto and enforced by grpcx
	// (libs/authz); a method without a policy refuses every call.
	Verifier authn.Verifier
	// WrapVerifier, if set, wraps the verifier (the default or Verifier): a service that
	// also accepts tokens signed by another party's keys (applicant-selection: the seeker
	// portal's) routes them there and leaves the rest to identity's keys.
	WrapVerifier func(authn.Verifier) authn.Verifier
	// Clock defaults to the wall clock.
	Clock clock.Clock
	// Log defaults to a logger built from Common.
	Log *zap.Logger
	// Listener overrides Common.GRPCAddr (tests listen on 127.0.0.1:0).
	Listener net.Listener
	// MaxRecvMsgSize raises gRPC's 4 MiB default.
	MaxRecvMsgSize int
	// Setup registers the service's gRPC handlers on srv and its background loops with
	// d.Go. It runs after migrations, before serving.
	Setup func(ctx context.Context, d *Deps, srv *grpcx.Server) error
}

// Deps are the live dependencies handed to Setup.
type Deps struct {
	Log      *zap.Logger
	Pool     *pgxpool.Pool
	NC       *nats.Conn
	JS       jetstream.JetStream
	Clock    clock.Clock
	Verifier authn.Verifier
	Common   config.Common

	loops   []loop
	service string
}

type loop struct {
	name string
	fn   func(ctx context.Context) error
}

// Go runs fn for the life of the process; fn must return when ctx ends. An error other
// than context cancellation stops the process (the orchestrator restarts it).
func (d *Deps) Go(name string, fn func(ctx context.Context) error) {
	d.loops = append(d.loops, loop{name: name, fn: fn})
}

// Consume runs an outbox consumer of another service's stream for the life of the
// process. Only the producer may declare its stream (libs/natsx/natsacl), so the
// consumer waits for it (retrying while NATS or the producer is away) and then starts.
func (d *Deps) Consume(producer string, cfg outbox.ConsumerConfig, h outbox.Handler) {
	d.Go("consume "+cfg.Name, func(ctx context.Context) error {
		// A durable the NATS users do not know would only loop on permission errors.
		if _, known := natsacl.Lookup(d.service); known && !natsacl.Allows(d.service, producer, cfg.Name) {
			return fmt.Errorf("consumer %s of %s is not declared in libs/natsx/natsacl", cfg.Name, producer)
		}
		if err := retry(ctx, d.Log, "wait for stream "+outbox.StreamName(producer), func(ctx context.Context) error {
			_, err := d.JS.Stream(ctx, outbox.StreamName(producer))
			return err
		}); err != nil {
			return err
		}
		if cfg.Stream == "" {
			cfg.Stream = outbox.StreamName(producer)
		}
		return outbox.Consume(ctx, d.JS, d.Pool, d.Log, cfg, h)
	})
	d.Go("prune inbox "+cfg.Name, func(ctx context.Context) error {
		// Inbox rows only need to outlive the stream's MaxAge (30 days) plus any relay
		// outage: a re-publish older than that could otherwise be handled twice.
		t := time.NewTicker(6 * time.Hour)
		defer t.Stop()
		for {
			if n, err := outbox.PruneInbox(ctx, d.Pool, cfg.Name, inboxRetention); err != nil && ctx.Err() == nil {
				d.Log.Warn("pruning inbox failed", zap.String("consumer", cfg.Name), zap.Error(err))
			} else if n > 0 {
				d.Log.Info("inbox pruned", zap.String("consumer", cfg.Name), zap.Int64("rows", n))
			}
			select {
			case <-ctx.Done():
				return nil
			case <-t.C:
			}
		}
	})
}

// inboxRetention keeps inbox rows well past the stream's 30-day MaxAge.
const inboxRetention = 60 * 24 * time.Hour

// Main runs spec until SIGINT or SIGTERM and exits the process. With the argument
// "migrate" it only applies the migrations and exits.
func Main(spec Spec) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	if len(os.Args) > 1 && os.Args[1] == "migrate" {
		err = Migrate(ctx, spec)
	} else {
		err = Run(ctx, spec)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", spec.Name, err)
		os.Exit(1)
	}
}

func (spec *Spec) defaults() error {
	if spec.Clock == nil {
		spec.Clock = clock.Real{}
	}
	if spec.Log == nil {
		name := spec.Common.ServiceName
		if name == "" {
			name = spec.Name
		}
		log, err := logging.New(name, spec.Common.LogLevel, spec.Common.LogFormat)
		if err != nil {
			return err
		}
		spec.Log = log
	}
	return nil
}

// Migrate applies the outbox and service migrations and returns. It connects as the
// schema owner (MIGRATION_DATABASE_URL, else DATABASE_URL) and grants the runtime role
// its privileges afterwards.
func Migrate(ctx context.Context, spec Spec) error {
	if err := spec.defaults(); err != nil {
		return err
	}
	url := spec.Common.MigrationDatabaseURL
	if url == "" {
		url = spec.Common.DatabaseURL
	}
	pool, err := openPool(ctx, spec, url)
	if err != nil {
		return err
	}
	defer pool.Close()
	return migrate(ctx, pool, spec)
}

func openPool(ctx context.Context, spec Spec, url string) (*pgxpool.Pool, error) {
	pool, err := pgkit.Open(ctx, url, spec.Schema)
	if err != nil {
		return nil, err
	}
	// The database may still be starting (make run, a pod next to its database).
	err = retry(ctx, spec.Log, "connect to PostgreSQL", func(ctx context.Context) error {
		cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		return pool.Ping(cctx)
	}, 30*time.Second)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("PostgreSQL at %s: %w", config.Redacted(url), err)
	}
	return pool, nil
}

func migrate(ctx context.Context, pool *pgxpool.Pool, spec Spec) error {
	if err := outbox.Migrate(ctx, pool, spec.Schema); err != nil {
		return err
	}
	if spec.Migrations != nil {
		if err := pgkit.Migrate(ctx, pool, spec.Schema, spec.Migrations); err != nil {
			return err
		}
	}
	if role := spec.Common.RuntimeRole(); role != "" {
		if err := pgkit.GrantRuntime(ctx, pool, spec.Schema, role); err != nil {
			return err
		}
	}
	spec.Log.Info("migrations applied", zap.String("schema", spec.Schema))
	return nil
}

// Run runs the service until ctx ends, then shuts down gracefully.
func Run(ctx context.Context, spec Spec) error {
	if err := spec.defaults(); err != nil {
		return err
	}
	log := spec.Log
	shutdownTracing, err := observability.Setup(ctx, spec.Name)
	if err != nil {
		return fmt.Errorf("tracing: %w", err)
	}
	defer func() { _ = shutdownTracing(context.WithoutCancel(ctx)) }()
	switch {
	case spec.Common.MigrationsByJob:
		// The migration Job ran as the owner; this role may not change the schema.
	case spec.Common.MigrationDatabaseURL != "":
		if err := Migrate(ctx, spec); err != nil {
			return err
		}
	}
	pool, err := openPool(ctx, spec, spec.Common.DatabaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	if !spec.Common.MigrationsByJob && spec.Common.MigrationDatabaseURL == "" {
		if err := migrate(ctx, pool, spec); err != nil {
			return err
		}
	}

	natsOpts, err := natsx.NKey(spec.Common.NATSNKeySeed, spec.Common.NATSNKeySeedFile)
	if err != nil {
		return err
	}
	// Replies come to the service's own inboxes, the only ones its NATS user may read.
	natsOpts = append(natsOpts, nats.CustomInboxPrefix(natsacl.InboxPrefix(spec.Name)))
	nc, err := natsx.Connect(spec.Common.NATSURL, spec.Name, log, natsOpts...)
	if err != nil {
		return fmt.Errorf("NATS at %s: %w", spec.Common.NATSURL, err)
	}
	defer nc.Close()
	js, err := natsx.JetStream(nc, 0)
	if err != nil {
		return err
	}

	verifier := spec.Verifier
	switch {
	case verifier != nil:
	case spec.Common.TokenJWKSAddr != "":
		keys, conn, err := identityKeys(spec.Common.TokenJWKSAddr)
		if err != nil {
			return err
		}
		defer conn.Close()
		verifier = authn.NewVerifier(spec.Common.TokenIssuer, spec.Common.TokenAudience, keys, spec.Clock)
	case spec.Common.TokenJWKSURL != "":
		verifier = authn.NewVerifier(spec.Common.TokenIssuer, spec.Common.TokenAudience,
			&authn.RemoteKeys{URL: spec.Common.TokenJWKSURL}, spec.Clock)
	}
	if spec.WrapVerifier != nil && verifier != nil {
		verifier = spec.WrapVerifier(verifier)
	}
	srv, err := grpcx.NewServer(grpcx.Options{
		Name:            spec.Name,
		ErrorDomain:     spec.Name + ".hellowork.example",
		Log:             log,
		Verifier:        verifier,
		ShutdownTimeout: spec.Common.ShutdownTimeout,
		MaxRecvMsgSize:  spec.MaxRecvMsgSize,
		Reflection:      spec.Common.GRPCReflection,
		Checks: []grpcx.Check{
			{Name: "postgres", Fn: pool.Ping},
			// The service serves without NATS: events wait in the outbox until the
			// relay can publish them, so a broker outage is no reason to leave the
			// load balancer.
			{Name: "nats", Informational: true, Fn: func(context.Context) error {
				if !nc.IsConnected() {
					return errors.New("not connected")
				}
				return nil
			}},
		},
	})
	if err != nil {
		return err
	}
	deps := &Deps{Log: log, Pool: pool, NC: nc, JS: js, Clock: spec.Clock, Verifier: verifier, Common: spec.Common, service: spec.Name}
	if spec.Setup != nil {
		if err := spec.Setup(ctx, deps, srv); err != nil {
			return fmt.Errorf("setup: %w", err)
		}
	}

	lis := spec.Listener
	if lis == nil {
		if lis, err = net.Listen("tcp", spec.Common.GRPCAddr); err != nil {
			return err
		}
	}
	log.Info("serving", zap.String("grpc", lis.Addr().String()), zap.String("metrics", spec.Common.MetricsAddr))

	// Serving stops first on ctx; loops get their own context, cancelled after the
	// gRPC drain, so in-flight calls can still publish through the outbox.
	loopCtx, stopLoops := context.WithCancel(context.WithoutCancel(ctx))
	defer stopLoops()
	g, gctx := errgroup.WithContext(loopCtx)
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ctx, lis) }()
	if spec.Common.MetricsAddr != "" {
		g.Go(func() error { return grpcx.ServeMetrics(gctx, spec.Common.MetricsAddr, srv.Registry()) })
	}
	g.Go(func() error {
		if err := retry(gctx, log, "declare stream "+outbox.StreamName(spec.Name), func(ctx context.Context) error {
			return outbox.EnsureStream(ctx, js, spec.Name, streamOptions(spec.Common)...)
		}); err != nil {
			return err
		}
		return outbox.NewRelay(pool, js, log, outbox.RelayOptions{Registerer: srv.Registry()}).Run(gctx)
	})
	for _, l := range deps.loops {
		g.Go(func() error {
			if err := l.fn(gctx); err != nil && gctx.Err() == nil {
				return fmt.Errorf("%s: %w", l.name, err)
			}
			return nil
		})
	}
	loopsDone := make(chan error, 1)
	go func() { loopsDone <- g.Wait() }()

	select {
	case err = <-serveErr:
		// Serving ended: on ctx cancellation after a graceful drain, else a failure.
	case err = <-loopsDone:
		if err == nil {
			err = errors.New("background loops ended unexpectedly")
		}
		log.Error("background loop failed; shutting down", zap.Error(err))
		return err
	}
	stopLoops()
	if lerr := <-loopsDone; lerr != nil && !errors.Is(lerr, context.Canceled) {
		log.Warn("background loop ended with error", zap.Error(lerr))
	}
	_ = nc.Drain()
	log.Info("stopped")
	return err
}

// identityKeys fetches identity's verification keys with its GetJwks RPC at addr:
// from identity itself, over a connection the chart's NetworkPolicy lets reach identity
// pods only, rather than from a URL (issue 9, M5).
func identityKeys(addr string) (*authn.RemoteKeys, *grpc.ClientConn, error) {
	conn, err := grpcx.Dial(addr)
	if err != nil {
		return nil, nil, fmt.Errorf("TOKEN_JWKS_ADDR %s: %w", addr, err)
	}
	client := identityv1.NewIdentityServiceClient(conn)
	return &authn.RemoteKeys{Fetch: func(ctx context.Context) (authn.JWKSet, error) {
		cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		resp, err := client.GetJwks(cctx, &identityv1.GetJwksRequest{})
		if err != nil {
			return authn.JWKSet{}, err
		}
		set := authn.JWKSet{}
		for _, k := range resp.GetKeys() {
			set.Keys = append(set.Keys, authn.JWK{Kty: k.GetKty(), Crv: k.GetCrv(), X: k.GetX(), Kid: k.GetKid(), Alg: k.GetAlg(), Use: k.GetUse()})
		}
		return set, nil
	}}, conn, nil
}

// retry calls fn until it succeeds, ctx ends, or (if given) limit passes, with capped
// exponential backoff.
func retry(ctx context.Context, log *zap.Logger, what string, fn func(context.Context) error, limit ...time.Duration) error {
	start := time.Now()
	wait := 100 * time.Millisecond
	for {
		err := fn(ctx)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if len(limit) > 0 && time.Since(start) > limit[0] {
			return err
		}
		log.Warn("retrying", zap.String("what", what), zap.Duration("in", wait), zap.Error(err))
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		if wait *= 2; wait > 5*time.Second {
			wait = 5 * time.Second
		}
	}
}

func streamOptions(c config.Common) []outbox.StreamOption {
	if c.StreamReplicas > 1 {
		return []outbox.StreamOption{outbox.WithReplicas(c.StreamReplicas)}
	}
	return nil
}
