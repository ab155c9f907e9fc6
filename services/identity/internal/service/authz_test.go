package service

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/services/identity/internal/app"
)

// The authorisation matrix of IdentityService (docs/security.md): for every
// RPC, which principals may call it. TestAuthz_MatrixCoverage keeps it complete;
// TestAuthz_CrossTenantMatrix_gRPC runs every cell against the real server.

// who is a set of principal kinds.
type who uint8

const (
	anonymous who = 1 << iota
	service
	provisional
	primary
	additional
	staff

	anyone   = anonymous | service | provisional | primary | additional | staff
	signedIn = provisional | primary | additional | staff
	employer = primary | additional
)

func (w who) String() string {
	if w == anyone {
		return "public"
	}
	var s []string
	for i, n := range []string{"anonymous", "service", "provisional", "primary", "additional", "staff"} {
		if w&(1<<i) != 0 {
			s = append(s, n)
		}
	}
	return strings.Join(s, "|")
}

// target is what a targeted RPC points at; the matrix always aims at establishment A's
// (or office X's) objects, so B's and Y's principals probe across tenants.
type target int

const (
	noTarget         target = iota
	aSpareSession           // another session of A's primary account
	aTrustedDevice          // a trusted device of A's primary account (LOGIN-3)
	aSpareAdditional        // an additional account of A that no principal uses (ACC-2)
	aEstablishment          // A's 事業所番号 (LOGIN-5, audit trail)
	xTerminal               // a visitor terminal of office X (LOGIN-4)
	xSpareStaff             // the login ID of a staff account of office X that no principal uses
)

// owner is the only principal that may act on a target.
var owner = map[target]string{
	aSpareSession: "A-primary", aTrustedDevice: "A-primary", aSpareAdditional: "A-primary",
	aEstablishment: "X-staff", xTerminal: "X-staff", xSpareStaff: "X-staff",
}

// call performs one probe of an RPC; id is the target's id (or a random one).
type call func(ctx context.Context, f *authzFixture, id string) (proto.Message, error)

// rule is one row of the matrix.
type rule struct {
	allow  who
	target target
	// probe is the request each principal sends. Public probes carry credentials no
	// one holds, so a caller's token can neither help nor hurt; probes of state
	// changes a principal may make but that would spoil the fixture stop at a later
	// check (a wrong current password), after authorisation.
	probe call
	// last runs the row after the others (it ends the caller's session).
	last bool
}

const wrongPassword = "Wrong#pass1x"

