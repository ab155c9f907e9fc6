package service

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/services/identity/internal/app"
)

// The tests' office networks (testConfig): office 1301 is 192.0.2.0/24, office 1302
// 198.51.100.0/24, both also loopback. A test claims a client IP the way the gateway
// states it: x-client-ip from a trusted proxy (the test's own connection).
const (
	ipOffice1301 = "192.0.2.10"
	ipOffice1302 = "198.51.100.10"
	ipInternet   = "203.0.113.7"
)

// fromIP is ctx with calls from client IP ip, as the gateway would say.
func fromIP(ctx context.Context, ip string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, "x-client-ip", ip)
}

// enrolTerminal registers a visitor terminal of the staff member's office and returns
// its id and credential.
func enrolTerminal(t *testing.T, e *env, staff context.Context) (id, cred string) {
	t.Helper()
	reg, err := e.client.RegisterVisitorTerminal(staff, &identityv1.RegisterVisitorTerminalRequest{DisplayName: "窓口端末"})
	if err != nil {
		t.Fatal(err)
	}
	remember(reg.GetTerminalCredential())
	if reg.GetCredentialExpireTime() == nil || reg.GetTerminal().GetCredentialExpireTime() == nil {
		t.Fatalf("an enrolment states when its credential expires: %v", reg)
	}
	return reg.GetTerminal().GetTerminalId(), reg.GetTerminalCredential()
}

// terminalSignIn signs email in with a terminal credential from ip; it reports whether
// the one-time password was skipped and returns the session.
func terminalSignIn(t *testing.T, e *env, email, cred, ip string) (*identityv1.Session, bool) {
	t.Helper()
	res, err := e.client.SignIn(fromIP(context.Background(), ip), &identityv1.SignInRequest{Email: email, Password: password, TerminalCredential: cred})
	if err != nil {
		t.Fatalf("sign-in from %s: %v", ip, err)
	}
	if res.GetSession() != nil {
		remember(res.GetSession().GetSessionToken())
		return res.GetSession(), true
	}
	if !res.GetOneTimePasswordRequired() {
		t.Fatalf("neither a session nor an OTP: %v", res)
	}
	return nil, false
}

