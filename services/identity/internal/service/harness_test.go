package service

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/config"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/libs/sealbox"
	"github.com/hellowork-jp/hellowork/libs/testkit"
	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
	"github.com/hellowork-jp/hellowork/libs/testkit/secretscan"
	"github.com/hellowork-jp/hellowork/libs/testkit/servicetest"
	"github.com/hellowork-jp/hellowork/services/identity/internal/adapters/tokens"
	"github.com/hellowork-jp/hellowork/services/identity/internal/app"
)

// Every log line of every test in this package goes to one observer, and every secret
// a test handles is recorded, so TestMain can prove no secret was ever logged
// (TestAuth_EventsLoggedWithoutSecrets covers the same in one test).
var (
	logCore, allLogs = observer.New(zap.DebugLevel)
	secretsMu        sync.Mutex
	usedSecrets      = map[string]bool{}
)

func remember(secret string) {
	if len(secret) >= 6 {
		secretsMu.Lock()
		usedSecrets[secret] = true
		secretsMu.Unlock()
	}
}

// leakedSecrets scans logs for any recorded secret.
func leakedSecrets(logs *observer.ObservedLogs) []string {
	secretsMu.Lock()
	defer secretsMu.Unlock()
	var hits []string
	for _, e := range logs.All() {
		line := e.Message
		for k, v := range e.ContextMap() {
			line += " " + k + "=" + toString(v)
		}
		for s := range usedSecrets {
			if secretscan.ContainsToken(line, s) {
				hits = append(hits, s[:3]+"… in "+e.Message)
			}
		}
	}
	return hits
}

func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case error:
		return x.Error()
	default:
		return strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(fmtAny(x), "\n", " "), "\t", " "))
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if hits := leakedSecrets(allLogs); len(hits) > 0 {
		os.Stderr.WriteString("secrets found in logs: " + strings.Join(hits, "; ") + "\n")
		code = 1
	}
	pgtest.DropPackageDatabase()
	os.Exit(code)
}

// start is the fake clock's start: 2026-04-01 09:00 JST.
var start = time.Date(2026, 4, 1, 9, 0, 0, 0, clock.JST)

type fakeCodes struct {
	mu    sync.Mutex
	valid map[string][2]string // number|phone|code -> establishment id, office
	down  bool
	calls int
}

func (f *fakeCodes) VerifyAccountCreationCode(_ context.Context, number, phone, code string) (string, string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.down {
		return "", "", app.ErrCreationCodeUnavailable
	}
	v, ok := f.valid[number+"|"+phone+"|"+code]
	if !ok {
		return "", "", app.ErrCreationCodeInvalid
	}
	return v[0], v[1], nil
}

type fakeSelfApps struct {
	mu    sync.Mutex
	count int
	err   error
}

func (f *fakeSelfApps) CountPendingSelfApplications(context.Context, string) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.count, f.err
}

type env struct {
	t        testing.TB
	clk      *clock.Fake
	pool     *pgxpool.Pool
	js       jetstream.JetStream
	url      string
	comp     *components
	client   identityv1.IdentityServiceClient
	box      *sealbox.Box
	codes    *fakeCodes
	selfApps *fakeSelfApps
	cfg      Config
	log      *zap.Logger
	svc      *servicetest.Service // the running process
	opts     Options              // what it was started with
}

