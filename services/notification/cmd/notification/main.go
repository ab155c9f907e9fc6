// Command notification turns the MyPage's events into mails and serves the delivery log.
package main

import (
	"fmt"
	"os"

	"github.com/hellowork-jp/hellowork/libs/config"
	"github.com/hellowork-jp/hellowork/libs/runner"
	"github.com/hellowork-jp/hellowork/services/notification/internal/service"
)

func main() {
	cfg, err := config.Load[service.Config]()
	if err != nil {
		fmt.Fprintf(os.Stderr, "notification: %v\n", err)
		os.Exit(2)
	}
	spec, err := service.Spec(cfg, service.Options{})
	if err != nil {
		fmt.Fprintf(os.Stderr, "notification: %v\n", err)
		os.Exit(2)
	}
	runner.Main(spec) // signals, "migrate" sub-command, graceful shutdown
}
