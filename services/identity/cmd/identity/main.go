// Command identity runs the identity service. Subcommands: "migrate" applies the
// migrations and exits; "bootstrap-staff" creates the first staff account of an office
// (flags -office, -email; the password from IDENTITY_BOOTSTRAP_PASSWORD so it never
// appears in the process list or shell history).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/hellowork-jp/hellowork/libs/config"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/services/identity/internal/adapters/postgres"
	"github.com/hellowork-jp/hellowork/services/identity/internal/service"
	"github.com/hellowork-jp/hellowork/services/identity/migrations"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(os.Args) > 1 && os.Getenv("GRPC_ADDR") == "" {
		// Subcommands (migrate, bootstrap-staff) serve nothing.
		_ = os.Setenv("GRPC_ADDR", "127.0.0.1:0")
	}
	cfg, err := config.Load[service.Config]()
	if err != nil {
		fmt.Fprintln(os.Stderr, "identity:", err)
		os.Exit(2)
	}
	switch {
	case len(os.Args) > 1 && os.Args[1] == "migrate":
		err = runner.Migrate(ctx, runner.Spec{Name: service.Name, Schema: postgres.Schema, Migrations: migrations.FS, Common: cfg.Common})
	case len(os.Args) > 1 && os.Args[1] == "bootstrap-staff":
		fs := flag.NewFlagSet("bootstrap-staff", flag.ExitOnError)
		office := fs.String("office", os.Getenv("IDENTITY_BOOTSTRAP_OFFICE"), "4-digit office code")
		email := fs.String("email", os.Getenv("IDENTITY_BOOTSTRAP_EMAIL"), "staff login e-mail")
		_ = fs.Parse(os.Args[2:])
		err = service.BootstrapStaff(ctx, cfg, *office, *email, os.Getenv("IDENTITY_BOOTSTRAP_PASSWORD"))
	default:
		err = service.Run(ctx, cfg)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "identity:", err)
		os.Exit(1)
	}
}