func randB64(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

// testConfig uses cheap argon2 parameters (one test proves the production ones).
func testConfig() Config {
	return Config{
		Common: config.Common{GRPCAddr: "127.0.0.1:0", TokenIssuer: "hellowork-identity", TokenAudience: "hellowork",
			LogLevel: "debug", LogFormat: "json", ShutdownTimeout: time.Second},
		EventSealingKey: randB64(32), TokenSigningKey: randB64(32), HashPepper: randB64(32),
		Argon2MemoryKiB: 256, Argon2Time: 1, Argon2Threads: 1, Argon2AllowWeak: true, HashConcurrency: 4,
		AuthKeyTTL: 50 * time.Minute, AuthKeyMaxAttempts: 5, OTPTTL: 30 * time.Minute, OTPMaxWrong: 10,
		OTPResendCooldown: time.Minute, OTPHourlyCap: 10, LockThreshold: 5, LockDuration: 30 * time.Minute,
		LockConsecutiveCap: 100, SessionTTL: 12 * time.Hour, SessionIdle: time.Hour,
		RateIPPerMinute: 10000, RateAcctPerMinute: 10000, PurgeInterval: time.Minute,
		TrustedProxies: []string{"127.0.0.1/32"},
		// Every office is on loopback (the tests' own connections); offices 1301 and
		// 1302 also have a documentation network each, which tests claim through
		// x-client-ip from the trusted proxy (terminals_test.go).
		OfficeConfig: OfficeConfig{OfficeNetworks: "*=127.0.0.0/8,::1;1301=192.0.2.0/24;1302=198.51.100.0/24",
			VisitorTerminalCredentialTTL: 30 * 24 * time.Hour, VisitorTerminalSessionIdle: 10 * time.Minute},
	}
}

func newEnv(t testing.TB, mutate ...func(*Config)) *env {
	t.Helper()
	return newEnvWithLogger(t, zap.New(logCore).With(zap.String("test", t.Name())), mutate...)
}

// newEnvWithLogger is newEnv with the server's logs going to log.
func newEnvWithLogger(t testing.TB, log *zap.Logger, mutate ...func(*Config)) *env {
	t.Helper()
	return newEnvWithOthers(t, log, nil, mutate...)
}

// newEnvWithOthers is newEnvWithLogger with the ports to other services chosen by
// others (nil: the in-memory fakes; fields left nil get the real gRPC clients that the
// wiring dials from the configuration). The service runs as its process does: Spec on
// libs/runner, booted by libs/testkit/servicetest on a fresh database and NATS server.
func newEnvWithOthers(t testing.TB, log *zap.Logger, others func(*env) Options, mutate ...func(*Config)) *env {
	t.Helper()
	cfg := testConfig()
	for _, m := range mutate {
		m(&cfg)
	}
	svc := servicetest.New(t, servicetest.WithClock(clock.NewFake(start)), servicetest.WithCommon(func(c *config.Common) {
		c.TokenIssuer, c.TokenAudience, c.LogLevel = cfg.TokenIssuer, cfg.TokenAudience, cfg.LogLevel
	}))
	e := &env{t: t, clk: svc.Clock, url: svc.DatabaseURL, codes: &fakeCodes{valid: map[string][2]string{}},
		selfApps: &fakeSelfApps{}, log: log}
	o := Options{Codes: e.codes, SelfApps: e.selfApps}
	if others != nil {
		o = others(e)
	}
	o.Clock, o.Log = svc.Clock, log
	svc.Start(func(c config.Common) (runner.Spec, error) {
		cfg.Common = c
		return Spec(cfg, o)
	})
	e.cfg, e.pool, e.js, e.svc, e.opts = cfg, svc.Pool, svc.JS, svc, o
	e.client = identityv1.NewIdentityServiceClient(svc.Conn)
	e.box, _ = sealbox.FromBase64(cfg.EventSealingKey)
	// The use cases the tests call directly (what an operator or another service's
	// event would trigger) run on a second wiring of the same database.
	keys, err := tokens.NewKeyRing(cfg.TokenSigningKey, cfg.TokenPreviousKeys, cfg.TokenIssuer, cfg.TokenAudience, svc.Clock)
	if err != nil {
		t.Fatal(err)
	}
	comp, err := wire(cfg, svc.Pool, keys, svc.Clock, log, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(comp.close)
	e.comp = comp
	return e
}

// withToken returns a context carrying a bearer token.
func withToken(jwt string) context.Context {
	return metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+jwt)
}

// reason returns the ErrorInfo reason of a gRPC error.
func reason(err error) string {
	st, ok := status.FromError(err)
	if !ok {
		return ""
	}
	for _, d := range st.Details() {
		if ei, ok := d.(*errdetails.ErrorInfo); ok {
			return ei.GetReason()
		}
	}
	return st.Code().String()
}

func wantReason(t testing.TB, err error, want string) {
	t.Helper()
	if got := reason(err); got != want {
		t.Fatalf("got error %v (reason %q), want reason %q", err, got, want)
	}
}

func wantCode(t testing.TB, err error, want codes.Code) {
	t.Helper()
	if status.Code(err) != want {
		t.Fatalf("got %v, want code %v", err, want)
	}
}

// events returns the payloads of outbox events of type T, oldest first, with ids.
func outboxEvents[T proto.Message](e *env, newT func() T) ([]T, []string) {
	e.t.Helper()
	// The relay deletes what it published: an empty outbox means every event committed
	// so far is in the stream.
	testkit.Eventually(e.t, 10*time.Second, func() bool {
		var n int
		return e.pool.QueryRow(context.Background(), `SELECT count(*) FROM outbox`).Scan(&n) == nil && n == 0
	}, "the relay to publish identity's events")
	return streamEvents(e.t, e.js, outbox.StreamName(Name), newT)
}

// eventCount is the number of events identity has published so far (outbox drained).
func (e *env) eventCount() int {
	e.t.Helper()
	testkit.Eventually(e.t, 10*time.Second, func() bool {
		var n int
		return e.pool.QueryRow(context.Background(), `SELECT count(*) FROM outbox`).Scan(&n) == nil && n == 0
	}, "the relay to publish identity's events")
	s, err := e.js.Stream(context.Background(), outbox.StreamName(Name))
	if err != nil {
		e.t.Fatal(err)
	}
	info, err := s.Info(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return int(info.State.Msgs)
}

// authKey reads the last auth key mailed to email for purpose (as notification would).
func (e *env) authKey(email string, purpose identityv1.AuthKeyPurpose) string {
	e.t.Helper()
	evs, ids := outboxEvents(e, func() *identityv1.AuthKeyIssued { return &identityv1.AuthKeyIssued{} })
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].GetEmail() == email && evs[i].GetPurpose() == purpose {
			b, err := e.box.Open(evs[i].GetSealedSecret(), []byte(ids[i]))
			if err != nil {
				e.t.Fatal(err)
			}
			remember(string(b))
			return string(b)
		}
	}
	e.t.Fatalf("no %v auth key mailed to %s", purpose, email)
	return ""
}

