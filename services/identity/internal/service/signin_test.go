package service

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"

	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
)

func signInReq(email, pw string) *identityv1.SignInRequest {
	return &identityv1.SignInRequest{Email: email, Password: pw}
}

// TestSignIn_PasswordThenOTP is the whole LOGIN-1 → LOGIN-2 flow and the access token.
func TestSignIn_PasswordThenOTP(t *testing.T) {
	e := newEnv(t)
	est := e.openEstablishment("owner@example.co.jp", "1301")
	ctx := e.access(e.signIn("owner@example.co.jp", password))
	me, err := e.client.GetMyAccount(ctx, &identityv1.GetMyAccountRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if me.GetRole() != identityv1.AccountRole_ACCOUNT_ROLE_PRIMARY || me.GetEstablishmentId() != est.ID {
		t.Fatalf("me = %v", me)
	}
	// A login notification is published for a device that is not trusted (D1).
	if evs, _ := outboxEvents(e, func() *identityv1.SignedInFromNewDevice { return &identityv1.SignedInFromNewDevice{} }); len(evs) != 1 {
		t.Fatalf("SignedInFromNewDevice events = %d", len(evs))
	}
}

// TestLogin_LockoutAfter5 [LOGIN-1]: 4 wrong + right → ok; 5 wrong → the right password
// gets the same answer as a wrong one; still locked at 29:59; open at 30:00; the owner
// is mailed once.
func TestLogin_LockoutAfter5(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("lock@example.jp", "1301")
	ctx := context.Background()
	for i := 0; i < 4; i++ {
		_, err := e.client.SignIn(ctx, signInReq("lock@example.jp", "Wrong#pass1"))
		wantReason(t, err, "INVALID_CREDENTIALS")
	}
	if _, err := e.client.SignIn(ctx, signInReq("lock@example.jp", password)); err != nil {
		t.Fatalf("4th wrong then right must pass: %v", err)
	}
	for i := 0; i < 5; i++ {
		_, err := e.client.SignIn(ctx, signInReq("lock@example.jp", "Wrong#pass1"))
		wantReason(t, err, "INVALID_CREDENTIALS")
	}
	_, err := e.client.SignIn(ctx, signInReq("lock@example.jp", password))
	wantReason(t, err, "INVALID_CREDENTIALS") // locked: same answer as a wrong password
	locks, _ := outboxEvents(e, func() *identityv1.AccountLocked { return &identityv1.AccountLocked{} })
	if len(locks) != 1 || locks[0].GetEmail() != "lock@example.jp" || locks[0].GetPasswordDisabled() {
		t.Fatalf("AccountLocked events = %v", locks)
	}
	lockedAt := e.clk.Now()
	if got := locks[0].GetLockedUntil().AsTime(); !got.Equal(lockedAt.Add(30 * time.Minute)) {
		t.Fatalf("locked until %v, want +30m", got)
	}
	e.clk.Set(lockedAt.Add(29*time.Minute + 59*time.Second))
	_, err = e.client.SignIn(ctx, signInReq("lock@example.jp", password))
	wantReason(t, err, "INVALID_CREDENTIALS")
	e.clk.Set(lockedAt.Add(30 * time.Minute))
	if _, err := e.client.SignIn(ctx, signInReq("lock@example.jp", password)); err != nil {
		t.Fatalf("at 30:00 the lock must be lifted: %v", err)
	}
	t.Logf("METRIC lock_threshold=5 unlock_minutes=30")
}

// TestLogin_ParallelWrongPasswordsLockAfterExactly5 [LOGIN-1]: the failure is counted
// before the hash comparison, so 50 parallel wrong passwords get exactly 5 comparisons.
func TestLogin_ParallelWrongPasswordsLockAfterExactly5(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("race@example.jp", "1301")
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := e.client.SignIn(context.Background(), signInReq("race@example.jp", "Wrong#pass1"))
			if reason(err) != "INVALID_CREDENTIALS" {
				t.Errorf("got %v", err)
			}
		}()
	}
	wg.Wait()
	var audited int
	if err := e.pool.QueryRow(context.Background(),
		`SELECT count(*) FROM audit_trail WHERE action = 'session.sign_in' AND detail->>'cause' = 'wrong_password'`).Scan(&audited); err != nil {
		t.Fatal(err)
	}
	var consecutive int
	_ = e.pool.QueryRow(context.Background(), `SELECT consecutive_failures FROM accounts WHERE email_key = 'race@example.jp'`).Scan(&consecutive)
	t.Logf("METRIC parallel_wrong_passwords=50 hash_comparisons=%d", audited)
	if audited != 5 || consecutive != 5 {
		t.Fatalf("comparisons = %d, consecutive = %d; want exactly 5", audited, consecutive)
	}
	_, err := e.client.SignIn(context.Background(), signInReq("race@example.jp", password))
	wantReason(t, err, "INVALID_CREDENTIALS")
}

