package service

import (
	"context"
	"net"
	"sync"
	"testing"

	"go.uber.org/zap"
	"google.golang.org/grpc/codes"

	"github.com/hellowork-jp/hellowork/libs/authn"
	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/errs"
	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/libs/grpcx"
	"github.com/hellowork-jp/hellowork/services/identity/internal/adapters/tokens"
)

// otherServices are employer-registration and applicant-selection as their contracts
// state them (docs/contracts.md), served by a real grpcx server that accepts only
// identity's service tokens, so these tests prove the wiring of service.New: the
// address from the configuration, the service token, the error mapping.
type otherServices struct {
	erv1.UnimplementedEmployerRegistrationServiceServer
	asv1.UnimplementedApplicantSelectionServiceServer
	mu      sync.Mutex
	pending int32
	codes   map[string][2]string // number|phone|code -> establishment, office
	callers []authn.Principal
}

func (o *otherServices) VerifyAccountCreationCode(ctx context.Context, r *erv1.VerifyAccountCreationCodeRequest) (*erv1.VerifyAccountCreationCodeResponse, error) {
	p, _ := authn.FromContext(ctx)
	o.mu.Lock()
	defer o.mu.Unlock()
	o.callers = append(o.callers, p)
	v, ok := o.codes[r.GetEstablishmentNumber()+"|"+r.GetPhoneNumber()+"|"+r.GetCode()]
	if !ok {
		return nil, errs.New(errs.KindFailedPrecondition, "ACCOUNT_CREATION_CODE_INVALID", "invalid").WithRule("OPEN-3")
	}
	return &erv1.VerifyAccountCreationCodeResponse{EstablishmentId: v[0], OfficeCode: v[1]}, nil
}

func (o *otherServices) CountPendingSelfApplications(ctx context.Context, _ *asv1.CountPendingSelfApplicationsRequest) (*asv1.CountPendingSelfApplicationsResponse, error) {
	p, _ := authn.FromContext(ctx)
	o.mu.Lock()
	defer o.mu.Unlock()
	o.callers = append(o.callers, p)
	return &asv1.CountPendingSelfApplicationsResponse{Count: o.pending}, nil
}

