package service

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"go.uber.org/zap"

	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
)

// BenchmarkSignIn_Overhead measures what a complete sign-in (password step, then the
// one-time-password step, over gRPC against the real runner) costs besides the argon2id
// hash, which runs here with the cheapest parameters. It reports the CPU time of the
// PostgreSQL backends of the test database per sign-in (pg-cpu-ms/op; the outbox relay's
// polling included). Profile it with -cpuprofile to see where identity's own CPU goes;
// make bench-identity measures the whole stack.
func BenchmarkSignIn_Overhead(b *testing.B) {
	e := newEnvWithLogger(b, zap.NewNop(), func(c *Config) { c.Argon2MemoryKiB, c.LogLevel, c.OTPHourlyCap = 8, "warn", 1<<30 })
	e.openEstablishment("bench@example.jp", "1301")
	ctx := context.Background()
	pgBefore := backendCPU(b, e.pool)
	var otpWait time.Duration
	b.ResetTimer()
	for range b.N {
		res, err := e.client.SignIn(ctx, &identityv1.SignInRequest{Email: "bench@example.jp", Password: password})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		t0 := time.Now()
		otp := e.otp(res.GetLoginAttemptId())
		otpWait += time.Since(t0)
		b.StartTimer()
		if _, err := e.client.VerifyOneTimePassword(ctx, &identityv1.VerifyOneTimePasswordRequest{
			LoginAttemptId: res.GetLoginAttemptId(), OneTimePassword: otp}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	pg := backendCPU(b, e.pool) - pgBefore
	b.ReportMetric(float64(pg.Microseconds())/1000/float64(b.N), "pg-cpu-ms/op")
}

// backendCPU is the CPU time (user+system, /proc) of the PostgreSQL backends serving
// the pool's database.
func backendCPU(b testing.TB, pool *pgxpool.Pool) time.Duration {
	rows, err := pool.Query(context.Background(), `SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)
	if err != nil {
		b.Fatal(err)
	}
	pids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		b.Fatal(err)
	}
	var total time.Duration
	for _, pid := range pids {
		raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		s := string(raw)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
		ut, _ := strconv.ParseInt(f[11], 10, 64)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		total += time.Duration(ut+st) * 10 * time.Millisecond
	}
	return total
}