// authzMatrix is the table. Keys are method names of hellowork.identity.v1.IdentityService.
var authzMatrix = map[string]rule{
	// OPEN-1, OPEN-2/3, LOGIN-1..3, RESET-1, ACC-4 steps carry their own credentials.
	"StartRegistration": {allow: anyone, probe: func(ctx context.Context, f *authzFixture, _ string) (proto.Message, error) {
		m := f.freshEmail("reg")
		return f.e.client.StartRegistration(ctx, &identityv1.StartRegistrationRequest{Email: m, EmailConfirmation: m, AgreedToPrivacyPolicy: true, AgreedToTerms: true})
	}},
	"CompleteRegistration": {allow: anyone, probe: func(ctx context.Context, f *authzFixture, _ string) (proto.Message, error) {
		return f.e.client.CompleteRegistration(ctx, &identityv1.CompleteRegistrationRequest{Email: "nobody-reg@example.jp", AuthKey: "000000",
			Password: password, PasswordConfirmation: password})
	}},
	"RequestPasswordRegistration": {allow: anyone, probe: func(ctx context.Context, f *authzFixture, _ string) (proto.Message, error) {
		return f.e.client.RequestPasswordRegistration(ctx, &identityv1.RequestPasswordRegistrationRequest{Email: "nobody-pr@example.jp",
			EmailConfirmation: "nobody-pr@example.jp", AgreedToTerms: true})
	}},
	"CompletePasswordRegistration": {allow: anyone, probe: func(ctx context.Context, f *authzFixture, _ string) (proto.Message, error) {
		return f.e.client.CompletePasswordRegistration(ctx, &identityv1.CompletePasswordRegistrationRequest{Email: "nobody-pr@example.jp",
			AuthKey: "000000", Password: password, PasswordConfirmation: password})
	}},
	"SignIn": {allow: anyone, probe: func(ctx context.Context, f *authzFixture, _ string) (proto.Message, error) {
		return f.e.client.SignIn(ctx, signInReq("nobody-signin@example.jp", wrongPassword))
	}},
	"VerifyOneTimePassword": {allow: anyone, probe: func(ctx context.Context, f *authzFixture, _ string) (proto.Message, error) {
		return f.e.client.VerifyOneTimePassword(ctx, &identityv1.VerifyOneTimePasswordRequest{LoginAttemptId: f.unknownID, OneTimePassword: "000000"})
	}},
	"ResendOneTimePassword": {allow: anyone, probe: func(ctx context.Context, f *authzFixture, _ string) (proto.Message, error) {
		return f.e.client.ResendOneTimePassword(ctx, &identityv1.ResendOneTimePasswordRequest{LoginAttemptId: f.unknownID})
	}},
	"ExchangeSession": {allow: anyone, probe: func(ctx context.Context, f *authzFixture, _ string) (proto.Message, error) {
		return f.e.client.ExchangeSession(ctx, &identityv1.ExchangeSessionRequest{SessionToken: "not-a-session-token"})
	}},
	"RequestPasswordReset": {allow: anyone, probe: func(ctx context.Context, f *authzFixture, _ string) (proto.Message, error) {
		return f.e.client.RequestPasswordReset(ctx, &identityv1.RequestPasswordResetRequest{Email: "nobody-reset@example.jp"})
	}},
	"CompletePasswordReset": {allow: anyone, probe: func(ctx context.Context, f *authzFixture, _ string) (proto.Message, error) {
		return f.e.client.CompletePasswordReset(ctx, &identityv1.CompletePasswordResetRequest{Email: "nobody-reset@example.jp", AuthKey: "000000",
			Password: password, PasswordConfirmation: password})
	}},
	"RequestRestore": {allow: anyone, probe: func(ctx context.Context, f *authzFixture, _ string) (proto.Message, error) {
		return f.e.client.RequestRestore(ctx, &identityv1.RequestRestoreRequest{Email: "nobody-restore@example.jp", Password: wrongPassword})
	}},
	"CompleteRestore": {allow: anyone, probe: func(ctx context.Context, f *authzFixture, _ string) (proto.Message, error) {
		return f.e.client.CompleteRestore(ctx, &identityv1.CompleteRestoreRequest{Email: "nobody-restore@example.jp", AuthKey: "000000"})
	}},
	"GetJwks": {allow: anyone, probe: func(ctx context.Context, f *authzFixture, _ string) (proto.Message, error) {
		return f.e.client.GetJwks(ctx, &identityv1.GetJwksRequest{})
	}},

	// One's own sessions, devices, account and sign-ins: any signed-in account.
	"SignOut": {allow: signedIn, last: true, probe: func(ctx context.Context, f *authzFixture, _ string) (proto.Message, error) {
		return f.e.client.SignOut(ctx, &identityv1.SignOutRequest{})
	}},
	"ListSessions": {allow: signedIn, probe: func(ctx context.Context, f *authzFixture, _ string) (proto.Message, error) {
		return f.e.client.ListSessions(ctx, &identityv1.ListSessionsRequest{})
	}},
	"RevokeSession": {allow: signedIn, target: aSpareSession, probe: func(ctx context.Context, f *authzFixture, id string) (proto.Message, error) {
		return f.e.client.RevokeSession(ctx, &identityv1.RevokeSessionRequest{SessionId: id})
	}},
	"ListTrustedDevices": {allow: signedIn, probe: func(ctx context.Context, f *authzFixture, _ string) (proto.Message, error) {
		return f.e.client.ListTrustedDevices(ctx, &identityv1.ListTrustedDevicesRequest{})
	}},
	"RevokeTrustedDevice": {allow: signedIn, target: aTrustedDevice, probe: func(ctx context.Context, f *authzFixture, id string) (proto.Message, error) {
		return f.e.client.RevokeTrustedDevice(ctx, &identityv1.RevokeTrustedDeviceRequest{DeviceId: id})
	}},
	"GetMyAccount": {allow: signedIn, probe: func(ctx context.Context, f *authzFixture, _ string) (proto.Message, error) {
		return f.e.client.GetMyAccount(ctx, &identityv1.GetMyAccountRequest{})
	}},
	"ListRecentSignIns": {allow: signedIn, probe: func(ctx context.Context, f *authzFixture, _ string) (proto.Message, error) {
		return f.e.client.ListRecentSignIns(ctx, &identityv1.ListRecentSignInsRequest{PageSize: 100})
	}},

	// ACC-1: the primary account (and staff, for their own login); never an additional one.
	"ChangeLoginAccount": {allow: primary | staff, probe: func(ctx context.Context, f *authzFixture, _ string) (proto.Message, error) {
		return f.e.client.ChangeLoginAccount(ctx, &identityv1.ChangeLoginAccountRequest{CurrentPassword: wrongPassword,
			NewPassword: "Newpass#2026x", NewPasswordConfirmation: "Newpass#2026x"})
	}},
	"ConfirmLoginEmailChange": {allow: primary | staff, probe: func(ctx context.Context, f *authzFixture, _ string) (proto.Message, error) {
		return f.e.client.ConfirmLoginEmailChange(ctx, &identityv1.ConfirmLoginEmailChangeRequest{AuthKey: "000000"})
	}},

	// ACC-2, ACC-3: the establishment's accounts; only the primary one manages them.
	"ListAccounts": {allow: employer, probe: func(ctx context.Context, f *authzFixture, _ string) (proto.Message, error) {
		return f.e.client.ListAccounts(ctx, &identityv1.ListAccountsRequest{})
	}},
	"AddAdditionalAccount": {allow: primary, probe: func(ctx context.Context, f *authzFixture, _ string) (proto.Message, error) {
		return f.e.client.AddAdditionalAccount(ctx, addReq(f.freshEmail("added")))
	}},
	"DeleteAdditionalAccount": {allow: primary, target: aSpareAdditional, probe: func(ctx context.Context, f *authzFixture, id string) (proto.Message, error) {
		return f.e.client.DeleteAdditionalAccount(ctx, &identityv1.DeleteAdditionalAccountRequest{AccountId: id})
	}},
	"Withdraw": {allow: primary, probe: func(ctx context.Context, f *authzFixture, _ string) (proto.Message, error) {
		return f.e.client.Withdraw(ctx, &identityv1.WithdrawRequest{CurrentPassword: wrongPassword})
	}},

	// LOGIN-4, LOGIN-5 and the audit trail: staff of the establishment's office.
	"LookupPrimaryLoginId": {allow: staff, target: aEstablishment, probe: func(ctx context.Context, f *authzFixture, id string) (proto.Message, error) {
		return f.e.client.LookupPrimaryLoginId(ctx, &identityv1.LookupPrimaryLoginIdRequest{EstablishmentNumber: id})
	}},
	"ListAuditEvents": {allow: staff, target: aEstablishment, probe: func(ctx context.Context, f *authzFixture, id string) (proto.Message, error) {
		return f.e.client.ListAuditEvents(ctx, &identityv1.ListAuditEventsRequest{EstablishmentNumber: id, PageSize: 100})
	}},
	"RegisterVisitorTerminal": {allow: staff, probe: func(ctx context.Context, f *authzFixture, _ string) (proto.Message, error) {
		return f.e.client.RegisterVisitorTerminal(ctx, &identityv1.RegisterVisitorTerminalRequest{DisplayName: "来所者端末"})
	}},
	"ListVisitorTerminals": {allow: staff, probe: func(ctx context.Context, f *authzFixture, _ string) (proto.Message, error) {
		return f.e.client.ListVisitorTerminals(ctx, &identityv1.ListVisitorTerminalsRequest{})
	}},
	"RevokeVisitorTerminal": {allow: staff, target: xTerminal, probe: func(ctx context.Context, f *authzFixture, id string) (proto.Message, error) {
		return f.e.client.RevokeVisitorTerminal(ctx, &identityv1.RevokeVisitorTerminalRequest{TerminalId: id})
	}},
	"RotateVisitorTerminalCredential": {allow: staff, target: xTerminal, probe: func(ctx context.Context, f *authzFixture, id string) (proto.Message, error) {
		res, err := f.e.client.RotateVisitorTerminalCredential(ctx, &identityv1.RotateVisitorTerminalCredentialRequest{TerminalId: id})
		remember(res.GetTerminalCredential())
		return res, err
	}},
	"DisableStaffAccount": {allow: staff, target: xSpareStaff, probe: func(ctx context.Context, f *authzFixture, id string) (proto.Message, error) {
		return f.e.client.DisableStaffAccount(ctx, &identityv1.DisableStaffAccountRequest{LoginId: id})
	}},
}

