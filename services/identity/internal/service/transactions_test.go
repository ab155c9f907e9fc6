package service

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hellowork-jp/hellowork/services/identity/internal/adapters/postgres"
	"github.com/hellowork-jp/hellowork/services/identity/internal/app"
)

// txCounter is a pgx tracer counting transactions (an explicit BEGIN, or a statement
// outside one, which PostgreSQL runs as a transaction of its own) and statements.
type txCounter struct {
	mu           sync.Mutex
	inTx         map[*pgx.Conn]bool
	transactions int
	statements   int
}

func (c *txCounter) TraceQueryStart(ctx context.Context, conn *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	c.mu.Lock()
	defer c.mu.Unlock()
	sql := strings.ToLower(strings.TrimSpace(data.SQL))
	switch {
	case strings.HasPrefix(sql, "begin"):
		c.transactions++
		c.inTx[conn] = true
	case sql == "commit" || sql == "rollback":
		c.inTx[conn] = false
	default:
		c.statements++
		if !c.inTx[conn] {
			c.transactions++
		}
	}
	return ctx
}

func (c *txCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (c *txCounter) reset() (transactions, statements int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	transactions, statements = c.transactions, c.statements
	c.transactions, c.statements = 0, 0
	return transactions, statements
}

// TestSignIn_AtMostThreeTransactions: a complete sign-in (password step, then the
// one-time-password step) costs at most three PostgreSQL transactions: the rate-limit
// hit and the LOGIN-1 reservation, then (after the hash) the right password with the
// one-time password mailed, then the rate-limit hit with the OTP check and the session.
// The same holds for a wrong password (reservation, then the audited failure). Each
// transaction is a commit and a round trip or more; they are most of a sign-in's cost
// besides the argon2id hash.
func TestSignIn_AtMostThreeTransactions(t *testing.T) {
	e := newEnv(t)
	e.openEstablishment("tx@example.jp", "1301")
	counter := &txCounter{inTx: map[*pgx.Conn]bool{}}
	cfg, err := pgxpool.ParseConfig(e.url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = postgres.Schema
	cfg.ConnConfig.RuntimeParams["timezone"] = "UTC"
	cfg.ConnConfig.Tracer = counter
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	c, err := wire(e.cfg, pool, e.comp.Keys, e.clk, e.log, Options{Codes: e.codes, SelfApps: e.selfApps})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	m := app.Meta{IP: "203.0.113.7", UserAgent: "Firefox"}
	for i := range 3 { // the first round also warms the pool and the statement cache
		counter.reset()
		res, err := c.App.SignIn(ctx, app.SignIn{Meta: m, Email: "tx@example.jp", Password: password})
		if err != nil {
			t.Fatal(err)
		}
		pwTx, pwStmts := counter.reset()
		if _, err := c.App.VerifyOneTimePassword(ctx, app.VerifyOneTimePassword{Meta: m, AttemptID: res.AttemptID,
			OTP: e.otp(res.AttemptID)}); err != nil {
			t.Fatal(err)
		}
		otpTx, otpStmts := counter.reset()
		t.Logf("METRIC round=%d signin_transactions=%d (password %d + otp %d) statements=%d (%d + %d)",
			i, pwTx+otpTx, pwTx, otpTx, pwStmts+otpStmts, pwStmts, otpStmts)
		if pwTx+otpTx > 3 || pwTx > 2 || otpTx > 1 {
			t.Fatalf("a complete sign-in used %d transactions (password step %d, OTP step %d); at most 3 (2 + 1)", pwTx+otpTx, pwTx, otpTx)
		}
	}
	counter.reset()
	if _, err := c.App.SignIn(ctx, app.SignIn{Meta: m, Email: "tx@example.jp", Password: "Wrong#pass1"}); err == nil {
		t.Fatal("wrong password accepted")
	}
	if n, _ := counter.reset(); n > 2 {
		t.Fatalf("a wrong password used %d transactions; at most 2", n)
	}
	if _, err := c.App.SignIn(ctx, app.SignIn{Meta: m, Email: "nobody@example.jp", Password: password}); err == nil {
		t.Fatal("unknown account accepted")
	}
	if n, _ := counter.reset(); n > 2 {
		t.Fatalf("an unknown account used %d transactions; at most 2", n)
	}
}
