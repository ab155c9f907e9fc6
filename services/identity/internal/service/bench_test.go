package service

import (
	"context"
	"testing"

	"go.uber.org/zap"

	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
)

// BenchmarkSignIn_Overhead measures what a complete sign-in (password step, then the
// one-time-password step, over gRPC against the real runner) costs besides the argon2id
// hash, which runs here with the cheapest parameters. Profile it with -cpuprofile to see
// where identity's own CPU goes; make bench-identity measures the whole stack.
func BenchmarkSignIn_Overhead(b *testing.B) {
	e := newEnvWithLogger(b, zap.NewNop(), func(c *Config) { c.Argon2MemoryKiB, c.LogLevel, c.OTPHourlyCap = 8, "warn", 1<<30 })
	e.openEstablishment("bench@example.jp", "1301")
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		res, err := e.client.SignIn(ctx, &identityv1.SignInRequest{Email: "bench@example.jp", Password: password})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		otp := e.otp(res.GetLoginAttemptId())
		b.StartTimer()
		if _, err := e.client.VerifyOneTimePassword(ctx, &identityv1.VerifyOneTimePasswordRequest{
			LoginAttemptId: res.GetLoginAttemptId(), OneTimePassword: otp}); err != nil {
			b.Fatal(err)
		}
	}
}
