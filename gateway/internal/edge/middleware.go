package edge

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/hellowork-jp/hellowork/libs/errs"
	"github.com/hellowork-jp/hellowork/libs/grpcx"
)

// errorDomain is the ErrorInfo domain of the answers the gateway writes itself.
const errorDomain = "gateway.hellowork.example"

// The gateway's own refusals (reasons declared in hellowork.errors.v1.Reason).
var (
	errCrossOrigin = errs.New(errs.KindPermissionDenied, "CROSS_ORIGIN_REQUEST", "cross-origin request refused")
	errTooLarge    = errs.New(errs.KindInvalidArgument, "REQUEST_TOO_LARGE", "request body too large")
)

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
		r.Body = http.MaxBytesReader(w, r.Body, n)
		next.ServeHTTP(w, r)
	})
}

// errorHandler writes google.rpc.Status JSON (with ErrorInfo, LocalizedMessage and
// BadRequest details) like grpc-gateway's default, but answers 413 for bodies cut by
// the size limit and turns the gateway's own decode errors into our vocabulary.
func errorHandler(ctx context.Context, mux *runtime.ServeMux, m runtime.Marshaler, w http.ResponseWriter, r *http.Request, err error) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		writeStatus(w, r, errTooLarge)
		return
	}
	st, _ := status.FromError(err)
	if st.Code() == codes.InvalidArgument && strings.Contains(st.Message(), "request body too large") {
		writeStatus(w, r, errTooLarge)
		return
	}
	if st.Code() == codes.InvalidArgument && len(st.Details()) == 0 {
		// The gateway itself failed to decode the body (malformed JSON, unknown field).
		err = grpcx.Status(errs.New(errs.KindInvalidArgument, "MALFORMED_REQUEST", st.Message()), errorDomain).Err()
	}
	runtime.DefaultHTTPErrorHandler(ctx, mux, m, w, r, err)
}

func writeStatus(w http.ResponseWriter, r *http.Request, e *errs.Error) {
	st := grpcx.Status(e, errorDomain)
	code := runtime.HTTPStatusFromCode(st.Code())
	if e.Reason == errTooLarge.Reason {
		code = http.StatusRequestEntityTooLarge
	}
	body, _ := (&runtime.JSONPb{}).Marshal(st.Proto())
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
