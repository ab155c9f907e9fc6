// Command job-posting serves the job postings (求人): drafts, the office's review, publication, expiry and the public search.
package main

import (
	"fmt"
	"os"

	"github.com/hellowork-jp/hellowork/libs/config"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/service"
)

func main() {
	cfg, err := config.Load[service.Config]()
	if err != nil {
		fmt.Fprintf(os.Stderr, "job-posting: %v\n", err)
		os.Exit(2)
	}
	spec, err := service.Spec(cfg, service.Options{})
	if err != nil {
		fmt.Fprintf(os.Stderr, "job-posting: %v\n", err)
		os.Exit(2)
	}
	runner.Main(spec) // signals, "migrate" sub-command, graceful shutdown
}
