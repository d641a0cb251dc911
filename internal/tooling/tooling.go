// Package tooling decides what a test does when a tool outside Go that it needs (the npm
// packages of tools/report, a browser) is missing: plain `go test` skips with the reason and
// how to install it; `make test`, which installs the tools first, sets CONCSPEC_REQUIRE_TOOLS=1
// so that a missing tool fails instead of passing unseen.
package tooling

import (
	"os"
	"testing"
)

// RequireEnv is the environment variable that turns a missing tool into a failure.
const RequireEnv = "CONCSPEC_REQUIRE_TOOLS"

// Missing skips or fails t because what (a tool and how to get it) is not installed.
func Missing(t testing.TB, what string) {
	t.Helper()
	if os.Getenv(RequireEnv) == "1" {
		t.Fatalf("missing %s (%s=1: required)", what, RequireEnv)
	}
	t.Skipf("skipped: missing %s", what)
}