// TestLogin_ConsecutiveFailureCap [D5]: lock expiries do not reset the consecutive
// counter; after 100 failures the password is disabled until RESET-1.
func TestLogin_ConsecutiveFailureCap(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("cap@example.jp", "1301")
	ctx := context.Background()
	guesses := 0
	for window := 0; window < 25; window++ {
		for i := 0; i < 5; i++ {
			if _, err := e.client.SignIn(ctx, signInReq("cap@example.jp", "Wrong#pass1")); reason(err) != "INVALID_CREDENTIALS" {
				t.Fatal(err)
			}
		}
		e.clk.Advance(30 * time.Minute)
	}
	if err := e.pool.QueryRow(ctx, `SELECT count(*) FROM audit_trail WHERE action = 'session.sign_in' AND detail->>'cause' = 'wrong_password'`).Scan(&guesses); err != nil {
		t.Fatal(err)
	}
	t.Logf("METRIC guesses_before_disable=%d", guesses)
	if guesses != 100 {
		t.Fatalf("guesses compared = %d, want 100", guesses)
	}
	e.clk.Advance(24 * time.Hour)
	_, err := e.client.SignIn(ctx, signInReq("cap@example.jp", password))
	wantReason(t, err, "INVALID_CREDENTIALS") // disabled, whatever the time
	locks, _ := outboxEvents(e, func() *identityv1.AccountLocked { return &identityv1.AccountLocked{} })
	if len(locks) == 0 || !locks[len(locks)-1].GetPasswordDisabled() {
		t.Fatal("the owner must be told the password is disabled")
	}
	// RESET-1 re-enables it.
	if _, err := e.client.RequestPasswordReset(ctx, &identityv1.RequestPasswordResetRequest{Email: "cap@example.jp"}); err != nil {
		t.Fatal(err)
	}
	key := e.authKey("cap@example.jp", identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_PASSWORD_RESET)
	const newPW = "Osaka#2027pw"
	remember(newPW)
	if _, err := e.client.CompletePasswordReset(ctx, &identityv1.CompletePasswordResetRequest{Email: "cap@example.jp",
		AuthKey: key, Password: newPW, PasswordConfirmation: newPW}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.SignIn(ctx, signInReq("cap@example.jp", newPW)); err != nil {
		t.Fatalf("after RESET-1 sign-in must work: %v", err)
	}
}

// TestOTP_SingleUse_Bound_Expiry [LOGIN-2; D2]: reuse, another attempt's code, after
// expiry (29:59 ok, 30:00 not), and an old code after a new one are all rejected.
func TestOTP_SingleUse_Bound_Expiry(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("otp@example.jp", "1301")
	ctx := context.Background()
	first, err := e.client.SignIn(ctx, signInReq("otp@example.jp", password))
	if err != nil {
		t.Fatal(err)
	}
	code1 := e.otp(first.GetLoginAttemptId())
	verify := func(attempt, code string) error {
		_, err := e.client.VerifyOneTimePassword(ctx, &identityv1.VerifyOneTimePasswordRequest{LoginAttemptId: attempt, OneTimePassword: code})
		return err
	}
	// A new sign-in voids the old attempt and its code.
	second, err := e.client.SignIn(ctx, signInReq("otp@example.jp", password))
	if err != nil {
		t.Fatal(err)
	}
	code2 := e.otp(second.GetLoginAttemptId())
	wantReason(t, verify(first.GetLoginAttemptId(), code1), "LOGIN_ATTEMPT_ENDED")
	// Bound to its attempt: code1 does not work for attempt 2 (unless equal by chance).
	if code1 != code2 {
		wantReason(t, verify(second.GetLoginAttemptId(), code1), "ONE_TIME_PASSWORD_INVALID")
	}
	// 29:59 accepted, and single use.
	e.clk.Advance(29*time.Minute + 59*time.Second)
	if err := verify(second.GetLoginAttemptId(), code2); err != nil {
		t.Fatalf("at 29:59: %v", err)
	}
	wantReason(t, verify(second.GetLoginAttemptId(), code2), "LOGIN_ATTEMPT_ENDED")
	// 30:00 rejected.
	third, _ := e.client.SignIn(ctx, signInReq("otp@example.jp", password))
	code3 := e.otp(third.GetLoginAttemptId())
	e.clk.Advance(30 * time.Minute)
	wantReason(t, verify(third.GetLoginAttemptId(), code3), "LOGIN_ATTEMPT_ENDED")
	// A resent code voids the previous one.
	fourth, _ := e.client.SignIn(ctx, signInReq("otp@example.jp", password))
	old := e.otp(fourth.GetLoginAttemptId())
	e.clk.Advance(time.Minute)
	if _, err := e.client.ResendOneTimePassword(ctx, &identityv1.ResendOneTimePasswordRequest{LoginAttemptId: fourth.GetLoginAttemptId()}); err != nil {
		t.Fatal(err)
	}
	fresh := e.otp(fourth.GetLoginAttemptId())
	if old != fresh {
		wantReason(t, verify(fourth.GetLoginAttemptId(), old), "ONE_TIME_PASSWORD_INVALID")
	}
	if err := verify(fourth.GetLoginAttemptId(), fresh); err != nil {
		t.Fatal(err)
	}
}

// TestOTP_ConfigurableTTL [D2]: with OTP_TTL=10m the code dies at 10:00.
func TestOTP_ConfigurableTTL(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.OTPTTL = 10 * time.Minute })
	e.openEstablishment("ten@example.jp", "1301")
	res, _ := e.client.SignIn(context.Background(), signInReq("ten@example.jp", password))
	code := e.otp(res.GetLoginAttemptId())
	e.clk.Advance(10 * time.Minute)
	_, err := e.client.VerifyOneTimePassword(context.Background(), &identityv1.VerifyOneTimePasswordRequest{LoginAttemptId: res.GetLoginAttemptId(), OneTimePassword: code})
	wantReason(t, err, "LOGIN_ATTEMPT_ENDED")
}

