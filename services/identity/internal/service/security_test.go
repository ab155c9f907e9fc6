package service

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
	"google.golang.org/protobuf/proto"

	"github.com/hellowork-jp/hellowork/libs/authn"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	"github.com/hellowork-jp/hellowork/services/identity/internal/adapters/secrets"
)

// TestAuth_NoUserEnumeration [RESET-1, OPEN-1, ACC-4, LOGIN-1; ASVS 6.3.8; WSTG-IDNT-04]:
// sign-in, reset, registration and restore answer a known and an unknown e-mail
// identically (status, reason, body) over 200 interleaved pairs each, and take as long:
// the median of the pairs' differences within 5 ms, or no significant difference
// (Wilcoxon signed-rank, p > 0.01). Pairing matters: the two calls of a pair run
// back to back, so load from other tests running beside this one (make test runs
// packages in parallel) slows both alike instead of whichever side it happens to hit. The
// password hash is made expensive enough (≈10 ms) that skipping it for unknown
// addresses (no dummy hash) would show.
func TestAuth_NoUserEnumeration(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Argon2MemoryKiB = 8192 }) // hashing must dominate the timing
	e.openEstablishment("known@example.jp", "1301")
	e.openEstablishment("withdrawn@example.jp", "1302")
	ctx := context.Background()
	w := e.access(e.signIn("withdrawn@example.jp", password))
	if _, err := e.client.Withdraw(w, &identityv1.WithdrawRequest{CurrentPassword: password}); err != nil {
		t.Fatal(err)
	}
	type call func(email string) (proto.Message, error)
	cases := []struct {
		name, known string
		call        call
		timed       bool
	}{
		{"sign-in", "known@example.jp", func(m string) (proto.Message, error) {
			return e.client.SignIn(ctx, signInReq(m, "Wrong#pass1"))
		}, true},
		{"reset", "known@example.jp", func(m string) (proto.Message, error) {
			return e.client.RequestPasswordReset(ctx, &identityv1.RequestPasswordResetRequest{Email: m})
		}, true},
		{"registration", "known@example.jp", func(m string) (proto.Message, error) {
			return e.client.StartRegistration(ctx, &identityv1.StartRegistrationRequest{Email: m, EmailConfirmation: m, AgreedToPrivacyPolicy: true, AgreedToTerms: true})
		}, true},
		{"restore", "withdrawn@example.jp", func(m string) (proto.Message, error) {
			return e.client.RequestRestore(ctx, &identityv1.RequestRestoreRequest{Email: m, Password: "Wrong#pass1"})
		}, true},
		{"password-registration", "known@example.jp", func(m string) (proto.Message, error) {
			return e.client.RequestPasswordRegistration(ctx, &identityv1.RequestPasswordRegistrationRequest{Email: m, EmailConfirmation: m, AgreedToTerms: true})
		}, true},
	}
	const pairs = 200
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := pairs
			if !tc.timed {
				n = 5
			}
			var tk, tu []time.Duration
			differ := 0
			for i := 0; i < n; i++ {
				// Random order within the pair, so neither side always runs first (warm
				// caches) and no periodic cost lines up with one side: strict
				// alternation (K U U K K U ...) let a garbage collection every fourth
				// call, each call hashing with 8 MiB, fall on the same side for a whole
				// run under make test.
				order := []string{tc.known, "nobody@example.jp"}
				if rand.IntN(2) == 1 {
					order[0], order[1] = order[1], order[0]
				}
				answers := map[string]string{}
				for _, m := range order {
					t0 := time.Now()
					res, err := tc.call(m)
					d := time.Since(t0)
					answers[m] = answer(res, err)
					if m == tc.known {
						tk = append(tk, d)
					} else {
						tu = append(tu, d)
					}
				}
				if answers[tc.known] != answers["nobody@example.jp"] {
					if differ++; differ == 1 {
						t.Errorf("known and unknown answer differently:\n%s\n%s", answers[tc.known], answers["nobody@example.jp"])
					}
				}
			}
			diffs := make([]time.Duration, len(tk))
			for i := range tk {
				diffs[i] = tk[i] - tu[i]
			}
			delta := median(diffs)
			if delta < 0 {
				delta = -delta
			}
			p := wilcoxonSignedRankP(diffs)
			t.Logf("METRIC enumeration_%s pairs=%d differing_answers=%d median_known_ms=%.2f median_unknown_ms=%.2f median_pair_delta_ms=%.2f wilcoxon_p=%.3g",
				tc.name, n, differ, ms(median(tk)), ms(median(tu)), ms(delta), p)
			if tc.timed && delta >= 5*time.Millisecond && p <= 0.01 {
				t.Errorf("timing tells known from unknown: known-minus-unknown median %v over %d pairs, p = %.3g", delta, n, p)
			}
		})
	}
}

