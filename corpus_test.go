package concspec_test

import (
	"testing"

	"github.com/concspec/concspec"
	"github.com/concspec/concspec/harness"
	"go.uber.org/goleak"
)

// TestMain keeps a process-wide leak check as the final net behind the per-scenario one.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// TestFeatures runs the corpus as configured by the environment (see harness.ConfigFromEnv);
// `make verify` sets the seed, tags and reports directory.
func TestFeatures(t *testing.T) {
	cfg, err := harness.ConfigFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	concspec.Run(t, cfg)
}
