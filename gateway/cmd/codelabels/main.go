// Command codelabels writes the web's table of the job-posting code lists with their
// Japanese labels from the compiled proto descriptors (see gateway/internal/codelabels).
// Run by `make generate`: go -C gateway run ./cmd/codelabels web/src/api/codeLabels.ts
package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/hellowork-jp/hellowork/gateway/internal/codelabels"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: codelabels path/to/codeLabels.ts")
		os.Exit(2)
	}
	out, err := codelabels.Render(codelabels.File)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// Unchanged content is not rewritten, so make generate leaves the tree alone.
	if old, err := os.ReadFile(os.Args[1]); err == nil && bytes.Equal(old, out) {
		return
	}
	if err := os.WriteFile(os.Args[1], out, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