// wilcoxonSignedRankP is the two-sided p-value of the Wilcoxon signed-rank test that
// the paired differences d are centred on zero (normal approximation with tie
// correction, zero differences dropped; fine for 200 pairs).
func wilcoxonSignedRankP(d []time.Duration) float64 {
	var nz []time.Duration
	for _, v := range d {
		if v != 0 {
			nz = append(nz, v)
		}
	}
	abs := func(v time.Duration) time.Duration {
		if v < 0 {
			return -v
		}
		return v
	}
	sort.Slice(nz, func(i, j int) bool { return abs(nz[i]) < abs(nz[j]) })
	n := float64(len(nz))
	if n == 0 {
		return 1
	}
	var wPlus, ties float64
	for i := 0; i < len(nz); {
		j := i
		for j < len(nz) && abs(nz[j]) == abs(nz[i]) {
			j++
		}
		rank := float64(i+j+1) / 2 // average of ranks i+1..j
		for k := i; k < j; k++ {
			if nz[k] > 0 {
				wPlus += rank
			}
		}
		tcount := float64(j - i)
		ties += tcount*tcount*tcount - tcount
		i = j
	}
	mean := n * (n + 1) / 4
	sd := math.Sqrt(n*(n+1)*(2*n+1)/24 - ties/48)
	if sd == 0 {
		return 1
	}
	z := (math.Abs(wPlus-mean) - 0.5) / sd
	if z < 0 {
		z = 0
	}
	return math.Erfc(z / math.Sqrt2)
}

func median(d []time.Duration) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// TestPassword_HashAtRest [ASVS 11.4.2]: two accounts with the same password have
// different argon2id hashes and no plaintext is stored.
func TestPassword_HashAtRest(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Argon2MemoryKiB, c.Argon2Time, c.Argon2AllowWeak = 19456, 2, false })
	e.openEstablishment("same1@example.jp", "1301")
	e.openEstablishment("same2@example.jp", "1302")
	rows, err := e.pool.Query(context.Background(), `SELECT password_hash FROM accounts ORDER BY email`)
	if err != nil {
		t.Fatal(err)
	}
	var hashes []string
	for rows.Next() {
		var h string
		_ = rows.Scan(&h)
		hashes = append(hashes, h)
	}
	if len(hashes) != 2 || hashes[0] == hashes[1] {
		t.Fatalf("hashes not distinct: %v", hashes)
	}
	for _, h := range hashes {
		p, err := secrets.ParsePHC(h)
		if err != nil || !p.AtLeast(secrets.OWASPMinimum) {
			t.Fatalf("hash %q params %+v: %v", h[:30], p, err)
		}
	}
	if containsSecret(dumpDatabase(t, e), password) {
		t.Fatal("plaintext password stored")
	}
	t.Logf("METRIC plaintext_hits=0 distinct_hashes=2 argon2id_m=19456 t=2")
}

// TestPassword_NoTruncationNoTransform [ASVS 6.2.8]: variants of the password fail.
func TestPassword_NoTruncationNoTransform(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("exact@example.jp", "1301")
	accepted := 0
	for _, v := range []string{password + "x", password[:len(password)-1], strings.ToUpper(password), strings.ToLower(password), " " + password} {
		if _, err := e.client.SignIn(context.Background(), signInReq("exact@example.jp", v)); err == nil {
			accepted++
		}
		e.clk.Advance(31 * time.Minute) // never hit the lock here
	}
	t.Logf("METRIC wrong_variants_accepted=%d", accepted)
	if accepted != 0 {
		t.Fatal("a password variant was accepted")
	}
}

// TestRehashOnSignIn: a hash made with older parameters is replaced at the next sign-in.
func TestRehashOnSignIn(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("rehash@example.jp", "1301")
	old, _ := secrets.NewHasher(secrets.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}, 1)
	h, _ := old.Hash(context.Background(), password)
	if _, err := e.pool.Exec(context.Background(), `UPDATE accounts SET password_hash = $1`, h); err != nil {
		t.Fatal(err)
	}
	e.signIn("rehash@example.jp", password)
	var now string
	_ = e.pool.QueryRow(context.Background(), `SELECT password_hash FROM accounts`).Scan(&now)
	if p, _ := secrets.ParsePHC(now); p != e.cfg.Argon2() {
		t.Fatalf("not rehashed: %+v", p)
	}
}