// serviceMethods are the method names of IdentityService from its descriptor.
func serviceMethods() []string {
	sd := identityv1.File_hellowork_identity_v1_identity_service_proto.Services().ByName("IdentityService")
	var out []string
	for i := 0; i < sd.Methods().Len(); i++ {
		out = append(out, string(sd.Methods().Get(i).Name()))
	}
	return out
}

// TestAuthz_MatrixCoverage [ASVS 8.2.1]: every RPC of the descriptor has a matrix row, no
// row names a method that does not exist, and the rows that allow anonymous callers are
// exactly the methods the server declares public.
func TestAuthz_MatrixCoverage(t *testing.T) {
	methods := serviceMethods()
	var missing, extra, publicMismatch []string
	inDescriptor := map[string]bool{}
	for _, m := range methods {
		inDescriptor[m] = true
		if _, ok := authzMatrix[m]; !ok {
			missing = append(missing, m)
		}
	}
	for m := range authzMatrix {
		if !inDescriptor[m] {
			extra = append(extra, m)
		}
	}
	public := map[string]bool{}
	for _, full := range PublicMethodsForTest() {
		public[full[strings.LastIndex(full, "/")+1:]] = true
	}
	for m, r := range authzMatrix {
		if (r.allow&anonymous != 0) != public[m] {
			publicMismatch = append(publicMismatch, m)
		}
		if r.allow&anonymous != 0 && r.allow != anyone {
			publicMismatch = append(publicMismatch, m+" (public rows must allow everyone)")
		}
		if r.target != noTarget && r.allow&anonymous != 0 {
			publicMismatch = append(publicMismatch, m+" (a public row cannot have an owner)")
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	sort.Strings(publicMismatch)
	t.Logf("METRIC methods=%d methods_without_entry=%d", len(methods), len(missing))
	if len(missing)+len(extra)+len(publicMismatch) > 0 {
		t.Fatalf("authorisation matrix out of date: without entry %v; unknown %v; public mismatch %v", missing, extra, publicMismatch)
	}
}

// principalCase is one caller of the matrix.
type principalCase struct {
	name string
	kind who
	ctx  context.Context
	// sees are the tenants whose identifiers may appear in this caller's answers.
	sees []string
}

// authzFixture holds two establishments (A in office X, B in office Y), each with a
// primary and an additional account, a spare additional account, a second session and a
// trusted device of the primary account, and a staff account of each office with a
// visitor terminal; plus a provisional OPEN-1 account, a service token and no token.
type authzFixture struct {
	e          *env
	principals []principalCase
	// markers are identifiers of each tenant (A, B, X, Y, P) that must not leak.
	markers   map[string][]string
	targets   map[target]string
	spareTok  string // session token of aSpareSession
	unknownID string
	seq       atomic.Int64
}

func (f *authzFixture) freshEmail(prefix string) string {
	return fmt.Sprintf("%s-%d@example.jp", prefix, f.seq.Add(1))
}

func (f *authzFixture) principal(name string) principalCase {
	for _, p := range f.principals {
		if p.name == name {
			return p
		}
	}
	f.e.t.Fatalf("no principal %s", name)
	return principalCase{}
}

func newAuthzFixture(t *testing.T) *authzFixture {
	t.Helper()
	e := newEnv(t)
	ctx := context.Background()
	f := &authzFixture{e: e, markers: map[string][]string{}, targets: map[target]string{}, unknownID: newUUID()}
	add := func(tenant string, ids ...string) { f.markers[tenant] = append(f.markers[tenant], ids...) }
	for _, side := range []struct{ est, office, officeTenant string }{{"A", "1301", "X"}, {"B", "1302", "Y"}} {
		low := strings.ToLower(side.est)
		est := e.openEstablishment("primary-"+low+"@example.jp", side.office)
		add(side.est, est.ID, est.Number, est.Primary.GetAccountId(), est.Primary.GetEmail())
		pctx := e.access(e.signIn(est.Primary.GetEmail(), password))
		// A second session (RevokeSession's target) and a trusted device (LOGIN-3).
		spare := e.signIn(est.Primary.GetEmail(), password)
		res, err := e.client.SignIn(ctx, signInReq(est.Primary.GetEmail(), password))
		if err != nil {
			t.Fatal(err)
		}
		v, err := e.client.VerifyOneTimePassword(ctx, &identityv1.VerifyOneTimePasswordRequest{LoginAttemptId: res.GetLoginAttemptId(),
			OneTimePassword: e.otp(res.GetLoginAttemptId()), RememberDevice: true, UserAgent: "matrix"})
		if err != nil {
			t.Fatal(err)
		}
		remember(v.GetDeviceToken())
		remember(v.GetSession().GetSessionToken())
		sessions, err := e.client.ListSessions(pctx, &identityv1.ListSessionsRequest{})
		if err != nil {
			t.Fatal(err)
		}
		devices, err := e.client.ListTrustedDevices(pctx, &identityv1.ListTrustedDevicesRequest{})
		if err != nil || len(devices.GetDevices()) != 1 {
			t.Fatalf("devices %v %v", devices, err)
		}
		add(side.est, devices.GetDevices()[0].GetDeviceId())
		var spareID string
		for _, s := range sessions.GetSessions() {
			add(side.est, s.GetSessionId())
		}
		// The spare session is the one ExchangeSession of spare names.
		for _, s := range sessions.GetSessions() {
			if !s.GetCurrent() && s.GetSessionId() != sessionIDOf(t, e, v.GetSession().GetSessionToken()) {
				spareID = s.GetSessionId()
			}
		}
		added, err := e.client.AddAdditionalAccount(pctx, addReq("additional-"+low+"@example.jp"))
		if err != nil {
			t.Fatal(err)
		}
		spareAdd, err := e.client.AddAdditionalAccount(pctx, addReq("spare-"+low+"@example.jp"))
		if err != nil {
			t.Fatal(err)
		}
		add(side.est, added.GetAccountId(), added.GetEmail(), spareAdd.GetAccountId(), spareAdd.GetEmail())
		e.confirmAdditional(added.GetEmail(), password)
		e.confirmAdditional(spareAdd.GetEmail(), password)
		actx := e.access(e.signIn(added.GetEmail(), password))
		sctx := e.staff("staff-"+low+"@mhlw.example.jp", side.office)
		me, err := e.client.GetMyAccount(sctx, &identityv1.GetMyAccountRequest{})
		if err != nil {
			t.Fatal(err)
		}
		term, err := e.client.RegisterVisitorTerminal(sctx, &identityv1.RegisterVisitorTerminalRequest{DisplayName: "端末" + side.est})
		if err != nil {
			t.Fatal(err)
		}
		remember(term.GetTerminalCredential())
		add(side.officeTenant, me.GetAccountId(), me.GetEmail(), term.GetTerminal().GetTerminalId())
		f.principals = append(f.principals,
			principalCase{name: side.est + "-primary", kind: primary, ctx: pctx, sees: []string{side.est}},
			principalCase{name: side.est + "-additional", kind: additional, ctx: actx, sees: []string{side.est}},
			principalCase{name: side.officeTenant + "-staff", kind: staff, ctx: sctx, sees: []string{side.officeTenant, side.est}},
		)
		if side.est == "A" {
			f.targets[aSpareSession], f.spareTok = spareID, spare
			f.targets[aTrustedDevice] = devices.GetDevices()[0].GetDeviceId()
			f.targets[aSpareAdditional] = spareAdd.GetAccountId()
			f.targets[aEstablishment] = est.Number
			f.targets[xTerminal] = term.GetTerminal().GetTerminalId()
			spareStaff := "spare-staff-" + low + "@mhlw.example.jp"
			if _, err := e.comp.App.BootstrapStaff(ctx, app.BootstrapStaff{OfficeCode: side.office, Email: spareStaff, Password: password}); err != nil {
				t.Fatal(err)
			}
			f.targets[xSpareStaff] = spareStaff
			add(side.officeTenant, spareStaff)
		}
	}
	prov := e.signUp("provisional@example.jp", password)
	add("P", prov.GetAccountId(), prov.GetEmail())
	svc, err := e.comp.Keys.ServiceToken(ctx)
	if err != nil {
		t.Fatal(err)
	}
	remember(svc)
	f.principals = append([]principalCase{
		{name: "anonymous", kind: anonymous, ctx: context.Background()},
		{name: "service", kind: service, ctx: withToken(svc)},
		{name: "provisional", kind: provisional, ctx: e.access(e.signIn(prov.GetEmail(), password)), sees: []string{"P"}},
	}, f.principals...)
	for tg, id := range f.targets {
		if id == "" {
			t.Fatalf("fixture: target %d has no id", tg)
		}
	}
	return f
}

// sessionIDOf finds the session id of a session token through the access token it
// exchanges for.
func sessionIDOf(t *testing.T, e *env, token string) string {
	t.Helper()
	res, err := e.client.ExchangeSession(context.Background(), &identityv1.ExchangeSessionRequest{SessionToken: token})
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.comp.Keys.Verifier(e.cfg.TokenIssuer, e.cfg.TokenAudience).Verify(context.Background(), res.GetAccessToken())
	if err != nil {
		t.Fatal(err)
	}
	return p.SessionID
}

// refused reports whether err is one of the uniform refusals.
func refused(err error) bool {
	switch status.Code(err) {
	case codes.PermissionDenied, codes.Unauthenticated, codes.NotFound:
		return true
	}
	return false
}

// answer renders a call's outcome (body or status with details) for comparison and
// leak scans.
func answer(m proto.Message, err error) string {
	if err != nil {
		st, _ := status.FromError(err)
		b, _ := protojson.Marshal(st.Proto())
		return "error " + string(b)
	}
	b, _ := protojson.Marshal(m)
	return "ok " + string(b)
}

// leaks returns the tenants other than the caller's whose identifiers appear in ans.
func (f *authzFixture) leaks(p principalCase, ans string) []string {
	visible := map[string]bool{}
	for _, s := range p.sees {
		visible[s] = true
	}
	var out []string
	for tenant, ids := range f.markers {
		if visible[tenant] {
			continue
		}
		for _, id := range ids {
			if id != "" && strings.Contains(ans, id) {
				out = append(out, tenant+":"+id)
			}
		}
	}
	return out
}

// intact reports whether a target still exists after the non-owners' calls.
func (f *authzFixture) intact(t *testing.T, tg target) bool {
	t.Helper()
	e, ctx := f.e, context.Background()
	switch tg {
	case aSpareSession:
		_, err := e.client.ExchangeSession(ctx, &identityv1.ExchangeSessionRequest{SessionToken: f.spareTok})
		return err == nil
	case aTrustedDevice:
		ds, err := e.client.ListTrustedDevices(f.principal("A-primary").ctx, &identityv1.ListTrustedDevicesRequest{})
		return err == nil && len(ds.GetDevices()) == 1 && ds.GetDevices()[0].GetDeviceId() == f.targets[tg]
	case aSpareAdditional:
		as, err := e.client.ListAccounts(f.principal("A-primary").ctx, &identityv1.ListAccountsRequest{})
		for _, a := range as.GetAccounts() {
			if a.GetAccountId() == f.targets[tg] {
				return err == nil
			}
		}
		return false
	case xTerminal:
		ts, err := e.client.ListVisitorTerminals(f.principal("X-staff").ctx, &identityv1.ListVisitorTerminalsRequest{})
		for _, x := range ts.GetTerminals() {
			if x.GetTerminalId() == f.targets[tg] {
				return err == nil && x.GetRevokeTime() == nil
			}
		}
		return false
	case xSpareStaff:
		var st string
		err := e.pool.QueryRow(ctx, `SELECT status FROM accounts WHERE email = $1`, f.targets[tg]).Scan(&st)
		return err == nil && st == "active"
	}
	return true // aEstablishment: read-only target
}

// unknownTarget is a well-formed id (or number) of nothing.
func unknownTarget(tg target) string {
	if tg == aEstablishment {
		return "9999-999999-9"
	}
	if tg == xSpareStaff {
		return "nobody-staff@mhlw.example.jp"
	}
	return newUUID()
}

// TestAuthz_CrossTenantMatrix_gRPC [ASVS 8.2.2, 8.4.1; API1]: every method × every
// principal against the real in-process server. Allowed cells pass authorisation;
// every other cell is refused with PERMISSION_DENIED, UNAUTHENTICATED or NOT_FOUND,
// exactly as for an object that does not exist; no answer carries another tenant's
// identifiers; a refused call leaves its target untouched; public methods answer every
// caller alike.
func TestAuthz_CrossTenantMatrix_gRPC(t *testing.T) {
	f := newAuthzFixture(t)
	methods := serviceMethods()
	sort.SliceStable(methods, func(i, j int) bool { return !authzMatrix[methods[i]].last && authzMatrix[methods[j]].last })
	cells, violations := 0, 0
	violate := func(format string, args ...any) {
		violations++
		t.Errorf(format, args...)
	}
	for _, m := range methods {
		r, ok := authzMatrix[m]
		if !ok {
			violate("%s: no matrix entry", m)
			continue
		}
		// Non-owners first, then a check that the target survived, then the owner.
		ps := append([]principalCase(nil), f.principals...)
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].name != owner[r.target] && ps[j].name == owner[r.target] })
		var publicAnswer string
		checkedIntact := false
		for _, p := range ps {
			cells++
			id := f.targets[r.target]
			isOwner := r.target != noTarget && p.name == owner[r.target]
			if isOwner && !checkedIntact {
				checkedIntact = true
				if !f.intact(t, r.target) {
					violate("%s: a non-owner's call changed the target", m)
				}
			}
			msg, err := r.probe(p.ctx, f, id)
			ans := answer(msg, err)
			if l := f.leaks(p, ans); len(l) > 0 {
				violate("%s as %s: answer carries another tenant's identifiers %v: %s", m, p.name, l, ans)
			}
			allowed := r.allow&p.kind != 0 && (r.target == noTarget || isOwner)
			switch {
			case r.allow == anyone:
				// The token must change nothing: every caller gets the anonymous answer.
				if publicAnswer == "" {
					publicAnswer = ans
				} else if ans != publicAnswer {
					violate("%s as %s: public method answers differently by caller:\n%s\nvs\n%s", m, p.name, ans, publicAnswer)
				}
			case allowed:
				if refused(err) {
					violate("%s as %s: allowed by the matrix but refused: %v", m, p.name, err)
				}
			default:
				if !refused(err) {
					violate("%s as %s: not allowed by the matrix but answered %s", m, p.name, ans)
					continue
				}
				if r.target != noTarget {
					// Refusal must not tell an existing object from a missing one.
					m2, err2 := r.probe(p.ctx, f, unknownTarget(r.target))
					if status.Code(err2) != status.Code(err) || reason(err2) != reason(err) {
						violate("%s as %s: existing target answered %v, unknown one %v", m, p.name, err, answer(m2, err2))
					}
				}
			}
		}
	}
	if want := len(methods) * len(f.principals); cells != want {
		violate("cells = %d, want methods × principals = %d", cells, want)
	}
	t.Logf("METRIC cells=%d violations=%d", cells, violations)
}

