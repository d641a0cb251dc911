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

const reentrancyChildEnv = "CONCSPEC_REENTRANCY_CHILD"

// TestTwoRunsChild is the child side of TestTwoRunsInOneProcessDoNotSeeEachOther: two runs at
// once, each with its own task group called "ours" — a correct one in one run, one whose Wait
// does not wait in the other.
func TestTwoRunsChild(t *testing.T) {
	if os.Getenv(reentrancyChildEnv) == "" {
		t.Skip("runs only as the child process of TestTwoRunsInOneProcessDoNotSeeEachOther")
	}
	correct := concspec.TaskGroup("ours", func(ctx context.Context, _ int) concspec.Group { return group.WithContext(ctx) })
	broken := concspec.TaskGroup("ours", func(ctx context.Context, _ int) concspec.Group { return group.EarlyWithContext(ctx) })
	for name, impl := range map[string]concspec.Implementation{"correct": correct, "broken": broken} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			concspec.Run(t, concspec.Options{
				Corpus: []string{"task_groups.feature"}, Tags: "@contract", Implementations: []concspec.Implementation{impl},
			})
		})
	}
}

// Two runs in one process each build their own catalogue: the same name plugged into both
// means a different group in each, and neither run sees the other's.
func TestTwoRunsInOneProcessDoNotSeeEachOther(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestTwoRunsChild$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), reentrancyChildEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the run holding the broken group should have failed:\n%s", out)
	}
	for _, want := range []string{
		"--- PASS: TestTwoRunsChild/correct/ours:_Wait_returns_only_after_every_task_has_returned",
		"--- FAIL: TestTwoRunsChild/broken/ours:_Wait_returns_only_after_every_task_has_returned",
		"--- PASS: TestTwoRunsChild/broken/reference:_Wait_returns_only_after_every_task_has_returned",
		"--- PASS: TestTwoRunsChild/correct",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the child's output does not say %q:\n%s", want, out)
		}
	}
}