// startOthers serves o, trusting the tokens signed with the identity seed of cfg.
func startOthers(t *testing.T, o *otherServices, cfg Config) string {
	t.Helper()
	// The env signs on its fake clock, which starts at start and is not moved here.
	keys, err := tokens.NewKeyRing(cfg.TokenSigningKey, nil, cfg.TokenIssuer, cfg.TokenAudience, clock.NewFake(start))
	if err != nil {
		t.Fatal(err)
	}
	srv, err := grpcx.NewServer(grpcx.Options{Name: "others", ErrorDomain: "others.hellowork.example",
		Verifier: keys.Verifier(cfg.TokenIssuer, cfg.TokenAudience)})
	if err != nil {
		t.Fatal(err)
	}
	erv1.RegisterEmployerRegistrationServiceServer(srv.GRPC(), o)
	asv1.RegisterApplicantSelectionServiceServer(srv.GRPC(), o)
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

// envWithRealClients is an env whose ports to other services are the gRPC clients
// service.New dials from EMPLOYER_REGISTRATION_ADDR and APPLICANT_SELECTION_ADDR.
func envWithRealClients(t *testing.T, erAddr, asAddr func(cfg Config) string) *env {
	t.Helper()
	return newEnvWithOthers(t, zap.New(logCore).With(zap.String("test", t.Name())), func(*env) Options { return Options{} },
		func(c *Config) {
			c.EmployerRegistrationAddr = erAddr(*c)
			c.ApplicantSelectionAddr = asAddr(*c)
		})
}

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

// TestWithdrawal_ThroughApplicantSelection [ACC-3]: the withdrawal asks
// applicant-selection over gRPC with identity's service token; pending
// self-applications refuse it; an unreachable or unconfigured applicant-selection makes
// it fail closed with UNAVAILABLE WITHDRAWAL_CHECK_UNAVAILABLE, changing nothing.
func TestWithdrawal_ThroughApplicantSelection(t *testing.T) {
	unavailable := []struct {
		name string
		addr func(t *testing.T) string
	}{
		{"unreachable", closedAddr},
		{"not configured", func(*testing.T) string { return "" }},
	}
	for _, tc := range unavailable {
		t.Run(tc.name+" fails closed", func(t *testing.T) {
			addr := tc.addr(t)
			e := envWithRealClients(t, func(Config) string { return "" }, func(Config) string { return addr })
			e.openEstablishment("w-down@example.jp", "1301")
			p := e.access(e.signIn("w-down@example.jp", password))
			_, err := e.client.Withdraw(p, &identityv1.WithdrawRequest{CurrentPassword: password})
			wantCode(t, err, codes.Unavailable)
			wantReason(t, err, "WITHDRAWAL_CHECK_UNAVAILABLE")
			if me, err := e.client.GetMyAccount(p, &identityv1.GetMyAccountRequest{}); err != nil || me.GetEmail() != "w-down@example.jp" {
				t.Fatalf("the account must be untouched: %v %v", me, err)
			}
		})
	}
	t.Run("pending self-applications refuse, none withdraw", func(t *testing.T) {
		others := &otherServices{pending: 2}
		e := envWithRealClients(t, func(Config) string { return "" }, func(c Config) string { return startOthers(t, others, c) })
		e.openEstablishment("w-up@example.jp", "1301")
		p := e.access(e.signIn("w-up@example.jp", password))
		_, err := e.client.Withdraw(p, &identityv1.WithdrawRequest{CurrentPassword: password})
		wantReason(t, err, "PENDING_SELF_APPLICATIONS")
		others.mu.Lock()
		others.pending = 0
		others.mu.Unlock()
		res, err := e.client.Withdraw(p, &identityv1.WithdrawRequest{CurrentPassword: password})
		if err != nil || res.GetRestorableUntil() == nil {
			t.Fatalf("withdraw: %v %v", res, err)
		}
		others.mu.Lock()
		defer others.mu.Unlock()
		for _, c := range others.callers {
			if c.Role != authn.RoleService || c.AccountID != "identity" {
				t.Fatalf("applicant-selection was called as %+v", c)
			}
		}
	})
}

// TestOpen3_ThroughEmployerRegistration [OPEN-3]: the code is verified by
// employer-registration over gRPC; its ACCOUNT_CREATION_CODE_INVALID is identity's
// answer; a verified code leads to the opened primary account of that establishment.
func TestOpen3_ThroughEmployerRegistration(t *testing.T) {
	estID := newUUID()
	others := &otherServices{codes: map[string][2]string{"1301-654321-0|0312345678|5z2X#3mwc%": {estID, "1301"}}}
	e := envWithRealClients(t, func(c Config) string { return startOthers(t, others, c) }, func(Config) string { return "" })
	ctx := context.Background()
	req := func(code string) error {
		_, err := e.client.RequestPasswordRegistration(ctx, &identityv1.RequestPasswordRegistrationRequest{
			Email: "open3@example.jp", EmailConfirmation: "open3@example.jp", AgreedToTerms: true,
			AccountCreationCode: &identityv1.AccountCreationCode{EstablishmentNumber: "1301-654321-0", PhoneNumber: "0312345678", Code: code}})
		return err
	}
	err := req("wrong-code")
	wantCode(t, err, codes.FailedPrecondition)
	wantReason(t, err, "ACCOUNT_CREATION_CODE_INVALID")
	if err := req("5z2X#3mwc%"); err != nil {
		t.Fatal(err)
	}
	res, err := e.client.CompletePasswordRegistration(ctx, &identityv1.CompletePasswordRegistrationRequest{Email: "open3@example.jp",
		AuthKey: e.authKey("open3@example.jp", identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_PASSWORD_REGISTRATION), Password: password, PasswordConfirmation: password})
	if err != nil {
		t.Fatal(err)
	}
	if res.GetAccount().GetEstablishmentId() != estID || res.GetAccount().GetRole() != identityv1.AccountRole_ACCOUNT_ROLE_PRIMARY {
		t.Fatalf("account %v", res.GetAccount())
	}
	others.mu.Lock()
	defer others.mu.Unlock()
	if len(others.callers) != 2 {
		t.Fatalf("employer-registration saw %d calls, want 2", len(others.callers))
	}
	for _, c := range others.callers {
		if c.Role != authn.RoleService || c.AccountID != "identity" {
			t.Fatalf("employer-registration was called as %+v", c)
		}
	}
}
