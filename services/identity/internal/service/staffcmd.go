package service

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/config"
	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/services/identity/internal/adapters/postgres"
	"github.com/hellowork-jp/hellowork/services/identity/internal/adapters/tokens"
	"github.com/hellowork-jp/hellowork/services/identity/internal/app"
)

// StaffCommand is "identity staff disable -login-id x": an operator disables a staff
// account of any office (issue 9, M4) and revokes its sessions, trusted devices and
// the visitor terminals it enrolled, as DisableStaffAccount does for an office's own
// staff. It serves nothing; the act is audited with the operator as actor.
func StaffCommand(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "disable" {
		return errors.New(`usage: identity staff disable -login-id <staff e-mail>`)
	}
	fs := flag.NewFlagSet("staff disable", flag.ContinueOnError)
	loginID := fs.String("login-id", "", "the staff account's login ID (e-mail)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *loginID == "" {
		return errors.New("staff disable needs -login-id")
	}
	if os.Getenv("GRPC_ADDR") == "" {
		_ = os.Setenv("GRPC_ADDR", "127.0.0.1:0") // required by the configuration, never listened on
	}
	cfg, err := config.Load[Config]()
	if err != nil {
		return err
	}
	return withApp(ctx, cfg, func(a *app.App) error {
		res, err := a.DisableStaffAccount(ctx, app.DisableStaffAccount{Operator: true, LoginID: *loginID})
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "staff account %s (office %s) disabled; sessions and trusted devices revoked, %d visitor terminal(s) it enrolled revoked\n",
			res.AccountID, res.OfficeCode, res.RevokedTerminals)
		return nil
	})
}

// withApp runs fn on the application wired to cfg's database, migrated first, outside
// any server (the operator commands).
func withApp(ctx context.Context, cfg Config, fn func(*app.App) error) error {
	spec, err := Spec(cfg, Options{})
	if err != nil {
		return err
	}
	if err := runner.Migrate(ctx, spec); err != nil {
		return err
	}
	pool, err := pgkit.Open(ctx, cfg.DatabaseURL, postgres.Schema)
	if err != nil {
		return err
	}
	defer pool.Close()
	keys, err := tokens.NewKeyRing(cfg.TokenSigningKey, cfg.TokenPreviousKeys, cfg.TokenIssuer, cfg.TokenAudience, clock.Real{})
	if err != nil {
		return err
	}
	c, err := wire(cfg, pool, keys, clock.Real{}, zap.NewNop(), Options{})
	if err != nil {
		return err
	}
	defer c.close()
	return fn(c.App)
}