// otp reads the last one-time password of a login attempt.
func (e *env) otp(attemptID string) string {
	e.t.Helper()
	evs, ids := outboxEvents(e, func() *identityv1.OneTimePasswordIssued { return &identityv1.OneTimePasswordIssued{} })
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].GetLoginAttemptId() == attemptID {
			b, err := e.box.Open(evs[i].GetSealedSecret(), []byte(ids[i]))
			if err != nil {
				e.t.Fatal(err)
			}
			remember(string(b))
			return string(b)
		}
	}
	e.t.Fatalf("no one-time password for attempt %s", attemptID)
	return ""
}

const password = "Tokyo#2026pw"

// signUp runs OPEN-1 and returns the provisional account.
func (e *env) signUp(email, pw string) *identityv1.Account {
	e.t.Helper()
	remember(pw)
	ctx := context.Background()
	if _, err := e.client.StartRegistration(ctx, &identityv1.StartRegistrationRequest{Email: email, EmailConfirmation: email,
		AgreedToPrivacyPolicy: true, AgreedToTerms: true}); err != nil {
		e.t.Fatal(err)
	}
	res, err := e.client.CompleteRegistration(ctx, &identityv1.CompleteRegistrationRequest{Email: email,
		AuthKey: e.authKey(email, identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_REGISTRATION), Password: pw, PasswordConfirmation: pw})
	if err != nil {
		e.t.Fatal(err)
	}
	return res.GetAccount()
}

// establishment is an opened MyPage.
type establishment struct {
	ID, Number, Office string
	Primary            *identityv1.Account
}

var estSeq int

// openEstablishment registers a login at the counter (OPEN-2 event) and completes the
// password registration, returning the opened establishment.
func (e *env) openEstablishment(email, office string) establishment {
	e.t.Helper()
	remember(password)
	estSeq++
	est := establishment{ID: newUUID(), Number: "1301-" + sixDigits(estSeq) + "-1", Office: office}
	ctx := context.Background()
	err := e.comp.Tx.InTx(ctx, func(ctx context.Context) error {
		return e.comp.App.LoginEmailRegistered(ctx, app.LoginEmailRegistered{EstablishmentID: est.ID,
			EstablishmentNumber: est.Number, Email: email, OfficeCode: office})
	})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.client.RequestPasswordRegistration(ctx, &identityv1.RequestPasswordRegistrationRequest{
		Email: email, EmailConfirmation: email, AgreedToTerms: true}); err != nil {
		e.t.Fatal(err)
	}
	res, err := e.client.CompletePasswordRegistration(ctx, &identityv1.CompletePasswordRegistrationRequest{Email: email,
		AuthKey: e.authKey(email, identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_PASSWORD_REGISTRATION), Password: password, PasswordConfirmation: password})
	if err != nil {
		e.t.Fatal(err)
	}
	est.Primary = res.GetAccount()
	return est
}

// signIn runs the password and OTP steps and returns the session token.
func (e *env) signIn(email, pw string) string {
	e.t.Helper()
	ctx := context.Background()
	res, err := e.client.SignIn(ctx, &identityv1.SignInRequest{Email: email, Password: pw})
	if err != nil {
		e.t.Fatalf("sign-in %s: %v", email, err)
	}
	v, err := e.client.VerifyOneTimePassword(ctx, &identityv1.VerifyOneTimePasswordRequest{
		LoginAttemptId: res.GetLoginAttemptId(), OneTimePassword: e.otp(res.GetLoginAttemptId())})
	if err != nil {
		e.t.Fatal(err)
	}
	remember(v.GetSession().GetSessionToken())
	return v.GetSession().GetSessionToken()
}

// access exchanges a session token for a context carrying the access token.
func (e *env) access(session string) context.Context {
	e.t.Helper()
	res, err := e.client.ExchangeSession(context.Background(), &identityv1.ExchangeSessionRequest{SessionToken: session})
	if err != nil {
		e.t.Fatal(err)
	}
	remember(res.GetAccessToken())
	return withToken(res.GetAccessToken())
}

// staff creates a staff account of office and returns its access context.
func (e *env) staff(email, office string) context.Context {
	e.t.Helper()
	if _, err := e.comp.App.BootstrapStaff(context.Background(), app.BootstrapStaff{OfficeCode: office, Email: email, Password: password}); err != nil {
		e.t.Fatal(err)
	}
	return e.access(e.signIn(email, password))
}
