package employerregistrationclient_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc/codes"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/errs"
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	"github.com/hellowork-jp/hellowork/libs/grpcx"
	"github.com/hellowork-jp/hellowork/services/identity/internal/adapters/employerregistrationclient"
	"github.com/hellowork-jp/hellowork/services/identity/internal/adapters/tokens"
	"github.com/hellowork-jp/hellowork/services/identity/internal/app"
)

// fakeER is employer-registration's VerifyAccountCreationCode as its contract states
// it (docs/contracts.md), behind a real grpcx server that verifies identity's tokens.
type fakeER struct {
	erv1.UnimplementedEmployerRegistrationServiceServer
	mu     sync.Mutex
	answer func() (*erv1.VerifyAccountCreationCodeResponse, error)
	seen   []*erv1.VerifyAccountCreationCodeRequest
	caller []authn.Principal
}

func (f *fakeER) VerifyAccountCreationCode(ctx context.Context, r *erv1.VerifyAccountCreationCodeRequest) (*erv1.VerifyAccountCreationCodeResponse, error) {
	p, _ := authn.FromContext(ctx)
	f.mu.Lock()
	f.seen = append(f.seen, r)
	f.caller = append(f.caller, p)
	answer := f.answer
	f.mu.Unlock()
	return answer()
}

const issuer, audience = "hellowork-identity", "hellowork"

