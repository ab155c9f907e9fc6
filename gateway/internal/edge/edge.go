package edge

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.uber.org/zap"
	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/hellowork-jp/hellowork/gateway/openapi"
	"github.com/hellowork-jp/hellowork/libs/clock"
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/libs/grpcx"
)

// Backend is one service behind the gateway.
type Backend struct {
	Name     string
	Addr     string
	Register func(ctx context.Context, mux *runtime.ServeMux, conn *grpc.ClientConn) error
}

// Gateway is the HTTP handler of the REST edge and its backend connections.
type Gateway struct {
	cfg      Config
	log      *zap.Logger
	conns    map[string]*grpc.ClientConn
	identity *grpc.ClientConn
	handler  http.Handler
}

// New dials every backend with an address and builds the handler.
func New(ctx context.Context, cfg Config, log *zap.Logger, backends []Backend, opts ...Option) (*Gateway, error) {
	o := options{clock: clock.Real{}}
	for _, opt := range opts {
		opt(&o)
	}
	g := &Gateway{cfg: cfg, log: log, conns: map[string]*grpc.ClientConn{}}
	idConn, err := grpcx.Dial(cfg.IdentityAddr)
	if err != nil {
		return nil, fmt.Errorf("dial identity at %s: %w", cfg.IdentityAddr, err)
	}
	g.identity = idConn
	annotate := requestMetadata(cfg.TrustedProxyHops)
	sess := newSessions(identityv1.NewIdentityServiceClient(idConn), annotate, newSessionCache(cfg.SessionCacheTTL, o.clock))
	marshaler := &runtime.JSONPb{
		// Proto field names in JSON, as the OpenAPI document shows them; unknown
		// fields are rejected (400) so typos never vanish silently.
		MarshalOptions:   protojson.MarshalOptions{UseProtoNames: true, EmitUnpopulated: true},
		UnmarshalOptions: protojson.UnmarshalOptions{DiscardUnknown: false},
	}
	mux := runtime.NewServeMux(
		runtime.WithMarshalerOption(runtime.MIMEWildcard, strictJSON{marshaler}),
		runtime.WithIncomingHeaderMatcher(incomingHeaderMatcher),
		runtime.WithOutgoingHeaderMatcher(outgoingHeaderMatcher),
		runtime.WithOutgoingTrailerMatcher(func(string) (string, bool) { return "", false }),
		runtime.WithMetadata(func(ctx context.Context, r *http.Request) metadata.MD {
			return metadata.Join(annotate(ctx, r), authorization(ctx))
		}),
		runtime.WithForwardResponseOption(sess.cookies),
		runtime.WithDisableHTTPMethodOverride(),
		runtime.WithDisablePathLengthFallback(),
		runtime.WithErrorHandler(errorHandler),
		runtime.WithRoutingErrorHandler(routingErrorHandler),
	)
	for _, b := range backends {
		if b.Addr == "" {
			continue
		}
		conn, err := grpcx.Dial(b.Addr, grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(8<<20)))
		if err != nil {
			g.Close()
			return nil, fmt.Errorf("dial %s at %s: %w", b.Name, b.Addr, err)
		}
		g.conns[b.Name] = conn
		if err := b.Register(ctx, mux, conn); err != nil {
			g.Close()
			return nil, fmt.Errorf("register %s routes: %w", b.Name, err)
		}
	}
	if conn, ok := g.conns["employer-registration"]; ok {
		im := &images{client: erv1.NewEmployerRegistrationServiceClient(conn), mux: mux, marshaler: marshaler, maxUpload: cfg.MaxUploadBytes,
			annotate: func(r *http.Request) metadata.MD {
				// These handlers bypass grpc-gateway's header matcher, which forwards the
				// request id on the generated routes: the service logs the call under it.
				return metadata.Join(annotate(r.Context(), r), authorization(r.Context()),
					metadata.Pairs("x-request-id", r.Header.Get(requestIDHeader)))
			}}
		if err := im.register(); err != nil {
			g.Close()
			return nil, err
		}
	}
	root := http.NewServeMux()
	root.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	root.HandleFunc("GET /readyz", g.readyz)
	root.HandleFunc("GET /openapi.json", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "public, max-age=300")
		_, _ = w.Write(openapi.Spec)
	})
	root.Handle("/v1/", limitBody(cfg, sess.middleware(mux)))
	if o.web != nil {
		// The pages: every path the routes above do not take (see web.go).
		wh, err := newWebHandler(o.web)
		if err != nil {
			g.Close()
			return nil, err
		}
		root.Handle("/", wh)
	}
	// Public endpoint: a browser's traceparent becomes a link, never our trace's parent.
	g.handler = requestIDs(log, otelhttp.NewHandler(secure(cfg, root), "gateway", otelhttp.WithPublicEndpointFn(func(*http.Request) bool { return true }),
		otelhttp.WithFilter(func(r *http.Request) bool { return r.URL.Path != "/healthz" && r.URL.Path != "/readyz" })))
	return g, nil
}

