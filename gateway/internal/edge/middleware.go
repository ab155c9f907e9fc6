package edge

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/google/uuid"
	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"go.uber.org/zap"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/hellowork-jp/hellowork/libs/errs"
	"github.com/hellowork-jp/hellowork/libs/grpcx"
)

// errorDomain is the ErrorInfo domain of the answers the gateway writes itself.
const errorDomain = "gateway.hellowork.example"

// The gateway's own refusals (reasons declared in hellowork.errors.v1.Reason).
var (
	errCrossOrigin = errs.New(errs.KindPermissionDenied, "CROSS_ORIGIN_REQUEST", "cross-origin request refused")
	errTooLarge    = errs.New(errs.KindInvalidArgument, "REQUEST_TOO_LARGE", "request body too large")
	errNoRoute     = errs.New(errs.KindNotFound, "NOT_FOUND", "no such route")
	// A method the route does not take is answered 405; the reason is the one of
	// every request the gateway cannot take as sent.
	errNoMethod = errs.New(errs.KindInvalidArgument, "MALFORMED_REQUEST", "method not allowed")
)

// requestIDPattern is what the services accept as a request id (libs/grpcx); any
// other client-sent value is replaced.
var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

const requestIDHeader = "X-Request-Id"

// requestIDs is the outermost handler: before anything can fail it settles the
// request id (the client's if well formed, else a new one), puts it on the answer and
// on the request (so the services log the same id), and turns a panic into a 500
// Status answer that carries it too.
func requestIDs(log *zap.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(requestIDHeader)
		if !requestIDPattern.MatchString(id) {
			id = uuid.NewString()
		}
		r.Header.Set(requestIDHeader, id)
		w.Header().Set(requestIDHeader, id)
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if p == http.ErrAbortHandler { // net/http's own signal to abort the answer silently
				panic(p)
			}
			log.Error("panic in gateway handler", zap.String("request_id", id), zap.String("panic", fmt.Sprint(p)), zap.Stack("stack"))
			writeStatus(w, r, errs.Internal(nil))
		}()
		next.ServeHTTP(w, r)
	})
}

// sessionChallenge answers every 401. RFC 9110 requires a challenge there; this API
// authenticates with a session cookie, so the challenge is the Cookie scheme of
// draft-broyer-http-cookie-auth (where to sign in, which cookie results). Browsers
// show no password dialog for an unknown scheme, unlike Basic.
const sessionChallenge = `Cookie realm="hellowork", form-action="/v1/identity/sessions:signIn", cookie-name="` + SessionCookie + `"`

// challengeWriter replaces what grpc-gateway writes into WWW-Authenticate on a 401
// (the status message, e.g. "the login ID or password is incorrect").
type challengeWriter struct{ http.ResponseWriter }

func (c challengeWriter) WriteHeader(code int) {
	if code == http.StatusUnauthorized {
		c.Header().Set("Www-Authenticate", sessionChallenge)
	} else {
		c.Header().Del("Www-Authenticate")
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c challengeWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// secure adds what every response of a public edge needs: cross-origin protection for
// state-changing requests (Sec-Fetch-Site / Origin, Go's http.CrossOriginProtection),
// no caching of API answers, and browser hardening headers.
func secure(cfg Config, next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	for _, o := range cfg.TrustedOrigins {
		_ = cop.AddTrustedOrigin(o)
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeStatus(w, r, errCrossOrigin)
	}))
	h := cop.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		if hd.Get("Cache-Control") == "" {
			hd.Set("Cache-Control", "no-store")
		}
		// grpc-gateway forwards Authorization to gRPC metadata before any header
		// matcher runs. Access tokens come only from the gateway's own session
		// exchange, never from a header the client writes.
		r.Header.Del("Authorization")
		sanitiseHeaders(r.Header)
		h.ServeHTTP(w, r)
	})
}

// limitBody refuses bodies over the limit with 413 before any backend sees them: the
// JSON limit, or the upload limit on the image upload route.
func limitBody(cfg Config, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := cfg.MaxBodyBytes
		if isUpload(r) {
			n = cfg.MaxUploadBytes
		}
		if r.ContentLength > n {
			writeStatus(w, r, errTooLarge)
			return
		}
		r.Body = &requestBody{ReadCloser: http.MaxBytesReader(w, r.Body, n)}
		next.ServeHTTP(w, r)
	})
}

