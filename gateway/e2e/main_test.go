package e2e_test

import (
	"os"
	"testing"

	"github.com/hellowork-jp/hellowork/libs/testkit/pgtest"
)

// TestMain doubles as the entry point of helper processes: with HW_E2E_ROLE set, the
// test binary runs that role instead of the tests (a consumer in another process).
func TestMain(m *testing.M) {
	if role := os.Getenv("HW_E2E_ROLE"); role != "" {
		os.Exit(runRole(role))
	}
	code := m.Run()
	pgtest.DropPackageDatabase()
	os.Exit(code)
}
