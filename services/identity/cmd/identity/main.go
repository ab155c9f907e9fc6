// Command identity runs the identity service. Subcommands: "migrate" applies the
// migrations and exits (libs/runner); "bootstrap-staff -office 1301 -email x" creates
// the first staff account of an office, the password taken from
// IDENTITY_BOOTSTRAP_PASSWORD; "staff disable -login-id x" disables a staff account and
// revokes its sessions, devices and the visitor terminals it enrolled.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/hellowork-jp/hellowork/libs/config"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/services/identity/internal/service"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "bootstrap-staff" {
		if err := service.BootstrapStaffCommand(context.Background(), os.Args[2:]); err != nil {
			fmt.Fprintf(os.Stderr, "identity: %v\n", err)
			os.Exit(1)
		}
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "staff" {
		if err := service.StaffCommand(context.Background(), os.Args[2:], os.Stdout); err != nil {
			fmt.Fprintf(os.Stderr, "identity: %v\n", err)
			os.Exit(1)
		}
		return
	}
	cfg, err := config.Load[service.Config]()
	if err != nil {
		fmt.Fprintf(os.Stderr, "identity: %v\n", err)
		os.Exit(2)
	}
	spec, err := service.Spec(cfg, service.Options{})
	if err != nil {
		fmt.Fprintf(os.Stderr, "identity: %v\n", err)
		os.Exit(2)
	}
	runner.Main(spec) // signals, "migrate" sub-command, graceful shutdown
}
