package service

import (
	"context"
	"errors"
	"flag"
	"fmt"
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

// BootstrapStaffCommand is "identity bootstrap-staff -office 1301 -email x": it creates
// the first staff account of an office. The password comes from
// IDENTITY_BOOTSTRAP_PASSWORD so it never appears in the process list or shell
// history, and must satisfy PW-1. It serves nothing.
func BootstrapStaffCommand(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bootstrap-staff", flag.ExitOnError)
	office := fs.String("office", os.Getenv("IDENTITY_BOOTSTRAP_OFFICE"), "4-digit office code")
	email := fs.String("email", os.Getenv("IDENTITY_BOOTSTRAP_EMAIL"), "staff login e-mail")
	_ = fs.Parse(args)
	password := os.Getenv("IDENTITY_BOOTSTRAP_PASSWORD")
	if *office == "" || *email == "" || password == "" {
		return errors.New("bootstrap-staff needs -office, -email and IDENTITY_BOOTSTRAP_PASSWORD")
	}
	if os.Getenv("GRPC_ADDR") == "" {
		_ = os.Setenv("GRPC_ADDR", "127.0.0.1:0") // required by the configuration, never listened on
	}
	cfg, err := config.Load[Config]()
	if err != nil {
		return err
	}
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
	acc, err := c.App.BootstrapStaff(ctx, app.BootstrapStaff{OfficeCode: *office, Email: *email, Password: password})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stdout, "staff account %s created for office %s\n", acc.ID, *office)
	return nil
}
