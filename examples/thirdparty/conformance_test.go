package thirdparty

import (
	"context"
	"os"
	"testing"

	"github.com/concspec/concspec"
)

// contractFeatures are the corpus features that hold the contracts of task groups and counters.
var contractFeatures = []string{
	"task_groups.feature", "group_limits.feature", "group_panics.feature", "cancellation_depth.feature", "counters.feature",
}

// TestOurImplementationsConform holds our task group and counter to concspec's contract
// scenarios, and runs our own scenario with them. Our group recovers no panics and does not
// declare it, so the panic contract is skipped for it, and the run says so.
func TestOurImplementationsConform(t *testing.T) {
	concspec.Run(t, concspec.Options{
		Corpus:   contractFeatures,
		Features: os.DirFS("features"),
		Tags:     "@contract,@ours",
		Implementations: []concspec.Implementation{
			concspec.TaskGroup("ourgroup", func(ctx context.Context, limit int) concspec.Group { return NewTaskGroup(ctx, limit) },
				concspec.CancelsOnError, concspec.ReportsCause, concspec.CancelsOnWait, concspec.FirstErrorOnly, concspec.Bounded, concspec.TryGo),
			concspec.SharedCounter("sharded", func() concspec.Counter { return NewShardedCounter() }),
		},
		ReportsDir: os.Getenv("THIRDPARTY_REPORTS"),
	})
}

// TestLateCancelGroupConformance is what a team sees when its implementation breaks a rule:
// the group claims to cancel on error and does not. It fails on purpose, so it runs only when
// THIRDPARTY_BROKEN=1 (`make example-broken` in concspec, or TestTheBrokenGroupIsCaught below).
func TestLateCancelGroupConformance(t *testing.T) {
	if os.Getenv("THIRDPARTY_BROKEN") != "1" {
		t.Skip("fails on purpose: run with THIRDPARTY_BROKEN=1 to see what a broken implementation looks like")
	}
	concspec.Run(t, concspec.Options{
		Corpus: []string{"task_groups.feature"},
		Tags:   "@contract",
		Implementations: []concspec.Implementation{
			concspec.TaskGroup("latecancel", func(ctx context.Context, limit int) concspec.Group { return NewLateCancelGroup(ctx, limit) },
				concspec.CancelsOnError, concspec.ReportsCause, concspec.FirstErrorOnly),
		},
		HangBound: 20e9,
	})
}
