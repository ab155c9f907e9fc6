// Command employer-registration runs the employer-registration service (establishments,
// office review, account creation codes, images). Configuration: environment variables
// of libs/config.Common plus CREATION_CODE_HASH_KEY.
package main

import (
	"fmt"
	"os"

	"github.com/hellowork-jp/hellowork/libs/config"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/services/employer-registration/internal/service"
)

func main() {
	cfg, err := config.Load[service.Config]()
	if err != nil {
		fmt.Fprintf(os.Stderr, "employer-registration: %v\n", err)
		os.Exit(2)
	}
	spec, err := service.Spec(cfg, service.Options{})
	if err != nil {
		fmt.Fprintf(os.Stderr, "employer-registration: %v\n", err)
		os.Exit(2)
	}
	runner.Main(spec) // signals, "migrate" sub-command, graceful shutdown
}
