package grpcx

import (
	"context"
	"errors"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// Dial returns a client connection to another hellowork service, traced with
// OpenTelemetry and balanced round-robin. Inside the cluster traffic is plaintext gRPC; mTLS belongs to the mesh.
func Dial(target string, opts ...grpc.DialOption) (*grpc.ClientConn, error) {
	base := []grpc.DialOption{
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithStatsHandler(otelgrpc.NewClientHandler()),
		// Spread calls over every address the name resolves to (headless Services).
		grpc.WithDefaultServiceConfig(`{"loadBalancingConfig":[{"round_robin":{}}]}`),
	}
	return grpc.NewClient(target, append(base, opts...)...)
}

// TokenFunc returns the bearer token for an outgoing call.
type TokenFunc func(ctx context.Context) (string, error)

// WithToken attaches "authorization: Bearer <token>" to every call.
func WithToken(f TokenFunc) grpc.DialOption {
	return grpc.WithPerRPCCredentials(tokenCreds(f))
}

type tokenCreds TokenFunc

func (t tokenCreds) GetRequestMetadata(ctx context.Context, _ ...string) (map[string]string, error) {
	tok, err := t(ctx)
	if err != nil {
		return nil, err
	}
	return map[string]string{"authorization": "Bearer " + tok}, nil
}

func (tokenCreds) RequireTransportSecurity() bool { return false }

// ErrNoCallerToken is returned by CallerToken outside a call that carried a bearer token.
var ErrNoCallerToken = errors.New("grpcx: the incoming call carries no bearer token to forward")

// CallerToken is a TokenFunc that forwards the bearer token of the incoming call the
// context belongs to: a call made on behalf of the caller, which the called service
// authorises as that caller. For services that hold no signing key of their own.
func CallerToken(ctx context.Context) (string, error) {
	if tok := bearer(ctx); tok != "" {
		return tok, nil
	}
	return "", ErrNoCallerToken
}