// TestRateLimit_PerIPAndAccount: credential RPCs beyond the per-minute limits are
// refused, per account and per IP, and allowed again in the next window.
func TestRateLimit_PerIPAndAccount(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.RateAcctPerMinute, c.RateIPPerMinute = 3, 5 })
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		_, _ = e.client.RequestPasswordReset(ctx, &identityv1.RequestPasswordResetRequest{Email: "rl@example.jp"})
	}
	_, err := e.client.RequestPasswordReset(ctx, &identityv1.RequestPasswordResetRequest{Email: "rl@example.jp"})
	wantReason(t, err, "RATE_LIMITED")
	_, _ = e.client.RequestPasswordReset(ctx, &identityv1.RequestPasswordResetRequest{Email: "rl2@example.jp"})
	_, err = e.client.RequestPasswordReset(ctx, &identityv1.RequestPasswordResetRequest{Email: "rl3@example.jp"})
	wantReason(t, err, "RATE_LIMITED") // 6th call from this IP
	e.clk.Advance(time.Minute)
	if _, err := e.client.RequestPasswordReset(ctx, &identityv1.RequestPasswordResetRequest{Email: "rl@example.jp"}); err != nil {
		t.Fatalf("next window: %v", err)
	}
}

// TestAccessToken_ClaimsAndJwks: the access token verifies with the published JWK set
// and carries role, establishment and session (docs/contracts.md).
func TestAccessToken_ClaimsAndJwks(t *testing.T) {
	e := newEnv(t)
	est := e.openEstablishment("jwt@example.jp", "1301")
	session := e.signIn("jwt@example.jp", password)
	res, err := e.client.ExchangeSession(context.Background(), &identityv1.ExchangeSessionRequest{SessionToken: session})
	if err != nil {
		t.Fatal(err)
	}
	remember(res.GetAccessToken())
	jwks, err := e.client.GetJwks(context.Background(), &identityv1.GetJwksRequest{})
	if err != nil || len(jwks.GetKeys()) != 1 {
		t.Fatalf("jwks %v %v", jwks, err)
	}
	k := jwks.GetKeys()[0]
	raw, _ := base64.RawURLEncoding.DecodeString(k.GetX())
	v := authn.NewVerifier("hellowork-identity", "hellowork", authn.StaticKeys{k.GetKid(): ed25519.PublicKey(raw)}, e.clk)
	p, err := v.Verify(context.Background(), res.GetAccessToken())
	if err != nil {
		t.Fatal(err)
	}
	if p.Role != authn.RolePrimary || p.EstablishmentID != est.ID || p.SessionID == "" || p.Email != "jwt@example.jp" {
		t.Fatalf("principal %+v", p)
	}
	e.clk.Advance(5*time.Minute + authn.Leeway) // L2: a few seconds of clock skew are tolerated
	if _, err := v.Verify(context.Background(), res.GetAccessToken()); err == nil {
		t.Fatal("access token must expire after 5 minutes (and the leeway)")
	}
}

// TestAuth_EventsLoggedWithoutSecrets [ASVS 16.3.1, 16.2.5]: a zap observer captures
// every log line of a run through registration, sign-in, OTP, reset, key change and
// terminal flows; none contains a password, OTP, auth key or token, and every call is
// logged. (TestMain repeats the scan over the whole package's logs.)
func TestAuth_EventsLoggedWithoutSecrets(t *testing.T) {
	core, logs := observer.New(zap.DebugLevel)
	e2 := newEnvWithLogger(t, zap.New(zapcore.NewTee(core, logCore)))
	e2.signUp("logs@example.jp", password)
	e2.openEstablishment("logs2@example.jp", "1301")
	s := e2.signIn("logs2@example.jp", password)
	e2.access(s)
	_, _ = e2.client.SignIn(context.Background(), signInReq("logs2@example.jp", "Wrong#pass1"))
	resetPassword(t, e2, "logs2@example.jp", "Sendai#2026pw")
	remember("Sendai#2026pw")
	remember("Wrong#pass1")
	if logs.Len() == 0 {
		t.Fatal("nothing was logged")
	}
	hits := leakedSecrets(logs)
	t.Logf("METRIC log_lines=%d secret_hits=%d", logs.Len(), len(hits))
	if len(hits) > 0 {
		t.Fatalf("secrets in logs: %v", hits)
	}
}

// TestWilcoxonSignedRankP: the timing statistic above tells a constant shift from noise.
func TestWilcoxonSignedRankP(t *testing.T) {
	shifted, symmetric := make([]time.Duration, 200), make([]time.Duration, 200)
	for i := range shifted {
		jitter := time.Duration(i%7) * time.Millisecond
		shifted[i] = 10*time.Millisecond + jitter - 3*time.Millisecond
		symmetric[i] = jitter - 3*time.Millisecond
	}
	if p := wilcoxonSignedRankP(shifted); p > 1e-6 {
		t.Errorf("a 10 ms shift in every pair: p = %.3g, want tiny", p)
	}
	if p := wilcoxonSignedRankP(symmetric); p < 0.05 {
		t.Errorf("differences symmetric around zero: p = %.3g, want large", p)
	}
}
