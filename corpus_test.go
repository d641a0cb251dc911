package concspec_test

import (
	"os"
	"testing"

	"github.com/concspec/concspec"
	"github.com/concspec/concspec/internal/catalog"
	"go.uber.org/goleak"
)

// TestMain keeps a process-wide leak check as the final net behind the per-scenario one.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// TestFeatures runs the corpus as configured by the environment (see concspec.OptionsFromEnv);
// `make verify` sets the seed, tags and reports directory, and `make mutate` runs it once per
// mutant named in CONCSPEC_MUTANT.
func TestFeatures(t *testing.T) {
	opts, err := concspec.OptionsFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if name := os.Getenv(catalog.EnvMutant); name != "" {
		if err := catalog.Apply(name); err != nil {
			t.Fatal(err)
		}
		t.Logf("running the corpus with the mutant %q in place of its reference", name)
	}
	concspec.Run(t, opts)
}