// errorHandler writes google.rpc.Status JSON (with ErrorInfo, LocalizedMessage and
// BadRequest details) like grpc-gateway's default, but answers 413 for bodies cut by
// the size limit, gives every error the gateway or the transport produced (no
// ErrorInfo: malformed body, unknown route, backend unreachable, a bare INTERNAL)
// our reason and Japanese text, hides the message of internal errors, adds the
// request id (google.rpc.RequestInfo), and sends a valid challenge with 401.
func errorHandler(ctx context.Context, mux *runtime.ServeMux, m runtime.Marshaler, w http.ResponseWriter, r *http.Request, err error) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		writeStatus(w, r, errTooLarge)
		return
	}
	var httpStatus *runtime.HTTPStatusError
	if errors.As(err, &httpStatus) {
		err = httpStatus.Err
	}
	st := status.Convert(err)
	if st.Code() == codes.InvalidArgument && strings.Contains(st.Message(), "request body too large") {
		writeStatus(w, r, errTooLarge)
		return
	}
	if !hasErrorInfo(st) {
		e := gatewayError(st)
		if st.Code() == codes.InvalidArgument {
			e = decodeFailure(r, st.Message())
		}
		st = grpcx.Status(e, errorDomain)
	}
	st = withRequestInfo(st, w.Header().Get(requestIDHeader))
	err = st.Err()
	if httpStatus != nil {
		err = &runtime.HTTPStatusError{HTTPStatus: httpStatus.HTTPStatus, Err: err}
	}
	runtime.DefaultHTTPErrorHandler(ctx, mux, m, challengeWriter{w}, r, err)
}

// routingErrorHandler answers an unknown route (404) or a method the route does not
// take (405) like any other error, with a reason and Japanese text.
func routingErrorHandler(ctx context.Context, mux *runtime.ServeMux, m runtime.Marshaler, w http.ResponseWriter, r *http.Request, httpStatus int) {
	e := errNoRoute
	switch httpStatus {
	case http.StatusNotFound:
	case http.StatusMethodNotAllowed:
		e = errNoMethod
	default:
		httpStatus = http.StatusBadRequest
		e = errs.New(errs.KindInvalidArgument, "MALFORMED_REQUEST", http.StatusText(httpStatus))
	}
	errorHandler(ctx, mux, m, w, r, &runtime.HTTPStatusError{HTTPStatus: httpStatus, Err: grpcx.Status(e, errorDomain).Err()})
}

// gatewayError gives a status without ErrorInfo (made by grpc-gateway or the gRPC
// transport, not by a service) a reason and Japanese text. Internal messages are
// replaced: they may name hosts or carry client-sent text.
func gatewayError(st *status.Status) *errs.Error {
	switch st.Code() {
	case codes.InvalidArgument:
		// The gateway itself failed to decode the request (malformed JSON, unknown field).
		return errs.New(errs.KindInvalidArgument, "MALFORMED_REQUEST", st.Message())
	case codes.NotFound:
		return errNoRoute
	case codes.Unauthenticated:
		return errs.ErrUnauthenticated
	case codes.DeadlineExceeded:
		return errs.ErrDeadlineExceeded
	case codes.Unavailable, codes.Canceled:
		return errs.ErrUnavailable
	default:
		return errs.Internal(nil)
	}
}

func hasErrorInfo(st *status.Status) bool {
	for _, d := range st.Details() {
		if _, ok := d.(*errdetails.ErrorInfo); ok {
			return true
		}
	}
	return false
}

func withRequestInfo(st *status.Status, id string) *status.Status {
	if id == "" {
		return st
	}
	for _, d := range st.Details() {
		if _, ok := d.(*errdetails.RequestInfo); ok {
			return st
		}
	}
	withDetails, err := st.WithDetails(&errdetails.RequestInfo{RequestId: id})
	if err != nil {
		return st
	}
	return withDetails
}

// writeStatus answers with e as Status JSON, carrying the request id.
func writeStatus(w http.ResponseWriter, _ *http.Request, e *errs.Error) {
	st := withRequestInfo(grpcx.Status(e, errorDomain), w.Header().Get(requestIDHeader))
	code := runtime.HTTPStatusFromCode(st.Code())
	if e.Reason == errTooLarge.Reason {
		code = http.StatusRequestEntityTooLarge
	}
	// The field names the mux's marshaler writes (request_id), as in every other error.
	body, _ := (&runtime.JSONPb{MarshalOptions: protojson.MarshalOptions{UseProtoNames: true, EmitUnpopulated: true}}).Marshal(st.Proto())
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_, _ = w.Write(body)
}

func isUpload(r *http.Request) bool {
	if r.Method != http.MethodPost || !strings.HasPrefix(r.URL.Path, "/v1/establishments/") {
		return false
	}
	rest := strings.TrimPrefix(r.URL.Path, "/v1/establishments/")
	id, tail, _ := strings.Cut(rest, "/")
	return id != "" && tail == "images"
}