// TestOTP_TenWrongInvalidates [LOGIN-2]: after 10 wrong codes the right one is refused
// and the sign-in starts over.
func TestOTP_TenWrongInvalidates(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("ten-wrong@example.jp", "1301")
	ctx := context.Background()
	res, _ := e.client.SignIn(ctx, signInReq("ten-wrong@example.jp", password))
	right := e.otp(res.GetLoginAttemptId())
	wrong := "000000"
	if right == wrong {
		wrong = "111111"
	}
	for i := 1; i <= 10; i++ {
		_, err := e.client.VerifyOneTimePassword(ctx, &identityv1.VerifyOneTimePasswordRequest{LoginAttemptId: res.GetLoginAttemptId(), OneTimePassword: wrong})
		want := "ONE_TIME_PASSWORD_INVALID"
		if i == 10 {
			want = "LOGIN_ATTEMPT_ENDED"
		}
		wantReason(t, err, want)
	}
	_, err := e.client.VerifyOneTimePassword(ctx, &identityv1.VerifyOneTimePasswordRequest{LoginAttemptId: res.GetLoginAttemptId(), OneTimePassword: right})
	wantReason(t, err, "LOGIN_ATTEMPT_ENDED")
	t.Logf("METRIC otp_wrong_allowed=9 invalidated_at=10")
	// Starting over works.
	e.signIn("ten-wrong@example.jp", password)
}

// TestOTP_ParallelCorrect_ExactlyOneSession [LOGIN-2, ASVS 6.5.1]: two (here 8) parallel
// correct submissions open exactly one session.
func TestOTP_ParallelCorrect_ExactlyOneSession(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("twice@example.jp", "1301")
	res, _ := e.client.SignIn(context.Background(), signInReq("twice@example.jp", password))
	code := e.otp(res.GetLoginAttemptId())
	var ok atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := e.client.VerifyOneTimePassword(context.Background(), &identityv1.VerifyOneTimePasswordRequest{
				LoginAttemptId: res.GetLoginAttemptId(), OneTimePassword: code}); err == nil {
				ok.Add(1)
			}
		}()
	}
	wg.Wait()
	var sessions int
	_ = e.pool.QueryRow(context.Background(), `SELECT count(*) FROM sessions`).Scan(&sessions)
	if ok.Load() != 1 || sessions != 1 {
		t.Fatalf("successes = %d, sessions = %d; want 1 and 1", ok.Load(), sessions)
	}
}

