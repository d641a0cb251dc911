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

// loopEnded is the detector of rule R20: a tight loop waiting for another goroutine ends,
// because that goroutine got to run.
const loopEnded harness.Detector = "loop ended"

// state is the in-process tight loop: ended is closed when it has ended.
type state struct {
	ended chan struct{}
}

func register(sc *godog.ScenarioContext, _ *catalog.Catalog) {
	s := &state{}
	sc.When(stepkit.Re(`^a tight loop with no function calls waits at GOMAXPROCS 1 for a flag that only another goroutine sets$`), s.tightLoopInProcess)
	sc.When(stepkit.Re(`^the same loop runs in a child process with GOMAXPROCS=1(?: and (GODEBUG=asyncpreemptoff=1))?, under a bound of (\d+)ms$`), tightLoopInChild)
	sc.Then(stepkit.Re(`^the loop ends, because the other goroutine got to run$`), s.loopEnds)
	sc.Then(stepkit.Re(`^the child's loop ends$`), childLoopEnds)
	sc.Then(stepkit.Re(`^the check that the child's loop ends fails: the bound stopped the child still spinning in "([^"]+)"$`), childLoopCheckFails)
}

// tightLoopInProcess starts, at GOMAXPROCS 1, a loop with no function calls that spins until
// another goroutine sets its flag.
func (s *state) tightLoopInProcess(ctx context.Context) error {
	if err := harness.SetGOMAXPROCS(ctx, 1); err != nil {
		return err
	}
	s.ended = make(chan struct{})
	go func() {
		defer close(s.ended)
		var flag atomic.Bool
		go flag.Store(true)
		work.SpinUntil(&flag)
	}()
	return nil
}

// loopEnds is the loop-ended detector on the in-process loop. The wait is a timer's, not a
// poll's: at GOMAXPROCS 1 a poll would take the one processor from the goroutine the loop waits
// for.
func (s *state) loopEnds(ctx context.Context) error {
	if s.ended == nil {
		return fmt.Errorf("no tight loop is running")
	}
	return harness.Detect(ctx, loopEnded, func() error {
		return shared.Await(ctx, s.ended, "the tight loop to end", func(parked []harness.Goroutine) string {
			return "at GOMAXPROCS 1 the runtime should preempt the loop, so that the goroutine that sets its flag runs and the loop ends; but the loop and that goroutine are at " +
				shared.WhereAll(shared.In(parked, "(*state).tightLoopInProcess")) + ": a loop that is never preempted starves every other goroutine of the processor"
		})
	})
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

// childLoopCheck is the loop-ended detector on the child's loop: the child exited normally and
// said its loop ended.
func childLoopCheck(ctx context.Context, r harness.ChildResult) error {
	return harness.Detect(ctx, loopEnded, func() error {
		var out Result
		if r.ExitCode != 0 || json.Unmarshal([]byte(r.Stdout), &out) != nil || !out.Ended {
			return fmt.Errorf("the child did not say its loop ended:\n%s", shared.ChildOutput(r))
		}
		return nil
	})
}

func childLoopEnds(ctx context.Context) error {
	r, err := shared.LastChild(ctx, false)
	if err != nil {
		return err
	}
	return childLoopCheck(ctx, r)
}

// childLoopCheckFails is the negative control: the loop-ended detector fires on a child whose
// loop the runtime cannot preempt, and the child was stopped by the bound while it spun.
func childLoopCheckFails(ctx context.Context, function string) error {
	r, err := shared.LastChild(ctx, false)
	if err != nil {
		return err
	}
	if childLoopCheck(ctx, r) == nil {
		return fmt.Errorf("the loop-ended check did not fire: it found the child's loop ended:\n%s", shared.ChildOutput(r))
	}
	if !r.StoppedByBound || !strings.Contains(r.Stderr, function) {
		return fmt.Errorf("expected the bound to stop the child while it spun in %q; got:\n%s", function, shared.ChildOutput(r))
	}
	return nil
}