func keyRing(t *testing.T) *tokens.KeyRing {
	t.Helper()
	seed := make([]byte, 32)
	_, _ = rand.Read(seed)
	k, err := tokens.NewKeyRing(base64.StdEncoding.EncodeToString(seed), nil, issuer, audience, clock.Real{})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// serve starts the fake on a loopback port; the server trusts the tokens of trusted.
func serve(t *testing.T, f *fakeER, trusted *tokens.KeyRing) string {
	t.Helper()
	srv, err := grpcx.NewServer(grpcx.Options{Name: "employer-registration", ErrorDomain: "employer-registration.hellowork.example",
		Verifier: trusted.Verifier(issuer, audience)})
	if err != nil {
		t.Fatal(err)
	}
	erv1.RegisterEmployerRegistrationServiceServer(srv.GRPC(), f)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = srv.Serve(ctx, lis); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return lis.Addr().String()
}

// client dials addr the way service.New does: with identity's service token.
func client(t *testing.T, addr string, keys *tokens.KeyRing) *employerregistrationclient.Client {
	t.Helper()
	conn, err := grpcx.Dial(addr, grpcx.WithToken(keys.ServiceToken))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return employerregistrationclient.New(conn)
}

// closedAddr is a loopback address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

func TestVerifyAccountCreationCode(t *testing.T) {
	ok := func() (*erv1.VerifyAccountCreationCodeResponse, error) {
		return &erv1.VerifyAccountCreationCodeResponse{EstablishmentId: "est-1", OfficeCode: "1301"}, nil
	}
	refuse := func(kind errs.Kind, reason string) func() (*erv1.VerifyAccountCreationCodeResponse, error) {
		return func() (*erv1.VerifyAccountCreationCodeResponse, error) {
			return nil, errs.New(kind, reason, "refused")
		}
	}
	tests := []struct {
		name string
		// answer is the server's; nil means no server at all (unreachable).
		answer     func() (*erv1.VerifyAccountCreationCodeResponse, error)
		foreignKey bool          // the client signs with a key the server does not trust
		timeout    time.Duration // client deadline (0: default)
		wantEst    string
		wantErr    error
		wantCode   codes.Code // of the identity error as its RPC will answer
		wantReason string
	}{
		{name: "a valid code returns the establishment and its office", answer: ok, wantEst: "est-1"},
		{name: "ACCOUNT_CREATION_CODE_INVALID becomes identity's OPEN-3 error",
			answer:  refuse(errs.KindFailedPrecondition, "ACCOUNT_CREATION_CODE_INVALID"),
			wantErr: app.ErrCreationCodeInvalid, wantCode: codes.FailedPrecondition, wantReason: "ACCOUNT_CREATION_CODE_INVALID"},
		{name: "a malformed request refused by employer-registration is an invalid code",
			answer:  refuse(errs.KindInvalidArgument, "INVALID_ARGUMENT"),
			wantErr: app.ErrCreationCodeInvalid, wantCode: codes.FailedPrecondition, wantReason: "ACCOUNT_CREATION_CODE_INVALID"},
		{name: "an unknown establishment is an invalid code (never says which field)",
			answer:  refuse(errs.KindNotFound, "NOT_FOUND"),
			wantErr: app.ErrCreationCodeInvalid, wantCode: codes.FailedPrecondition, wantReason: "ACCOUNT_CREATION_CODE_INVALID"},
		{name: "an internal failure is 'cannot ask', not a wrong code",
			answer:  refuse(errs.KindInternal, "INTERNAL"),
			wantErr: app.ErrCreationCodeUnavailable, wantCode: codes.Unavailable, wantReason: "ACCOUNT_CREATION_CODE_CHECK_UNAVAILABLE"},
		{name: "an answer without an establishment is not trusted",
			answer: func() (*erv1.VerifyAccountCreationCodeResponse, error) {
				return &erv1.VerifyAccountCreationCodeResponse{}, nil
			},
			wantErr: app.ErrCreationCodeUnavailable, wantCode: codes.Unavailable, wantReason: "ACCOUNT_CREATION_CODE_CHECK_UNAVAILABLE"},
		{name: "an unreachable employer-registration is UNAVAILABLE",
			wantErr: app.ErrCreationCodeUnavailable, wantCode: codes.Unavailable, wantReason: "ACCOUNT_CREATION_CODE_CHECK_UNAVAILABLE"},
		{name: "a token the server does not trust is 'cannot ask'", answer: ok, foreignKey: true,
			wantErr: app.ErrCreationCodeUnavailable, wantCode: codes.Unavailable, wantReason: "ACCOUNT_CREATION_CODE_CHECK_UNAVAILABLE"},
		{name: "a server slower than the deadline is 'cannot ask'", timeout: 100 * time.Millisecond,
			answer: func() (*erv1.VerifyAccountCreationCodeResponse, error) {
				time.Sleep(time.Second) // the slow server, not a rule under test
				return ok()
			},
			wantErr: app.ErrCreationCodeUnavailable, wantCode: codes.Unavailable, wantReason: "ACCOUNT_CREATION_CODE_CHECK_UNAVAILABLE"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			keys := keyRing(t)
			fake := &fakeER{answer: tc.answer}
			addr := closedAddr(t)
			if tc.answer != nil {
				trusted := keys
				if tc.foreignKey {
					trusted = keyRing(t)
				}
				addr = serve(t, fake, trusted)
			}
			c := client(t, addr, keys)
			if tc.timeout > 0 {
				c = c.WithTimeout(tc.timeout)
			}
			est, office, err := c.VerifyAccountCreationCode(context.Background(), "1301-123456-7", "03-1234-5678", "5z2X#3mwc%")
			if tc.wantErr == nil {
				if err != nil || est != tc.wantEst || office != "1301" {
					t.Fatalf("got %q %q %v", est, office, err)
				}
			} else {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("got %v, want %v", err, tc.wantErr)
				}
				st := grpcx.Status(err, "identity.hellowork.example")
				if st.Code() != tc.wantCode || grpcx.Reason(st.Err()) != tc.wantReason {
					t.Fatalf("identity would answer %v %q, want %v %q", st.Code(), grpcx.Reason(st.Err()), tc.wantCode, tc.wantReason)
				}
			}
			if tc.answer == nil || tc.foreignKey {
				return
			}
			fake.mu.Lock()
			defer fake.mu.Unlock()
			if len(fake.seen) != 1 {
				t.Fatalf("server saw %d calls", len(fake.seen))
			}
			r := fake.seen[0]
			if r.GetEstablishmentNumber() != "1301-123456-7" || r.GetPhoneNumber() != "03-1234-5678" || r.GetCode() != "5z2X#3mwc%" {
				t.Fatalf("request %v", r)
			}
			// docs/contracts.md: a service token with role service and sub identity.
			if p := fake.caller[0]; p.Role != authn.RoleService || p.AccountID != "identity" || p.EstablishmentID != "" {
				t.Fatalf("caller %+v, want role service / sub identity", p)
			}
		})
	}
}