// TestOTP_ResendCooldownAndHourlyCap [LOGIN-2].
func TestOTP_ResendCooldownAndHourlyCap(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.OTPHourlyCap = 3 })
	e.openEstablishment("resend@example.jp", "1301")
	ctx := context.Background()
	res, err := e.client.SignIn(ctx, signInReq("resend@example.jp", password))
	if err != nil {
		t.Fatal(err)
	}
	resend := func() error {
		_, err := e.client.ResendOneTimePassword(ctx, &identityv1.ResendOneTimePasswordRequest{LoginAttemptId: res.GetLoginAttemptId()})
		return err
	}
	wantReason(t, resend(), "ONE_TIME_PASSWORD_LIMIT") // cooldown
	e.clk.Advance(time.Minute)
	if err := resend(); err != nil {
		t.Fatal(err)
	}
	e.clk.Advance(time.Minute)
	if err := resend(); err != nil {
		t.Fatal(err)
	}
	e.clk.Advance(time.Minute)
	wantReason(t, resend(), "ONE_TIME_PASSWORD_LIMIT") // 3 per hour
	_, err = e.client.SignIn(ctx, signInReq("resend@example.jp", password))
	wantReason(t, err, "ONE_TIME_PASSWORD_LIMIT")
	e.clk.Advance(time.Hour)
	if _, err := e.client.SignIn(ctx, signInReq("resend@example.jp", password)); err != nil {
		t.Fatalf("after an hour: %v", err)
	}
}

// TestOTP_StorageAndRandomness [ASVS 6.5.2]: the database never holds a one-time
// password, auth key or token in clear (the digit distribution is tested in the
// domain package: TestRandomDigits_Uniform).
func TestOTP_StorageAndRandomness(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("store@example.jp", "1301")
	session := e.signIn("store@example.jp", password)
	res, _ := e.client.SignIn(context.Background(), signInReq("store@example.jp", password))
	code := e.otp(res.GetLoginAttemptId())
	dump := dumpDatabase(t, e)
	for _, s := range []string{code, session, password} {
		if containsSecret(dump, s) {
			t.Fatalf("a secret (%s…) is stored in clear", s[:3])
		}
	}
	t.Logf("METRIC plaintext_hits=0")
}

// TestSession_TokenProperties [ASVS 7.2.3, 7.2.4]: 256-bit random tokens, a new token for
// every session (no fixation: nothing the client sends becomes the token).
func TestSession_TokenProperties(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("tok@example.jp", "1301")
	a := e.signIn("tok@example.jp", password)
	b := e.signIn("tok@example.jp", password)
	if a == b || len(a) < 4+43 {
		t.Fatalf("tokens not fresh or too short: %d chars", len(a))
	}
	t.Logf("METRIC session_token_bits=256")
	// Wrong, truncated or altered tokens are refused.
	for _, bad := range []string{a[:len(a)-1], a + "A", "hws_" + a[5:], "garbage"} {
		_, err := e.client.ExchangeSession(context.Background(), &identityv1.ExchangeSessionRequest{SessionToken: bad})
		wantCode(t, err, codes.Unauthenticated)
	}
	// Idle timeout and absolute expiry.
	e.clk.Advance(61 * time.Minute)
	_, err := e.client.ExchangeSession(context.Background(), &identityv1.ExchangeSessionRequest{SessionToken: a})
	wantReason(t, err, "SESSION_INVALID")
}

// TestOTPSkip_DeviceToken [LOGIN-3, D4]: the skip works on that device only, through day
// 90, not at +90 days; revoked by the settings and by a password reset.
func TestOTPSkip_DeviceToken(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("dev@example.jp", "1301")
	e.openEstablishment("other@example.jp", "1301")
	ctx := context.Background()
	remember2 := func(email string) string {
		res, err := e.client.SignIn(ctx, signInReq(email, password))
		if err != nil {
			t.Fatal(err)
		}
		v, err := e.client.VerifyOneTimePassword(ctx, &identityv1.VerifyOneTimePasswordRequest{LoginAttemptId: res.GetLoginAttemptId(),
			OneTimePassword: e.otp(res.GetLoginAttemptId()), RememberDevice: true, UserAgent: "Firefox"})
		if err != nil {
			t.Fatal(err)
		}
		remember(v.GetDeviceToken())
		return v.GetDeviceToken()
	}
	dev := remember2("dev@example.jp")
	skip := func(email, token string) bool {
		res, err := e.client.SignIn(ctx, &identityv1.SignInRequest{Email: email, Password: password, DeviceToken: token})
		if err != nil {
			t.Fatal(err)
		}
		return res.GetSession() != nil && !res.GetOneTimePasswordRequired()
	}
	if !skip("dev@example.jp", dev) {
		t.Fatal("trusted device must skip the OTP")
	}
	if skip("dev@example.jp", "") {
		t.Fatal("another browser (no token) must get the OTP")
	}
	if skip("other@example.jp", dev) {
		t.Fatal("the token of another account must not skip")
	}
	issued := start
	e.clk.Set(issued.Add(90*24*time.Hour - time.Second)) // last second of day 90
	if !skip("dev@example.jp", dev) {
		t.Fatal("skip must hold through day 90")
	}
	e.clk.Set(issued.Add(90 * 24 * time.Hour)) // day 91
	if skip("dev@example.jp", dev) {
		t.Fatal("skip must end after 90 days")
	}
	// Revocable from the settings.
	dev2 := remember2("dev@example.jp")
	session := e.signIn("dev@example.jp", password)
	actx := e.access(session)
	list, err := e.client.ListTrustedDevices(actx, &identityv1.ListTrustedDevicesRequest{})
	if err != nil || len(list.GetDevices()) != 1 {
		t.Fatalf("devices %v %v", list, err)
	}
	if _, err := e.client.RevokeTrustedDevice(actx, &identityv1.RevokeTrustedDeviceRequest{DeviceId: list.GetDevices()[0].GetDeviceId()}); err != nil {
		t.Fatal(err)
	}
	if skip("dev@example.jp", dev2) {
		t.Fatal("revoked device must not skip")
	}
	// Revoked by RESET-1.
	dev3 := remember2("dev@example.jp")
	resetPassword(t, e, "dev@example.jp", password)
	if skip("dev@example.jp", dev3) {
		t.Fatal("RESET-1 must revoke the skip")
	}
}

