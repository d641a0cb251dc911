package preemption

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/work"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
	"github.com/cucumber/godog"
)

// state says whether the in-process tight loop ended.
type state struct {
	ended bool
}

func register(sc *godog.ScenarioContext, _ *catalog.Catalog) {
	s := &state{}
	sc.When(stepkit.Re(`^a tight loop with no function calls waits at GOMAXPROCS 1 for a flag that only another goroutine sets$`), s.tightLoopInProcess)
	sc.When(stepkit.Re(`^the same loop runs in a child process with GOMAXPROCS=1(?: and (GODEBUG=asyncpreemptoff=1))?, under a bound of (\d+)ms$`), tightLoopInChild)
	sc.Then(stepkit.Re(`^the loop ends, because the other goroutine got to run$`), s.loopEnded)
	sc.Then(stepkit.Re(`^the child's loop ends$`), childLoopEnded)
	sc.Then(stepkit.Re(`^the bound stops the child, still spinning in "([^"]+)"$`), childStarved)
}

func (s *state) tightLoopInProcess(ctx context.Context) error {
	if err := harness.SetGOMAXPROCS(ctx, 1); err != nil {
		return err
	}
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		var flag atomic.Bool
		go flag.Store(true)
		work.SpinUntil(&flag)
	}()
	// The wait is a timer's, not a poll's: at GOMAXPROCS 1 a poll would take the one processor
	// from the goroutine the loop waits for.
	if err := shared.Await(ctx, ended, "the tight loop to end", func(parked []harness.Goroutine) string {
		return "at GOMAXPROCS 1 the runtime should preempt the loop, so that the goroutine that sets its flag runs and the loop ends; but the loop and that goroutine are at " +
			shared.WhereAll(shared.In(parked, "(*state).tightLoopInProcess")) + ": a loop that is never preempted starves every other goroutine of the processor"
	}); err != nil {
		return err
	}
	s.ended = true
	return nil
}

func (s *state) loopEnded() error {
	if !s.ended {
		return fmt.Errorf("the tight loop did not end")
	}
	return nil
}

func tightLoopInChild(ctx context.Context, godebug, millis string) error {
	if err := harness.RequireExclusive(ctx, "keeps a processor busy with a tight loop in a child process"); err != nil {
		return err
	}
	ms, err := stepkit.Count("the bound in milliseconds", millis, 60_000)
	if err != nil {
		return err
	}
	env := []string{"GOMAXPROCS=1"}
	if godebug != "" {
		env = append(env, godebug)
	}
	_, err = harness.RunChild(ctx, harness.Child{Args: []string{"tight-loop"}, Env: env, Bound: time.Duration(ms) * time.Millisecond})
	return err
}

func childLoopEnded(ctx context.Context) error {
	r, err := shared.ExitedNormally(ctx)
	if err != nil {
		return err
	}
	var out Result
	if err := json.Unmarshal([]byte(r.Stdout), &out); err != nil || !out.Ended {
		return fmt.Errorf("the child exited without saying its loop ended:\n%s", shared.ChildOutput(r))
	}
	return nil
}

func childStarved(ctx context.Context, function string) error {
	r, _ := shared.LastChild(ctx, false) // no child: a zero result, which the check below rejects
	if !r.StoppedByBound || !strings.Contains(r.Stderr, function) {
		return fmt.Errorf("expected the bound to stop the child while it spun in %q; got:\n%s", function, shared.ChildOutput(r))
	}
	return nil
}
