package grpcx

import (
	"context"
	"fmt"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/recovery"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/authz"
	"github.com/hellowork-jp/hellowork/libs/errs"
	authzv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/authz/v1"
)

// RequestIDHeader is the metadata key (and HTTP header) carrying the request id.
const RequestIDHeader = "x-request-id"

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

type requestIDKey struct{}

// RequestID returns the request id of ctx ("" outside a request).
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// requestIDFrom takes a well-formed incoming id or makes a new one; a malformed id is
// replaced rather than logged, since it is caller-controlled text.
func requestIDFrom(ctx context.Context) string {
	if md, ok := metadata.FromIncomingContext(ctx); ok {
		if v := md.Get(RequestIDHeader); len(v) > 0 && requestIDPattern.MatchString(v[0]) {
			return v[0]
		}
	}
	return uuid.NewString()
}

// logAndConvert logs one line per call (method, code, duration, request id, trace id,
// principal; never payloads) and converts the handler's error into its status.
func logAndConvert(log *zap.Logger, domain string) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, next grpc.UnaryHandler) (any, error) {
		start := time.Now()
		id := requestIDFrom(ctx)
		ctx = context.WithValue(ctx, requestIDKey{}, id)
		_ = grpc.SetHeader(ctx, metadata.Pairs(RequestIDHeader, id))
		resp, err := next(ctx, req)
		st := Status(err, domain)
		logCall(ctx, log, info.FullMethod, id, st.Code(), err, time.Since(start))
		if err != nil {
			return nil, st.Err()
		}
		return resp, nil
	}
}

func logStreamAndConvert(log *zap.Logger, domain string) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, next grpc.StreamHandler) error {
		start := time.Now()
		id := requestIDFrom(ss.Context())
		ctx := context.WithValue(ss.Context(), requestIDKey{}, id)
		err := next(srv, &ctxStream{ServerStream: ss, ctx: ctx})
		st := Status(err, domain)
		logCall(ctx, log, info.FullMethod, id, st.Code(), err, time.Since(start))
		if err != nil {
			return st.Err()
		}
		return nil
	}
}

func logCall(ctx context.Context, log *zap.Logger, method, id string, code codes.Code, err error, d time.Duration) {
	if strings.HasPrefix(method, "/grpc.health.v1.Health/") {
		return // probes would drown the log
	}
	fields := []zap.Field{
		zap.String("grpc.method", method),
		zap.String("grpc.code", code.String()),
		zap.Float64("grpc.time_ms", float64(d.Microseconds())/1000),
		zap.String("request_id", id),
	}
	if sc := trace.SpanContextFromContext(ctx); sc.HasTraceID() {
		fields = append(fields, zap.String("trace_id", sc.TraceID().String()), zap.String("span_id", sc.SpanID().String()))
	}
	if p, ok := authn.FromContext(ctx); ok {
		fields = append(fields, zap.String("principal.role", string(p.Role)), zap.String("principal.account_id", p.AccountID))
	}
	if err != nil {
		if e, ok := errs.As(err); ok {
			fields = append(fields, zap.String("error.reason", e.Reason))
			if e.RuleID != "" {
				fields = append(fields, zap.String("error.rule_id", e.RuleID))
			}
		}
		// Error() of errs.Error never holds user input; unknown errors are logged whole
		// because only operators read this.
		fields = append(fields, zap.String("error", err.Error()))
	}
	switch code {
	case codes.Internal, codes.Unknown, codes.DataLoss:
		log.Error("grpc call", fields...)
	case codes.OK:
		log.Info("grpc call", fields...)
	default:
		log.Warn("grpc call", fields...)
	}
}

func recoveryHandler(log *zap.Logger) recovery.RecoveryHandlerFuncContext {
	return func(ctx context.Context, p any) error {
		log.Error("panic in handler", zap.String("request_id", RequestID(ctx)),
			zap.String("panic", fmt.Sprint(p)), zap.ByteString("stack", debug.Stack()))
		return errs.Internal(fmt.Errorf("panic: %v", p))
	}
}

// authenticator enforces the authorization policy declared on each method (see
// libs/authz): a method without a valid policy refuses every call, a public method
// needs no token (a valid one still puts its principal in the context; an invalid one
// is ignored, never trusted), any other method needs a valid token whose principal the
// policy admits. Health and reflection, registered by NewServer itself, are public.
type authenticator struct {
	verifier authn.Verifier
	policies authz.Resolver
	log      *zap.Logger
}

// infrastructure reports whether method belongs to a service NewServer registers
// itself (health checks, reflection): reachable without a token, as probes need.
func infrastructure(method string) bool {
	return strings.HasPrefix(method, "/grpc.health.v1.Health/") || strings.HasPrefix(method, "/grpc.reflection.")
}

func (a *authenticator) authenticate(ctx context.Context, method string) (context.Context, error) {
	public := infrastructure(method)
	var pol *authzv1.Policy
	if !public {
		var err error
		if pol, err = a.policies.Policy(method); err != nil {
			// Closed by default: a method nobody declared a policy for is a bug in the
			// proto, and must never be open to whoever holds a token.
			a.log.Error("refusing a call to a method without a valid authorization policy; declare option (hellowork.authz.v1.policy) on the RPC",
				zap.String("grpc.method", method), zap.Error(err))
			return ctx, errs.ErrPermissionDenied.Wrap(err)
		}
		public = pol.GetPublic()
	}
	token := ""
	if a.verifier != nil {
		token = bearer(ctx)
	}
	if token == "" {
		if public {
			return ctx, nil
		}
		return ctx, errs.ErrUnauthenticated
	}
	p, err := a.verifier.Verify(ctx, token)
	if err != nil {
		if public {
			return ctx, nil
		}
		return ctx, errs.ErrUnauthenticated.Wrap(err)
	}
	if !public {
		if err := authz.Allow(pol, p); err != nil {
			a.log.Warn("call refused by the method's authorization policy", zap.String("grpc.method", method),
				zap.String("principal.role", string(p.Role)), zap.String("principal.account_id", p.AccountID),
				zap.String("request_id", RequestID(ctx)))
			return ctx, err
		}
	}
	return authn.NewContext(ctx, p), nil
}

func bearer(ctx context.Context) string {
	md, ok := metadata.FromIncomingContext(ctx)
	if !ok {
		return ""
	}
	for _, v := range md.Get("authorization") {
		if len(v) > 7 && strings.EqualFold(v[:7], "bearer ") {
			return strings.TrimSpace(v[7:])
		}
	}
	return ""
}

func (a *authenticator) unary() grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, next grpc.UnaryHandler) (any, error) {
		ctx, err := a.authenticate(ctx, info.FullMethod)
		if err != nil {
			return nil, err
		}
		return next(ctx, req)
	}
}

func (a *authenticator) stream() grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, next grpc.StreamHandler) error {
		ctx, err := a.authenticate(ss.Context(), info.FullMethod)
		if err != nil {
			return err
		}
		return next(srv, &ctxStream{ServerStream: ss, ctx: ctx})
	}
}

type ctxStream struct {
	grpc.ServerStream
	ctx context.Context
}

func (s *ctxStream) Context() context.Context { return s.ctx }
