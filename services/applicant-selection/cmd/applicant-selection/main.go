// Command applicant-selection serves applicants, referral letters, selection results, reminders and messages (APP-1 to APP-4, MSG-1) and the seeker portal integration API.
package main

import (
	"fmt"
	"os"

	"github.com/hellowork-jp/hellowork/libs/config"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/service"
)

func main() {
	cfg, err := config.Load[service.Config]()
	if err != nil {
		fmt.Fprintf(os.Stderr, "applicant-selection: %v\n", err)
		os.Exit(2)
	}
	spec, err := service.Spec(cfg, service.Options{})
	if err != nil {
		fmt.Fprintf(os.Stderr, "applicant-selection: %v\n", err)
		os.Exit(2)
	}
	runner.Main(spec) // signals, "migrate" sub-command, graceful shutdown
}
