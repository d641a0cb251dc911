package concspec

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain keeps a process-wide leak check as the final net behind the per-scenario one.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// TestFeatures runs the corpus as configured by the environment (see optionsFromEnv); `make
// verify` sets the seed, tags and reports directory, and `make mutate` runs it once per mutant
// named in CONCSPEC_MUTANT.
func TestFeatures(t *testing.T) {
	opts, mutant, err := optionsFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	run(t, opts, mutant)
}
