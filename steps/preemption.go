package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/concspec/concspec/harness"
	"github.com/concspec/concspec/internal/controls"
	"github.com/concspec/concspec/patterns/work"
	"github.com/cucumber/godog"
)

// preemptionState says whether the in-process tight loop ended.
type preemptionState struct {
	ended bool
}

func (w *world) registerPreemption(sc *godog.ScenarioContext) {
	sc.When(re(`^a tight loop with no function calls waits at GOMAXPROCS 1 for a flag that only another goroutine sets$`), w.tightLoopInProcess)
	sc.When(re(`^the same loop runs in a child process with GOMAXPROCS=1(?: and (GODEBUG=asyncpreemptoff=1))?, under a bound of (\d+)ms$`), w.tightLoopInChild)
	sc.Then(re(`^the loop ends, because the other goroutine got to run$`), w.loopEnded)
	sc.Then(re(`^the child's loop ends$`), w.childLoopEnded)
	sc.Then(re(`^the bound stops the child, still spinning in "([^"]+)"$`), w.childStarved)
}

func (w *world) tightLoopInProcess(ctx context.Context) error {
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
	if err := harness.Await(ctx, ended, "the tight loop to end"); err != nil {
		return err
	}
	w.preemption.ended = true
	return nil
}

func (w *world) loopEnded() error {
	if !w.preemption.ended {
		return fmt.Errorf("the tight loop did not end")
	}
	return nil
}

func (w *world) tightLoopInChild(ctx context.Context, godebug, millis string) error {
	ms, err := count("the bound in milliseconds", millis, 60_000)
	if err != nil {
		return err
	}
	env := []string{"GOMAXPROCS=1"}
	if godebug != "" {
		env = append(env, godebug)
	}
	res, err := harness.RunChild(ctx, harness.Child{Args: []string{"tight-loop"}, Env: env, Bound: time.Duration(ms) * time.Millisecond})
	w.child = childState{ran: true, result: res}
	return err
}

func (w *world) childLoopEnded() error {
	if err := w.childExitedNormally(); err != nil {
		return err
	}
	var out controls.TightLoopResult
	if err := json.Unmarshal([]byte(w.child.result.Stdout), &out); err != nil || !out.Ended {
		return fmt.Errorf("the child exited without saying its loop ended:\n%s", w.childOutput())
	}
	return nil
}

func (w *world) childStarved(function string) error {
	r := w.child.result
	if !r.StoppedByBound || !strings.Contains(r.Stderr, function) {
		return fmt.Errorf("expected the bound to stop the child while it spun in %q; got:\n%s", function, w.childOutput())
	}
	return nil
}