func resetPassword(t *testing.T, e *env, email, pw string) {
	t.Helper()
	ctx := context.Background()
	if _, err := e.client.RequestPasswordReset(ctx, &identityv1.RequestPasswordResetRequest{Email: email}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.CompletePasswordReset(ctx, &identityv1.CompletePasswordResetRequest{Email: email,
		AuthKey: e.authKey(email, identityv1.AuthKeyPurpose_AUTH_KEY_PURPOSE_PASSWORD_RESET), Password: pw, PasswordConfirmation: pw}); err != nil {
		t.Fatal(err)
	}
}

// TestVisitorTerminal_NotClientClaimable [LOGIN-4, D4]: only a credential the server
// issued, used from its office's networks, skips the OTP; headers, made-up or revoked
// credentials never do, and neither does the issued one from outside the office (the
// client IP is what identity derives, not a claim).
func TestVisitorTerminal_NotClientClaimable(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("visitor@example.jp", "1301")
	staff := e.staff("staff@mhlw.example.jp", "1301")
	reg, err := e.client.RegisterVisitorTerminal(staff, &identityv1.RegisterVisitorTerminalRequest{DisplayName: "窓口端末 1"})
	if err != nil {
		t.Fatal(err)
	}
	cred := reg.GetTerminalCredential()
	remember(cred)
	claimed := metadata.AppendToOutgoingContext(fromIP(context.Background(), ipOffice1301), "x-visitor-terminal", "true", "x-terminal", "1")
	cases := []struct {
		name string
		ctx  context.Context
		cred string
		skip bool
	}{
		{"header claim only", claimed, "", false},
		{"made-up credential", claimed, "hwt_" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", false},
		{"malformed credential", context.Background(), "terminal", false},
		{"issued credential from the Internet", fromIP(context.Background(), ipInternet), cred, false},
		{"issued credential from the Internet, claiming a terminal", metadata.AppendToOutgoingContext(fromIP(context.Background(), ipInternet),
			"x-visitor-terminal", "true", "x-office-code", "1301"), cred, false},
		{"issued credential from its office", fromIP(context.Background(), ipOffice1301), cred, true},
	}
	for _, tc := range cases {
		res, err := e.client.SignIn(tc.ctx, &identityv1.SignInRequest{Email: "visitor@example.jp", Password: password, TerminalCredential: tc.cred})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := res.GetSession() != nil; got != tc.skip {
			t.Fatalf("%s: OTP skipped = %v, want %v", tc.name, got, tc.skip)
		}
	}
	if _, err := e.client.RevokeVisitorTerminal(staff, &identityv1.RevokeVisitorTerminalRequest{TerminalId: reg.GetTerminal().GetTerminalId()}); err != nil {
		t.Fatal(err)
	}
	res, _ := e.client.SignIn(context.Background(), &identityv1.SignInRequest{Email: "visitor@example.jp", Password: password, TerminalCredential: cred})
	if res.GetSession() != nil {
		t.Fatal("a revoked terminal must not skip the OTP")
	}
	// The wrong password is refused even on a terminal.
	_, err = e.client.SignIn(context.Background(), &identityv1.SignInRequest{Email: "visitor@example.jp", Password: "Wrong#pass1", TerminalCredential: cred})
	wantReason(t, err, "INVALID_CREDENTIALS")
}
