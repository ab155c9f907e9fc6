package applicantselectionclient_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/errs"
	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	"github.com/hellowork-jp/hellowork/libs/grpcx"
	"github.com/hellowork-jp/hellowork/services/identity/internal/adapters/applicantselectionclient"
	"github.com/hellowork-jp/hellowork/services/identity/internal/adapters/tokens"
)

// fakeAS is applicant-selection's CountPendingSelfApplications as its contract states
// it (docs/contracts.md), behind a real grpcx server that verifies identity's tokens.
type fakeAS struct {
	asv1.UnimplementedApplicantSelectionServiceServer
	mu     sync.Mutex
	answer func() (*asv1.CountPendingSelfApplicationsResponse, error)
	seen   []*asv1.CountPendingSelfApplicationsRequest
	caller []authn.Principal
}

func (f *fakeAS) CountPendingSelfApplications(ctx context.Context, r *asv1.CountPendingSelfApplicationsRequest) (*asv1.CountPendingSelfApplicationsResponse, error) {
	p, _ := authn.FromContext(ctx)
	f.mu.Lock()
	f.seen = append(f.seen, r)
	f.caller = append(f.caller, p)
	answer := f.answer
	f.mu.Unlock()
	return answer()
}

// estID is a well-formed establishment id (applicant-selection validates it).
const estID = "01900000-0000-7000-8000-000000000001"

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
func serve(t *testing.T, f *fakeAS, trusted *tokens.KeyRing) string {
	t.Helper()
	srv, err := grpcx.NewServer(grpcx.Options{Name: "applicant-selection", ErrorDomain: "applicant-selection.hellowork.example",
		Verifier: trusted.Verifier(issuer, audience)})
	if err != nil {
		t.Fatal(err)
	}
	asv1.RegisterApplicantSelectionServiceServer(srv.GRPC(), f)
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
func client(t *testing.T, addr string, keys *tokens.KeyRing) *applicantselectionclient.Client {
	t.Helper()
	conn, err := grpcx.Dial(addr, grpcx.WithToken(keys.ServiceToken))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return applicantselectionclient.New(conn)
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

// TestCountPendingSelfApplications [ACC-3]: the count comes back as applicant-selection
// gave it; every failure to ask is an error (the withdrawal then fails closed with
// WITHDRAWAL_CHECK_UNAVAILABLE, see service's TestWithdrawal_ThroughApplicantSelection).
func TestCountPendingSelfApplications(t *testing.T) {
	count := func(n int32) func() (*asv1.CountPendingSelfApplicationsResponse, error) {
		return func() (*asv1.CountPendingSelfApplicationsResponse, error) {
			return &asv1.CountPendingSelfApplicationsResponse{Count: n}, nil
		}
	}
	tests := []struct {
		name       string
		answer     func() (*asv1.CountPendingSelfApplicationsResponse, error) // nil: unreachable
		foreignKey bool
		timeout    time.Duration
		want       int
		wantErr    bool
	}{
		{name: "no pending self-application", answer: count(0), want: 0},
		{name: "pending self-applications are counted", answer: count(3), want: 3},
		{name: "an error of applicant-selection is an error, never zero", wantErr: true,
			answer: func() (*asv1.CountPendingSelfApplicationsResponse, error) {
				return nil, errs.New(errs.KindInternal, "INTERNAL", "boom")
			}},
		{name: "an unreachable applicant-selection is an error", wantErr: true},
		{name: "a token the server does not trust is an error", answer: count(0), foreignKey: true, wantErr: true},
		{name: "a server slower than the deadline is an error", timeout: 100 * time.Millisecond, wantErr: true,
			answer: func() (*asv1.CountPendingSelfApplicationsResponse, error) {
				time.Sleep(time.Second) // the slow server, not a rule under test
				return count(0)()
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			keys := keyRing(t)
			fake := &fakeAS{answer: tc.answer}
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
			n, err := c.CountPendingSelfApplications(context.Background(), estID)
			if (err != nil) != tc.wantErr || (!tc.wantErr && n != tc.want) {
				t.Fatalf("got %d, %v; want %d, error %v", n, err, tc.want, tc.wantErr)
			}
			if tc.answer == nil || tc.foreignKey {
				return
			}
			fake.mu.Lock()
			defer fake.mu.Unlock()
			if len(fake.seen) != 1 || fake.seen[0].GetEstablishmentId() != estID {
				t.Fatalf("server saw %v", fake.seen)
			}
			if p := fake.caller[0]; p.Role != authn.RoleService || p.AccountID != "identity" {
				t.Fatalf("caller %+v, want role service / sub identity", p)
			}
		})
	}
	t.Run("no address configured is an error", func(t *testing.T) {
		_, err := applicantselectionclient.New(nil).CountPendingSelfApplications(context.Background(), estID)
		if !errors.Is(err, applicantselectionclient.ErrNotConfigured) {
			t.Fatalf("got %v", err)
		}
	})
}
