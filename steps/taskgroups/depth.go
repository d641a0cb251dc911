package taskgroups

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/cucumber/godog"
)

func (s *state) registerCancellationDepth(sc *godog.ScenarioContext) {
	sc.Given(stepkit.Re(`^one of its tasks runs an inner "([^"]+)" group whose (-?\d+) tasks wait on their context$`), s.innerGroup)
	sc.Given(stepkit.Re(`^one of its tasks runs an inner "([^"]+)" group on a fresh background context, whose (-?\d+) tasks wait on theirs$`), s.detachedInnerGroup)
	sc.When(stepkit.Re(`^the root context is cancelled with the cause "([^"]+)"$`), s.cancelRoot)
	sc.When(stepkit.Re(`^the deadline passes$`), s.deadlinePasses)
	sc.Then(stepkit.Re(`^all (\d+) inner tasks observe cancellation$`), s.innerTasksObserve)
	sc.Then(stepkit.Re(`^every inner task sees the cause "([^"]+)"$`), s.innerTasksSeeCause)
	sc.Then(stepkit.Re(`^(\d+)ms after the cancellation no inner task has observed it, and the bounded wait says so$`), s.detachedInnerCaught)
}

func (s *state) innerGroup(ctx context.Context, name, n string) error {
	return s.startInnerGroup(ctx, name, n, func(taskCtx context.Context) context.Context { return taskCtx })
}

// detachedInnerGroup is the bug: the inner group is rooted in context.Background() instead of
// the context its enclosing task received, so nothing above can cancel it.
func (s *state) detachedInnerGroup(ctx context.Context, name, n string) error {
	return s.startInnerGroup(ctx, name, n, func(context.Context) context.Context { return context.Background() })
}

// startInnerGroup starts, inside one task of the scenario's group, an inner group whose tasks
// wait on their context; parentOf picks the inner group's parent from the task's context.
func (s *state) startInnerGroup(ctx context.Context, name, n string, parentOf func(context.Context) context.Context) error {
	if err := s.needGroup(); err != nil {
		return err
	}
	impl, err := catalog.Lookup(s.cat, groupKind, name)
	if err != nil {
		return err
	}
	k, err := stepkit.Count("the number of inner tasks", n, stepkit.MaxGoroutines)
	if err != nil {
		return err
	}
	wait, err := catalog.Lookup(s.cat, waiterKind, "honours its context")
	if err != nil {
		return err
	}
	inner := newSiblings(k)
	s.taskGroup.siblings = inner
	release := s.group.release.Wait()
	s.group.group.Go(func(taskCtx context.Context) error {
		g := impl.Start(parentOf(taskCtx), 0)
		goSiblings(g, inner, release, wait)
		return g.Wait()
	})
	if err := awaitStarted(ctx, inner); err != nil {
		return err
	}
	s.group.waitInBackground(nil)
	return nil
}

func (s *state) cancelRoot(cause string) error {
	if err := s.needGroup(); err != nil {
		return err
	}
	s.group.cancelRoot(errors.New(cause))
	return nil
}

func (s *state) deadlinePasses(ctx context.Context) error {
	if err := s.needGroup(); err != nil {
		return err
	}
	if _, ok := s.group.root.Deadline(); !ok {
		return fmt.Errorf("the group has no deadline: use `Given the \"…\" task group under a deadline …`")
	}
	return harness.Await(ctx, s.group.root.Done(), "the root context's deadline to pass")
}

func (s *state) innerTasksObserve(ctx context.Context, n string) error {
	return s.siblingsObserve(ctx, n, "cancelling the root reaches the tasks of a group nested in a task")
}

func (s *state) innerTasksSeeCause(ctx context.Context, cause string) error {
	for i, sib := range s.taskGroup.siblings {
		if got := context.Cause(sib.ctx); got == nil || got.Error() != cause {
			return fmt.Errorf("inner task %d sees the cause %v, want %q", i+1, got, cause)
		}
	}
	return s.conform(ctx, harness.Holds, "the root's cancellation cause reaches the nested tasks")
}

func (s *state) detachedInnerCaught(ctx context.Context, millis string) error {
	ms, err := stepkit.Count("the wait in milliseconds", millis, 60_000)
	if err != nil {
		return err
	}
	what := "the inner tasks to observe the root's cancellation"
	err = harness.AwaitWithin(s.taskGroup.siblings[0].observed, time.Duration(ms)*time.Millisecond, what)
	if !errors.Is(err, harness.ErrBoundExceeded) || !strings.Contains(err.Error(), "still waiting for "+what) {
		return fmt.Errorf("the bounded wait should have reported that no inner task saw the cancellation; it said: %v", err)
	}
	s.group.release.Open()
	return s.group.awaitWait(ctx)
}
