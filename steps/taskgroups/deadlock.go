package taskgroups

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/cucumber/godog"
)

// The steps of the negative control for a deadlock a scenario can build from legal parts: a
// group limited to fewer slots than the siblings that wait for a failure to cancel them. The
// siblings fill every slot and wait; Go blocks (or the group queues the rest); the failing task,
// whose error would cancel them, never starts. The deadlock is real; what the corpus owes is to
// fail that step at once, saying why, instead of hanging the run.

func (s *state) registerDeadlock(sc *godog.ScenarioContext) {
	sc.When(stepkit.Re(`^one task fails with "([^"]+)" while (-?\d+) siblings wait on their context, which cannot finish$`), s.failsWhileSiblingsWaitStopped)
	sc.Then(stepkit.Re(`^the step was stopped as soon as nothing could move, saying "([^"]+)"$`), s.stepStoppedSaying)
	sc.Then(stepkit.Re(`^once the group is cancelled, every task returns and so does Wait$`), s.cancelResolves)
}

// failsWhileSiblingsWaitStopped runs "one task fails while n siblings wait on their context"
// and keeps its error for the next step, which says whether it was the one expected.
func (s *state) failsWhileSiblingsWaitStopped(ctx context.Context, msg, n string) error {
	s.taskGroup.stopped = s.oneFailsWhileSiblingsWait(ctx, msg, n)
	if s.taskGroup.stopped == nil {
		return fmt.Errorf("the step finished: every sibling started and the failure ran, so the %s group did not deadlock as this scenario says it does", s.group.name)
	}
	return nil
}

// stepStoppedSaying checks that the step failed because nothing in the scenario could move —
// not at the bound, not for another reason — with the words expected and the scenario's
// goroutines.
func (s *state) stepStoppedSaying(words string) error {
	err := s.taskGroup.stopped
	switch {
	case err == nil:
		return errors.New("no step was stopped")
	case !errors.Is(err, harness.ErrStuck):
		return fmt.Errorf("the step failed, but not because it found that nothing could move: %v", err)
	case !strings.Contains(err.Error(), words):
		return fmt.Errorf("the step was stopped without saying %q; it said: %v", words, err)
	case !strings.Contains(err.Error(), "goroutine "):
		return fmt.Errorf("the step was stopped without the scenario's goroutines: %v", err)
	}
	return nil
}

// cancelResolves breaks the deadlock as the scenario's end would: it cancels the root and lets
// every task go; the blocked Go returns, the tasks it was handed run and return, and Wait joins
// them all.
func (s *state) cancelResolves(ctx context.Context) error {
	if err := s.needGroup(); err != nil {
		return err
	}
	g := &s.group
	g.cancelRoot(errors.New("the scenario cancels the deadlocked group"))
	g.ledger.openAll()
	for _, done := range g.calls {
		head := func() string { return "Go is still blocked after the group was cancelled" }
		if err := settle(ctx, g.ledger, done, "the blocked Go to return once the group is cancelled", head); err != nil {
			return err
		}
	}
	g.startWait()
	return s.awaitWait(ctx)
}
