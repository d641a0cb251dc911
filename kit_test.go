package concspec_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/concspec/concspec"
	"github.com/concspec/concspec/patterns/group"
)

const kitChildEnv = "CONCSPEC_KIT_CHILD"

// TestKitChild is the child side of TestAnUndeclaredCapabilityIsSkippedNotPassed: the
// reference group, plugged in from outside as "outsider" without RecoversPanics.
func TestKitChild(t *testing.T) {
	if os.Getenv(kitChildEnv) == "" {
		t.Skip("runs only as the child process of TestAnUndeclaredCapabilityIsSkippedNotPassed")
	}
	outsider := concspec.TaskGroup("outsider", func(ctx context.Context, limit int) concspec.Group {
		g := group.WithContext(ctx)
		if limit > 0 {
			g.SetLimit(limit)
		}
		return g
	}, concspec.CancelsOnError, concspec.ReportsCause, concspec.CancelsOnWait, concspec.FirstErrorOnly)
	concspec.Run(t, concspec.Options{Corpus: []string{"group_panics.feature", "task_groups.feature"}, Tags: "@contract", Implementations: []concspec.Implementation{outsider}})
}

// An implementation from outside runs its contract rows under its own name, and a scenario
// that needs a capability it does not declare is skipped — said, listed, counted, and its
// subtest skipped — never passed.
func TestAnUndeclaredCapabilityIsSkippedNotPassed(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestKitChild$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), kitChildEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the child run failed: %v\n%s", err, out)
	}
	for _, want := range []string{
		"• outsider: the panic becomes the error Wait returns",
		"    skipped: outsider does not declare recovers-panics, which this scenario needs",
		"concspec: 1 scenarios skipped, not passed",
		"0 failed, 1 skipped\n",
		"--- SKIP: TestKitChild/outsider:_the_panic_becomes_the_error_Wait_returns",
		"--- PASS: TestKitChild/outsider:_when_one_task_fails,_all_4_siblings_observe_cancellation",
		"--- PASS: TestKitChild/reference:_the_panic_becomes_the_error_Wait_returns",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the child's output does not say %q:\n%s", want, out)
		}
	}
}

// Plan refuses what Run refuses: a name two implementations share, or a name the catalogue has.
func TestPlanRefusesANameTakenTwice(t *testing.T) {
	start := func(ctx context.Context, _ int) concspec.Group { return group.WithContext(ctx) }
	for _, impls := range [][]concspec.Implementation{
		{concspec.TaskGroup("ours", start), concspec.TaskGroup("ours", start)},
		{concspec.TaskGroup("reference", start)},
	} {
		if _, err := concspec.Plan(concspec.Options{Implementations: impls}); err == nil || !strings.Contains(err.Error(), "already has a task group called") {
			t.Errorf("Plan accepted a name taken twice: %v", err)
		}
	}
}
