package applicantselectionclient_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	"github.com/hellowork-jp/hellowork/libs/grpcx"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/adapters/applicantselectionclient"
)

// fakeAS is applicant-selection's CountUnresolvedApplicants as docs/contracts.md states
// it, behind a real grpcx server that verifies the forwarded token.
type fakeAS struct {
	asv1.UnimplementedApplicantSelectionServiceServer
	mu     sync.Mutex
	fail   bool
	caller []authn.Principal
}

func (f *fakeAS) CountUnresolvedApplicants(ctx context.Context, r *asv1.CountUnresolvedApplicantsRequest) (*asv1.CountUnresolvedApplicantsResponse, error) {
	p, _ := authn.FromContext(ctx)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.caller = append(f.caller, p)
	if f.fail {
		return nil, status.Error(codes.Internal, "boom")
	}
	return &asv1.CountUnresolvedApplicantsResponse{Count: int32(len(r.GetPostingId()))}, nil
}

// The client asks on the employer's behalf: the employer's token from the incoming
// call reaches applicant-selection; without one, or on any failure, it answers an
// error, never a count (the caller fails closed).
func TestClient_ForwardsTheEmployersToken(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer := authn.NewSigner(priv, "k1", "iss", "aud", 5*time.Minute, clock.Real{})
	f := &fakeAS{}
	srv, err := grpcx.NewServer(grpcx.Options{Name: "applicant-selection", ErrorDomain: "applicant-selection.test",
		Verifier: authn.NewVerifier("iss", "aud", authn.StaticKeys{"k1": pub}, clock.Real{})})
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

	c, cc, err := applicantselectionclient.Dial(lis.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cc.Close() })
	tok, _, err := signer.Sign(authn.Principal{AccountID: "acc-1", Role: authn.RolePrimary, EstablishmentID: "est-1"})
	if err != nil {
		t.Fatal(err)
	}
	// What job-posting's handler sees: the employer's call with its bearer token.
	incoming := metadata.NewIncomingContext(context.Background(), metadata.Pairs("authorization", "Bearer "+tok))

	n, err := c.CountUnresolvedApplicants(incoming, "post-1")
	if err != nil || n != len("post-1") {
		t.Fatalf("count = %d, %v", n, err)
	}
	if len(f.caller) != 1 || f.caller[0].EstablishmentID != "est-1" || f.caller[0].Role != authn.RolePrimary {
		t.Fatalf("applicant-selection saw %+v", f.caller)
	}
	if _, err := c.CountUnresolvedApplicants(context.Background(), "post-1"); err == nil {
		t.Error("a call without the employer's token answered a count")
	}
	f.mu.Lock()
	f.fail = true
	f.mu.Unlock()
	if _, err := c.CountUnresolvedApplicants(incoming, "post-1"); err == nil {
		t.Error("a failed call answered a count")
	}
	unset, _, _ := applicantselectionclient.Dial("")
	if _, err := unset.CountUnresolvedApplicants(incoming, "post-1"); !errors.Is(err, applicantselectionclient.ErrNotConfigured) {
		t.Errorf("no address: %v", err)
	}
}