// Handler is the HTTP handler.
func (g *Gateway) Handler() http.Handler { return g.handler }

// Close closes the backend connections.
func (g *Gateway) Close() {
	for _, c := range g.conns {
		_ = c.Close()
	}
	if g.identity != nil {
		_ = g.identity.Close()
	}
}

// backendDependencies are the dependency checks libs/runner registers on every
// service (health services grpcx.HealthDependencyPrefix+name), shown to operators.
var backendDependencies = []string{"postgres", "nats"}

// backendHealth is one backend in the operator's view of readiness.
type backendHealth struct {
	// Readiness is the backend's health service "readiness" (SERVING while it can
	// serve: PostgreSQL reachable), or UNREACHABLE.
	Readiness string `json:"readiness"`
	// Dependencies are its dependency checks; a NATS outage shows here (and in the
	// backend's hellowork_dependency_up gauge) without making it unready, since its
	// events wait in the outbox.
	Dependencies map[string]string `json:"dependencies,omitempty"`
}

// readiness asks every backend for its readiness, and with details its dependencies.
func (g *Gateway) readiness(ctx context.Context, details bool) (bool, map[string]backendHealth) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	names := make([]string, 0, len(g.conns))
	for n := range g.conns {
		names = append(names, n)
	}
	sort.Strings(names)
	services := map[string]backendHealth{}
	ready := true
	for _, n := range names {
		hc := healthpb.NewHealthClient(g.conns[n])
		resp, err := hc.Check(ctx, &healthpb.HealthCheckRequest{Service: grpcx.HealthReadiness})
		if err != nil {
			services[n] = backendHealth{Readiness: "UNREACHABLE"}
			ready = false
			continue
		}
		ready = ready && resp.GetStatus() == healthpb.HealthCheckResponse_SERVING
		bh := backendHealth{Readiness: resp.GetStatus().String()}
		if details {
			for _, d := range backendDependencies {
				dr, err := hc.Check(ctx, &healthpb.HealthCheckRequest{Service: grpcx.HealthDependencyPrefix + d})
				if err != nil {
					continue // a backend without that check (NOT_FOUND), or gone meanwhile
				}
				if bh.Dependencies == nil {
					bh.Dependencies = map[string]string{}
				}
				bh.Dependencies[d] = dr.GetStatus().String()
			}
		}
		services[n] = bh
	}
	return ready, services
}

// readyz is the public readiness probe: ready when every backend reports its
// readiness (PostgreSQL reachable) as SERVING. It names no backend: the operator's
// view (OperatorHandler) does.
func (g *Gateway) readyz(w http.ResponseWriter, r *http.Request) {
	ready, _ := g.readiness(r.Context(), false)
	code, status := http.StatusOK, "ready"
	if !ready {
		code, status = http.StatusServiceUnavailable, "not ready"
	}
	writeJSON(w, code, map[string]any{"status": status})
}

// OperatorHandler serves GET /readyz with every backend's readiness and dependencies
// (PostgreSQL, NATS), for the operator's port (METRICS_ADDR), never the public one.
func (g *Gateway) OperatorHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ready, services := g.readiness(r.Context(), true)
		code, status := http.StatusOK, "ready"
		if !ready {
			code, status = http.StatusServiceUnavailable, "not ready"
		}
		writeJSON(w, code, map[string]any{"status": status, "services": services})
	})
	return mux
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}
