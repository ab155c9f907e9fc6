package grpcx

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"time"

	grpcprom "github.com/grpc-ecosystem/go-grpc-middleware/providers/prometheus"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/recovery"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc/filters"
	"go.uber.org/zap"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/reflection"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/authz"
)

// Health service names besides "" (overall) and each registered service.
const (
	HealthReadiness = "readiness" // follows the dependency checks
	HealthLiveness  = "liveness"  // SERVING while the process runs
	// HealthDependencyPrefix names one health service per check, "dependency/postgres",
	// "dependency/nats": SERVING while that check passes. Operators read them; probes
	// read readiness.
	HealthDependencyPrefix = "dependency/"
)

// Check is one dependency of the service (PostgreSQL, NATS, ...). Every check shows as
// the health service HealthDependencyPrefix+Name and in the gauge
// hellowork_dependency_up{dependency=Name}.
type Check struct {
	Name string
	Fn   func(ctx context.Context) error
	// Informational checks do not decide readiness: the service still serves while
	// they fail. NATS is one: writes commit their events to the outbox in PostgreSQL
	// and the relay publishes them when the broker is back, so a broker outage must
	// not take every pod out of the load balancer.
	Informational bool
}

// Options configure a Server.
type Options struct {
	// Name of the service, for logs and metrics.
	Name string
	// ErrorDomain is the ErrorInfo.domain of this service's errors, e.g.
	// "identity.hellowork.example".
	ErrorDomain string
	Log         *zap.Logger
	// Verifier checks bearer tokens; nil means only public methods can be called.
	Verifier authn.Verifier
	// Policies resolves who may call each method. nil (every service) means the
	// policies declared in the protos, option (hellowork.authz.v1.policy), read from
	// the registered descriptors: a method without one refuses every call. Only tests
	// of hand-declared or fake services set it (authz.Static). Health and reflection
	// are always public.
	Policies authz.Resolver
	// Checks decide readiness: every check that is not Informational must pass.
	// Default interval 2 s, timeout 1 s each.
	Checks        []Check
	CheckInterval time.Duration
	// Registry receives gRPC metrics; nil creates one (see Registry()).
	Registry *prometheus.Registry
	// ShutdownTimeout bounds the drain of in-flight calls (default 20 s).
	ShutdownTimeout time.Duration
	// MaxRecvMsgSize raises gRPC's 4 MiB default (images are up to 2 MB each).
	MaxRecvMsgSize int
	// Reflection registers gRPC server reflection. Off by default (issue 9, L8): it
	// hands anyone who reaches the port the full API surface; turn it on for local
	// debugging with grpcurl (GRPC_REFLECTION=true).
	Reflection bool
}

// Server is a gRPC server with health, reflection, metrics and the interceptor chain:
// metrics → logging and error conversion → panic recovery → authentication and
// authorization (the method's declared policy) → protovalidate validation → handler.
type Server struct {
	opts    Options
	grpc    *grpc.Server
	health  *health.Server
	metrics *grpcprom.ServerMetrics
	reg     *prometheus.Registry
	depUp   *prometheus.GaugeVec

	mu    sync.Mutex
	ready bool
	down  map[string]bool // checks failing at their last run
}

// NewServer builds a server; register services on GRPC() before Serve.
func NewServer(o Options) (*Server, error) {
	if o.Log == nil {
		o.Log = zap.NewNop()
	}
	if o.CheckInterval == 0 {
		o.CheckInterval = 2 * time.Second
	}
	if o.ShutdownTimeout == 0 {
		o.ShutdownTimeout = 20 * time.Second
	}
	if o.Registry == nil {
		o.Registry = prometheus.NewRegistry()
		o.Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	validator, err := NewValidator()
	if err != nil {
		return nil, err
	}
	metrics := grpcprom.NewServerMetrics(grpcprom.WithServerHandlingTimeHistogram(
		grpcprom.WithHistogramBuckets([]float64{.001, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5})))
	if err := o.Registry.Register(metrics); err != nil {
		return nil, err
	}
	if o.Policies == nil {
		o.Policies = authz.Registry
	}
	auth := &authenticator{verifier: o.Verifier, policies: o.Policies, log: o.Log}
	rec := recovery.WithRecoveryHandlerContext(recoveryHandler(o.Log))
	serverOpts := []grpc.ServerOption{
		grpc.StatsHandler(otelgrpc.NewServerHandler(otelgrpc.WithFilter(filters.Not(filters.HealthCheck())))),
		grpc.ChainUnaryInterceptor(
			metrics.UnaryServerInterceptor(),
			logAndConvert(o.Log, o.ErrorDomain),
			recovery.UnaryServerInterceptor(rec),
			auth.unary(),
			validator.unary(),
		),
		grpc.ChainStreamInterceptor(
			metrics.StreamServerInterceptor(),
			logStreamAndConvert(o.Log, o.ErrorDomain),
			recovery.StreamServerInterceptor(rec),
			auth.stream(),
			validator.stream(),
		),
	}
	// Connections are recycled so that clients spread over pods added later (HPA);
	// the grace lets in-flight calls finish.
	serverOpts = append(serverOpts, grpc.KeepaliveParams(keepalive.ServerParameters{
		MaxConnectionAge: 5 * time.Minute, MaxConnectionAgeGrace: 30 * time.Second}))
	if o.MaxRecvMsgSize > 0 {
		serverOpts = append(serverOpts, grpc.MaxRecvMsgSize(o.MaxRecvMsgSize))
	}
	depUp := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "hellowork_dependency_up",
		Help: "1 while the dependency's check passes, 0 while it fails (see the health service dependency/<name>).",
	}, []string{"dependency"})
	if err := o.Registry.Register(depUp); err != nil {
		return nil, err
	}
	s := &Server{opts: o, grpc: grpc.NewServer(serverOpts...), health: health.NewServer(), metrics: metrics, reg: o.Registry, depUp: depUp}
	healthpb.RegisterHealthServer(s.grpc, s.health)
	if o.Reflection {
		reflection.Register(s.grpc)
	}
	s.setReadiness(false)
	for _, c := range o.Checks {
		s.setDependency(c.Name, false)
	}
	s.health.SetServingStatus(HealthLiveness, healthpb.HealthCheckResponse_SERVING)
	return s, nil
}

