package service

import (
	"context"
	"errors"
	"fmt"
	"os"

	"go.uber.org/zap"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/libs/pgkit"
	"github.com/hellowork-jp/hellowork/services/identity/internal/adapters/postgres"
	"github.com/hellowork-jp/hellowork/services/identity/migrations"
)

// BootstrapStaff creates a staff account of office (the first one of a deployment).
// The password must satisfy PW-1; it is read from the environment, never a flag.
func BootstrapStaff(ctx context.Context, cfg Config, office, email, password string) error {
	if office == "" || email == "" || password == "" {
		return errors.New("bootstrap-staff needs -office, -email and IDENTITY_BOOTSTRAP_PASSWORD")
	}
	pool, err := pgkit.Open(ctx, cfg.DatabaseURL, postgres.Schema)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := outbox.Migrate(ctx, pool, postgres.Schema); err != nil {
		return err
	}
	if err := pgkit.Migrate(ctx, pool, postgres.Schema, migrations.FS); err != nil {
		return err
	}
	c, _, err := New(cfg, pool, clock.Real{}, zap.NewNop(), Others{})
	if err != nil {
		return err
	}
	acc, err := c.App.BootstrapStaff(ctx, office, email, password)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stdout, "staff account %s created for office %s\n", acc.ID, office)
	return nil
}
