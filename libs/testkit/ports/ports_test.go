package ports_test

import (
	"testing"

	"github.com/hellowork-jp/hellowork/libs/testkit/ports"
)

func TestFree_NeverRepeatsAPort(t *testing.T) {
	seen := map[int]bool{}
	for range 500 {
		p := ports.Free(t)
		if seen[p] {
			t.Fatalf("port %d handed out twice", p)
		}
		seen[p] = true
	}
}