// TestVisitorTerminal_OnlyFromItsOfficeNetwork [LOGIN-4, D4, issue 9 H3]: a terminal's
// credential skips the OTP only from its own office's networks; elsewhere (another
// office, the Internet) it is an ordinary sign-in with an OTP, and the refused use is
// audited. Before the fix the credential skipped the OTP from anywhere.
func TestVisitorTerminal_OnlyFromItsOfficeNetwork(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("visitor@example.jp", "1302") // an establishment of another office visits 1301
	staff := e.staff("staff@mhlw.example.jp", "1301")
	_, cred := enrolTerminal(t, e, staff)
	for _, tc := range []struct {
		name, ip string
		skip     bool
	}{
		{"the terminal's office network", ipOffice1301, true},
		{"another office's network", ipOffice1302, false},
		{"the Internet", ipInternet, false},
	} {
		if _, got := terminalSignIn(t, e, "visitor@example.jp", cred, tc.ip); got != tc.skip {
			t.Errorf("%s: OTP skipped = %v, want %v", tc.name, got, tc.skip)
		}
	}
	var denied int
	if err := e.pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_trail WHERE action = 'visitor_terminal.use'
		AND outcome = 'denied' AND detail->>'cause' = 'outside_office_network'`).Scan(&denied); err != nil || denied != 2 {
		t.Fatalf("refused terminal uses audited: %d, %v; want 2", denied, err)
	}
}

// TestVisitorTerminal_ExpiryAndRotation [LOGIN-4, D4]: a credential expires; rotating
// it voids the old one at once; only staff of the terminal's office may rotate it.
func TestVisitorTerminal_ExpiryAndRotation(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("visitor@example.jp", "1301")
	staff := e.staff("staff@mhlw.example.jp", "1301")
	other := e.staff("staff@other.mhlw.example.jp", "1302")
	id, old := enrolTerminal(t, e, staff)
	if _, err := e.client.RotateVisitorTerminalCredential(other, &identityv1.RotateVisitorTerminalCredentialRequest{TerminalId: id}); status.Code(err) != codes.NotFound {
		t.Fatalf("another office's staff rotated the terminal: %v", err)
	}
	rot, err := e.client.RotateVisitorTerminalCredential(staff, &identityv1.RotateVisitorTerminalCredentialRequest{TerminalId: id})
	if err != nil {
		t.Fatal(err)
	}
	fresh := rot.GetTerminalCredential()
	remember(fresh)
	if fresh == old || rot.GetTerminal().GetRotateTime() == nil {
		t.Fatalf("rotation: %v", rot)
	}
	if _, skip := terminalSignIn(t, e, "visitor@example.jp", old, ipOffice1301); skip {
		t.Fatal("the credential before the rotation still skips the OTP")
	}
	if _, skip := terminalSignIn(t, e, "visitor@example.jp", fresh, ipOffice1301); !skip {
		t.Fatal("the rotated credential does not skip the OTP")
	}
	// The credential lives VISITOR_TERMINAL_CREDENTIAL_TTL from the rotation.
	e.clk.Advance(e.cfg.VisitorTerminalCredentialTTL - time.Second)
	if _, skip := terminalSignIn(t, e, "visitor@example.jp", fresh, ipOffice1301); !skip {
		t.Fatal("the credential stopped before its expiry")
	}
	e.clk.Advance(time.Second)
	if _, skip := terminalSignIn(t, e, "visitor@example.jp", fresh, ipOffice1301); skip {
		t.Fatal("an expired credential still skips the OTP")
	}
	// A revoked terminal cannot be rotated back to life.
	if _, err := e.client.RevokeVisitorTerminal(e.access(e.signIn("staff@mhlw.example.jp", password)), &identityv1.RevokeVisitorTerminalRequest{TerminalId: id}); err != nil {
		t.Fatal(err)
	}
	staff = e.access(e.signIn("staff@mhlw.example.jp", password))
	if _, err := e.client.RotateVisitorTerminalCredential(staff, &identityv1.RotateVisitorTerminalCredentialRequest{TerminalId: id}); status.Code(err) != codes.NotFound {
		t.Fatalf("rotating a revoked terminal: %v", err)
	}
}

// TestVisitorTerminal_SessionIdleAndNewDeviceMail [LOGIN-4, D4, ASVS 6.3.5]: a terminal
// sign-in is mailed to the owner like one from a new device, its session is marked for
// a browser-session cookie and ends after the terminal's idle timeout (10 minutes),
// while an ordinary session lasts its hour.
func TestVisitorTerminal_SessionIdleAndNewDeviceMail(t *testing.T) {
	e := newEnv(t)
	est := e.openEstablishment("visitor@example.jp", "1301")
	staff := e.staff("staff@mhlw.example.jp", "1301")
	_, cred := enrolTerminal(t, e, staff)
	mailsBefore := newDeviceMails(e, est.Primary.GetAccountId())
	sess, skip := terminalSignIn(t, e, "visitor@example.jp", cred, ipOffice1301)
	if !skip || !sess.GetVisitorTerminal() {
		t.Fatalf("terminal session %v (skip %v): want visitor_terminal", sess, skip)
	}
	if got := newDeviceMails(e, est.Primary.GetAccountId()); got != mailsBefore+1 {
		t.Fatalf("SignedInFromNewDevice for the terminal sign-in: %d, want %d", got, mailsBefore+1)
	}
	ordinary := e.signIn("visitor@example.jp", password)
	exchange := func(tok string) error {
		_, err := e.client.ExchangeSession(context.Background(), &identityv1.ExchangeSessionRequest{SessionToken: tok})
		return err
	}
	e.clk.Advance(e.cfg.VisitorTerminalSessionIdle - time.Second)
	if err := exchange(sess.GetSessionToken()); err != nil {
		t.Fatalf("terminal session used within its idle time: %v", err)
	}
	e.clk.Advance(e.cfg.VisitorTerminalSessionIdle)
	if err := exchange(sess.GetSessionToken()); err == nil {
		t.Fatal("a terminal session idle for its timeout still works")
	}
	if err := exchange(ordinary); err != nil {
		t.Fatalf("an ordinary session idle for less than SESSION_IDLE_TIMEOUT ended: %v", err)
	}
	// The session list shows only sessions that still work.
	list, err := e.client.ListSessions(e.access(ordinary), &identityv1.ListSessionsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range list.GetSessions() {
		if s.GetSessionId() == sess.GetSessionId() {
			t.Fatal("the idle terminal session is still listed as open")
		}
	}
}

func newDeviceMails(e *env, accountID string) int {
	e.t.Helper()
	evs, _ := outboxEvents(e, func() *identityv1.SignedInFromNewDevice { return &identityv1.SignedInFromNewDevice{} })
	n := 0
	for _, ev := range evs {
		if ev.GetAccountId() == accountID {
			n++
		}
	}
	return n
}

// TestStaff_NeverSkipOTP [issue 9 M4, LOGIN-3, LOGIN-4]: a staff account skips the OTP
// neither on a visitor terminal of its own office nor on a trusted device: asking to
// remember the device gives staff no device token.
func TestStaff_NeverSkipOTP(t *testing.T) {
	e := newEnv(t)
	staff := e.staff("staff@mhlw.example.jp", "1301")
	_, cred := enrolTerminal(t, e, staff)
	if _, skip := terminalSignIn(t, e, "staff@mhlw.example.jp", cred, ipOffice1301); skip {
		t.Fatal("a staff account skipped the OTP on a visitor terminal")
	}
	ctx := fromIP(context.Background(), ipOffice1301)
	res, err := e.client.SignIn(ctx, signInReq("staff@mhlw.example.jp", password))
	if err != nil {
		t.Fatal(err)
	}
	v, err := e.client.VerifyOneTimePassword(ctx, &identityv1.VerifyOneTimePasswordRequest{LoginAttemptId: res.GetLoginAttemptId(),
		OneTimePassword: e.otp(res.GetLoginAttemptId()), RememberDevice: true})
	if err != nil {
		t.Fatal(err)
	}
	remember(v.GetSession().GetSessionToken())
	if v.GetDeviceToken() != "" {
		remember(v.GetDeviceToken())
		t.Fatal("a staff account was given a trusted-device token (LOGIN-3 skip)")
	}
}

// TestStaff_SignInOnlyFromOfficeNetworks [issue 9 M4]: staff sign in only from their
// own office's networks. From elsewhere the right password gets the wrong password's
// answer, no OTP is mailed, and the refusals do not count toward the lock (an outsider
// cannot lock staff out). Employers sign in from anywhere.
func TestStaff_SignInOnlyFromOfficeNetworks(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("owner@example.jp", "1301")
	if _, err := e.comp.App.BootstrapStaff(context.Background(), app.BootstrapStaff{OfficeCode: "1301", Email: "staff@mhlw.example.jp", Password: password}); err != nil {
		t.Fatal(err)
	}
	otpsBefore := e.eventCount()
	for _, ip := range []string{ipInternet, ipOffice1302} {
		for range e.cfg.LockThreshold + 1 {
			_, err := e.client.SignIn(fromIP(context.Background(), ip), signInReq("staff@mhlw.example.jp", password))
			wantReason(t, err, "INVALID_CREDENTIALS")
		}
	}
	if n := e.eventCount(); n != otpsBefore {
		t.Fatalf("%d events (one-time passwords, lock mails) for sign-ins from outside the office", n-otpsBefore)
	}
	res, err := e.client.SignIn(fromIP(context.Background(), ipOffice1301), signInReq("staff@mhlw.example.jp", password))
	if err != nil || !res.GetOneTimePasswordRequired() {
		t.Fatalf("staff from their office network: %v %v (outside attempts must not lock)", res, err)
	}
	if res, err := e.client.SignIn(fromIP(context.Background(), ipInternet), signInReq("owner@example.jp", password)); err != nil || !res.GetOneTimePasswordRequired() {
		t.Fatalf("an employer from the Internet: %v %v", res, err)
	}
	var audited int
	if err := e.pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_trail WHERE action = 'session.sign_in'
		AND detail->>'cause' = 'outside_office_network'`).Scan(&audited); err != nil || audited != 2*(e.cfg.LockThreshold+1) {
		t.Fatalf("refusals audited: %d %v", audited, err)
	}
}

