// Command apidoc completes the merged OpenAPI document in place (title, version, the
// hand-written image routes, the protovalidate limits; see gateway/internal/apidoc).
// Run by `make generate` after `buf generate`: go -C gateway run ./cmd/apidoc openapi/hellowork.swagger.json
package main

import (
	"fmt"
	"os"

	"github.com/hellowork-jp/hellowork/gateway/internal/apidoc"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: apidoc path/to/hellowork.swagger.json")
		os.Exit(2)
	}
	in, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out, err := apidoc.Complete(in)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile(os.Args[1], out, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
