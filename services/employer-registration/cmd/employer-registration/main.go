// Command employer-registration runs the employer-registration service (establishments,
// office review, account creation codes, images). Configuration: environment variables
// of libs/config.Common plus CREATION_CODE_HASH_KEY and CREATION_CODE_VERIFIER.
// The argument "migrate" only applies the migrations and exits.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/hellowork-jp/hellowork/libs/config"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/service"
	"github.com/hellowork-jp/hellowork/services/employer-registration/migrations"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if len(os.Args) > 1 && os.Getenv("GRPC_ADDR") == "" {
		// Subcommands (migrate, bootstrap-staff) serve nothing.
		_ = os.Setenv("GRPC_ADDR", "127.0.0.1:0")
	}
	cfg, err := config.Load[service.Config]()
	if err == nil {
		if len(os.Args) > 1 && os.Args[1] == "migrate" {
			// Applies the migrations and exits (the Kubernetes migration Job).
			err = runner.Migrate(ctx, runner.Spec{Name: service.Name, Schema: service.Schema, Migrations: migrations.FS, Common: cfg.Common})
		} else {
			err = service.Run(ctx, cfg)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "employer-registration:", err)
		os.Exit(1)
	}
}
