package grpcx

import (
	"context"
	"errors"
	"testing"

	"google.golang.org/grpc/metadata"
)

// CallerToken forwards the incoming call's bearer token (a call on the caller's
// behalf, e.g. job-posting asking applicant-selection for the employer) and refuses
// to call without one rather than calling anonymously.
func TestCallerToken_ForwardsTheIncomingBearer(t *testing.T) {
	cases := []struct {
		name string
		md   metadata.MD
		want string
		err  error
	}{
		{"bearer token", metadata.Pairs("authorization", "Bearer tok-123"), "tok-123", nil},
		{"scheme in any case", metadata.Pairs("authorization", "bearer tok-456"), "tok-456", nil},
		{"no authorization", metadata.Pairs("x-request-id", "r1"), "", ErrNoCallerToken},
		{"another scheme", metadata.Pairs("authorization", "Basic dXNlcg=="), "", ErrNoCallerToken},
		{"no incoming call", nil, "", ErrNoCallerToken},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			if c.md != nil {
				ctx = metadata.NewIncomingContext(ctx, c.md)
			}
			got, err := CallerToken(ctx)
			if got != c.want || !errors.Is(err, c.err) {
				t.Fatalf("CallerToken = %q, %v; want %q, %v", got, err, c.want, c.err)
			}
			if c.err == nil {
				md, err := tokenCreds(CallerToken).GetRequestMetadata(ctx)
				if err != nil || md["authorization"] != "Bearer "+c.want {
					t.Fatalf("outgoing metadata %v, %v", md, err)
				}
			}
		})
	}
}