// TestAuthz_FunctionLevel [ASVS 8.2.1; API5; ACC-2, LOGIN-5]: an additional account
// cannot add or delete accounts, withdraw or change the login account; employer and
// provisional accounts cannot call staff RPCs; staff cannot manage an establishment's
// accounts. Each refusal changes nothing.
func TestAuthz_FunctionLevel(t *testing.T) {
	f := newAuthzFixture(t)
	e := f.e
	before := dumpAccounts(t, f)
	type attempt struct {
		who, what string
		call      func(ctx context.Context) error
		reason    string // "" = any PERMISSION_DENIED
	}
	err2 := func(_ proto.Message, err error) error { return err }
	aNumber := f.targets[aEstablishment]
	acc2 := []attempt{
		{"A-additional", "add an account", func(c context.Context) error {
			return err2(e.client.AddAdditionalAccount(c, addReq("fl-added@example.jp")))
		}, "ADDITIONAL_ACCOUNT_NOT_ALLOWED"},
		{"A-additional", "delete an account", func(c context.Context) error {
			return err2(e.client.DeleteAdditionalAccount(c, &identityv1.DeleteAdditionalAccountRequest{AccountId: f.targets[aSpareAdditional]}))
		}, "ADDITIONAL_ACCOUNT_NOT_ALLOWED"},
		{"A-additional", "withdraw (with the right password)", func(c context.Context) error {
			return err2(e.client.Withdraw(c, &identityv1.WithdrawRequest{CurrentPassword: password}))
		}, "ADDITIONAL_ACCOUNT_NOT_ALLOWED"},
		{"A-additional", "change the login account", func(c context.Context) error {
			return err2(e.client.ChangeLoginAccount(c, &identityv1.ChangeLoginAccountRequest{CurrentPassword: password,
				NewEmail: "fl-new@example.jp", NewEmailConfirmation: "fl-new@example.jp"}))
		}, "ADDITIONAL_ACCOUNT_NOT_ALLOWED"},
		{"A-additional", "confirm a login e-mail change", func(c context.Context) error {
			return err2(e.client.ConfirmLoginEmailChange(c, &identityv1.ConfirmLoginEmailChangeRequest{AuthKey: "000000"}))
		}, "ADDITIONAL_ACCOUNT_NOT_ALLOWED"},
	}
	var staffRPCs []attempt
	for _, who := range []string{"A-primary", "A-additional", "provisional"} {
		staffRPCs = append(staffRPCs,
			attempt{who, "look up a primary login ID", func(c context.Context) error {
				return err2(e.client.LookupPrimaryLoginId(c, &identityv1.LookupPrimaryLoginIdRequest{EstablishmentNumber: aNumber}))
			}, ""},
			attempt{who, "read the audit trail", func(c context.Context) error {
				return err2(e.client.ListAuditEvents(c, &identityv1.ListAuditEventsRequest{EstablishmentNumber: aNumber}))
			}, ""},
			attempt{who, "register a visitor terminal", func(c context.Context) error {
				return err2(e.client.RegisterVisitorTerminal(c, &identityv1.RegisterVisitorTerminalRequest{DisplayName: "x"}))
			}, ""},
			attempt{who, "list visitor terminals", func(c context.Context) error {
				return err2(e.client.ListVisitorTerminals(c, &identityv1.ListVisitorTerminalsRequest{}))
			}, ""},
			attempt{who, "revoke a visitor terminal", func(c context.Context) error {
				return err2(e.client.RevokeVisitorTerminal(c, &identityv1.RevokeVisitorTerminalRequest{TerminalId: f.targets[xTerminal]}))
			}, ""},
			attempt{who, "rotate a visitor terminal's credential", func(c context.Context) error {
				return err2(e.client.RotateVisitorTerminalCredential(c, &identityv1.RotateVisitorTerminalCredentialRequest{TerminalId: f.targets[xTerminal]}))
			}, ""},
			attempt{who, "disable a staff account", func(c context.Context) error {
				return err2(e.client.DisableStaffAccount(c, &identityv1.DisableStaffAccountRequest{LoginId: f.targets[xSpareStaff]}))
			}, ""},
		)
	}
	staffOnEmployer := []attempt{
		{"X-staff", "add an account to an establishment", func(c context.Context) error {
			return err2(e.client.AddAdditionalAccount(c, addReq("fl-staff-added@example.jp")))
		}, ""},
		{"X-staff", "delete an establishment's account", func(c context.Context) error {
			return err2(e.client.DeleteAdditionalAccount(c, &identityv1.DeleteAdditionalAccountRequest{AccountId: f.targets[aSpareAdditional]}))
		}, ""},
		{"X-staff", "withdraw", func(c context.Context) error {
			return err2(e.client.Withdraw(c, &identityv1.WithdrawRequest{CurrentPassword: password}))
		}, ""},
		{"X-staff", "list an establishment's accounts", func(c context.Context) error {
			return err2(e.client.ListAccounts(c, &identityv1.ListAccountsRequest{}))
		}, ""},
	}
	allowedCalls := 0
	for _, group := range [][]attempt{acc2, staffRPCs, staffOnEmployer} {
		for _, a := range group {
			t.Run(a.who+" cannot "+a.what, func(t *testing.T) {
				err := a.call(f.principal(a.who).ctx)
				if status.Code(err) != codes.PermissionDenied {
					allowedCalls++
					t.Fatalf("got %v, want PERMISSION_DENIED", err)
				}
				if a.reason != "" {
					wantReason(t, err, a.reason)
				}
			})
		}
	}
	// Not one refused call changed an account, a terminal or the outbox.
	if after := dumpAccounts(t, f); after != before {
		t.Errorf("refused calls changed state:\nbefore %s\nafter  %s", before, after)
	}
	t.Logf("METRIC function_level_attempts=%d allowed_calls=%d", len(acc2)+len(staffRPCs)+len(staffOnEmployer), allowedCalls)
}

// dumpAccounts renders the state a refused call must not change.
func dumpAccounts(t *testing.T, f *authzFixture) string {
	t.Helper()
	var s string
	err := f.e.pool.QueryRow(context.Background(), `SELECT
		(SELECT string_agg(id::text || ':' || email || ':' || role || ':' || status, ',' ORDER BY id) FROM accounts) || '|' ||
		(SELECT count(*) FROM visitor_terminals WHERE revoked_at IS NULL)::text`).Scan(&s)
	if err != nil {
		t.Fatal(err)
	}
	return s + "|" + strconv.Itoa(f.e.eventCount())
}