// TestStaff_DisableRevokesEverything [issue 9 M4]: staff disable a colleague of their
// office (RPC) and an operator any staff account (command): the account cannot sign
// in, its sessions and the terminals it enrolled stop working. Another office's staff
// and employers' login IDs answer NOT_FOUND, like unknown ones.
func TestStaff_DisableRevokesEverything(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("visitor@example.jp", "1301")
	admin := e.staff("admin@mhlw.example.jp", "1301")
	leaver := e.staff("leaver@mhlw.example.jp", "1301")
	other := e.staff("other@mhlw.example.jp", "1302")
	leaverSession := e.signIn("leaver@mhlw.example.jp", password)
	_, cred := enrolTerminal(t, e, leaver)
	for _, tc := range []struct {
		who   context.Context
		login string
	}{
		{other, "leaver@mhlw.example.jp"}, // another office
		{admin, "visitor@example.jp"},     // not staff
		{admin, "nobody@mhlw.example.jp"}, // unknown
	} {
		_, err := e.client.DisableStaffAccount(tc.who, &identityv1.DisableStaffAccountRequest{LoginId: tc.login})
		wantReason(t, err, "NOT_FOUND")
	}
	if _, skip := terminalSignIn(t, e, "visitor@example.jp", cred, ipOffice1301); !skip {
		t.Fatal("fixture: the leaver's terminal should work before the disabling")
	}
	res, err := e.client.DisableStaffAccount(admin, &identityv1.DisableStaffAccountRequest{LoginId: "leaver@mhlw.example.jp"})
	if err != nil || res.GetRevokedTerminals() != 1 {
		t.Fatalf("disable: %v %v", res, err)
	}
	if _, err := e.client.GetMyAccount(leaver, &identityv1.GetMyAccountRequest{}); err == nil {
		// The access token lives its 5 minutes; the session behind it is what ends.
		t.Log("access token still valid until it expires (5 minutes)")
	}
	if _, err := e.client.ExchangeSession(context.Background(), &identityv1.ExchangeSessionRequest{SessionToken: leaverSession}); err == nil {
		t.Fatal("the disabled account's session still exchanges")
	}
	_, err = e.client.SignIn(fromIP(context.Background(), ipOffice1301), signInReq("leaver@mhlw.example.jp", password))
	wantReason(t, err, "INVALID_CREDENTIALS")
	if _, skip := terminalSignIn(t, e, "visitor@example.jp", cred, ipOffice1301); skip {
		t.Fatal("a terminal the disabled account enrolled still skips the OTP")
	}
	var audited int
	if err := e.pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_trail WHERE action = 'staff_account.disable'
		AND actor_office_code = '1301' AND detail->>'office_code' = '1301'`).Scan(&audited); err != nil || audited != 1 {
		t.Fatalf("disabling audited %d times, %v", audited, err)
	}

	// The operator's command: any office, no session needed.
	for k, v := range map[string]string{"DATABASE_URL": e.url, "EVENT_SEALING_KEY": e.cfg.EventSealingKey,
		"TOKEN_SIGNING_KEY": e.cfg.TokenSigningKey, "HASH_PEPPER": e.cfg.HashPepper, "OFFICE_NETWORKS": e.cfg.OfficeNetworks,
		"SERVICE_NAME": Name, "LOG_LEVEL": "error"} {
		t.Setenv(k, v)
	}
	var out bytes.Buffer
	if err := StaffCommand(context.Background(), []string{"disable", "-login-id", "other@mhlw.example.jp"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "office 1302") {
		t.Fatalf("command output %q", out.String())
	}
	_, err = e.client.SignIn(fromIP(context.Background(), ipOffice1302), signInReq("other@mhlw.example.jp", password))
	wantReason(t, err, "INVALID_CREDENTIALS")
	if err := StaffCommand(context.Background(), []string{"disable", "-login-id", "visitor@example.jp"}, os.Stderr); err == nil {
		t.Fatal("the command disabled an employer account")
	}
}

// TestSession_StaffAndTerminalSessionsStayInTheOffice [issue 9 M4, LOGIN-4]: a staff
// session is exchanged only from the staff member's office networks, a visitor-terminal
// session only from its terminal's office networks and while the terminal is not
// revoked, so a stolen session cookie is useless outside the office. An employer's
// ordinary session works from anywhere.
func TestSession_StaffAndTerminalSessionsStayInTheOffice(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("visitor@example.jp", "1301")
	staff := e.staff("staff@mhlw.example.jp", "1301")
	staffSession := e.signIn("staff@mhlw.example.jp", password)
	id, cred := enrolTerminal(t, e, staff)
	termSession, skip := terminalSignIn(t, e, "visitor@example.jp", cred, ipOffice1301)
	if !skip {
		t.Fatal("fixture: the terminal should skip the OTP")
	}
	ordinary := e.signIn("visitor@example.jp", password)
	exchange := func(tok, ip string) bool {
		_, err := e.client.ExchangeSession(fromIP(context.Background(), ip), &identityv1.ExchangeSessionRequest{SessionToken: tok})
		return err == nil
	}
	for _, tc := range []struct {
		name, tok, ip string
		want          bool
	}{
		{"staff in the office", staffSession, ipOffice1301, true},
		{"staff at another office", staffSession, ipOffice1302, false},
		{"staff from the Internet", staffSession, ipInternet, false},
		{"terminal session at the terminal's office", termSession.GetSessionToken(), ipOffice1301, true},
		{"terminal session elsewhere", termSession.GetSessionToken(), ipInternet, false},
		{"employer session from the Internet", ordinary, ipInternet, true},
	} {
		if got := exchange(tc.tok, tc.ip); got != tc.want {
			t.Errorf("%s: exchanged = %v, want %v", tc.name, got, tc.want)
		}
	}
	if _, err := e.client.RevokeVisitorTerminal(staff, &identityv1.RevokeVisitorTerminalRequest{TerminalId: id}); err != nil {
		t.Fatal(err)
	}
	if exchange(termSession.GetSessionToken(), ipOffice1301) {
		t.Fatal("a session of a revoked terminal still works")
	}
}