// GRPC is the underlying server, for registering services.
func (s *Server) GRPC() *grpc.Server { return s.grpc }

// Registry is the Prometheus registry of this process.
func (s *Server) Registry() *prometheus.Registry { return s.reg }

// Ready reports the last readiness verdict.
func (s *Server) Ready() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ready
}

func (s *Server) setReadiness(ok bool) {
	st := healthpb.HealthCheckResponse_NOT_SERVING
	if ok {
		st = healthpb.HealthCheckResponse_SERVING
	}
	s.mu.Lock()
	changed := s.ready != ok
	s.ready = ok
	s.mu.Unlock()
	s.health.SetServingStatus("", st)
	s.health.SetServingStatus(HealthReadiness, st)
	for name := range s.grpc.GetServiceInfo() {
		if name != healthpb.Health_ServiceDesc.ServiceName {
			s.health.SetServingStatus(name, st)
		}
	}
	if changed {
		s.opts.Log.Info("readiness changed", zap.Bool("ready", ok))
	}
}

func (s *Server) setDependency(name string, up bool) {
	st, v := healthpb.HealthCheckResponse_NOT_SERVING, 0.0
	if up {
		st, v = healthpb.HealthCheckResponse_SERVING, 1
	}
	s.health.SetServingStatus(HealthDependencyPrefix+name, st)
	s.depUp.WithLabelValues(name).Set(v)
}

func (s *Server) checkOnce(ctx context.Context) {
	ok := true
	for _, c := range s.opts.Checks {
		cctx, cancel := context.WithTimeout(ctx, time.Second)
		err := c.Fn(cctx)
		cancel()
		if ctx.Err() != nil {
			return // shutting down: the health server is already NOT_SERVING
		}
		s.mu.Lock()
		if s.down == nil {
			s.down = map[string]bool{}
		}
		wasDown := s.down[c.Name]
		s.down[c.Name] = err != nil
		s.mu.Unlock()
		switch {
		case err != nil && !wasDown:
			s.opts.Log.Warn("dependency check failed", zap.String("check", c.Name),
				zap.Bool("informational", c.Informational), zap.Error(err))
		case err == nil && wasDown:
			s.opts.Log.Info("dependency check passes again", zap.String("check", c.Name))
		}
		s.setDependency(c.Name, err == nil)
		if err != nil && !c.Informational {
			ok = false
		}
	}
	s.setReadiness(ok)
}

// Serve serves on lis until ctx is cancelled, then shuts down gracefully: readiness
// turns NOT_SERVING, new connections are refused, in-flight calls drain for at most
// ShutdownTimeout, and the rest are cut.
func (s *Server) Serve(ctx context.Context, lis net.Listener) error {
	s.metrics.InitializeMetrics(s.grpc)
	s.reportUndeclared()
	s.checkOnce(ctx)
	checkCtx, stopChecks := context.WithCancel(ctx)
	defer stopChecks()
	go func() {
		t := time.NewTicker(s.opts.CheckInterval)
		defer t.Stop()
		for {
			select {
			case <-checkCtx.Done():
				return
			case <-t.C:
				s.checkOnce(checkCtx)
			}
		}
	}()
	errc := make(chan error, 1)
	go func() { errc <- s.grpc.Serve(lis) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	stopChecks()
	s.health.Shutdown() // every status NOT_SERVING, so balancers stop sending
	done := make(chan struct{})
	go func() { s.grpc.GracefulStop(); close(done) }()
	select {
	case <-done:
	case <-time.After(s.opts.ShutdownTimeout):
		s.opts.Log.Warn("graceful stop timed out; cutting remaining calls")
		s.grpc.Stop()
		<-done
	}
	if err := <-errc; err != nil && !errors.Is(err, grpc.ErrServerStopped) {
		return err
	}
	return nil
}

// reportUndeclared logs, once at start, every registered method without a valid
// authorization policy: each call to it will be refused.
func (s *Server) reportUndeclared() {
	for name, info := range s.grpc.GetServiceInfo() {
		for _, m := range info.Methods {
			method := "/" + name + "/" + m.Name
			if infrastructure(method) {
				continue
			}
			if _, err := s.opts.Policies.Policy(method); err != nil {
				s.opts.Log.Error("method without a valid authorization policy: every call to it will be refused; declare option (hellowork.authz.v1.policy) on the RPC",
					zap.String("grpc.method", method), zap.Error(err))
			}
		}
	}
}

// ServeMetrics serves /metrics of reg on addr until ctx is cancelled.
func ServeMetrics(ctx context.Context, addr string, reg *prometheus.Registry) error {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{EnableOpenMetrics: true}))
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		return srv.Shutdown(shutdownCtx)
	}
}
