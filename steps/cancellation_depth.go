package steps

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/concspec/concspec/catalog"
	"github.com/concspec/concspec/harness"
	"github.com/cucumber/godog"
)

func (w *world) registerCancellationDepth(sc *godog.ScenarioContext) {
	sc.Given(re(`^one of its tasks runs an inner "([^"]+)" group whose (-?\d+) tasks wait on their context$`), w.innerGroup)
	sc.Given(re(`^one of its tasks runs an inner "([^"]+)" group on a fresh background context, whose (-?\d+) tasks wait on theirs$`), w.detachedInnerGroup)
	sc.When(re(`^the root context is cancelled with the cause "([^"]+)"$`), w.cancelRoot)
	sc.When(re(`^the deadline passes$`), w.deadlinePasses)
	sc.Then(re(`^all (\d+) inner tasks observe cancellation$`), w.innerTasksObserve)
	sc.Then(re(`^every inner task sees the cause "([^"]+)"$`), w.innerTasksSeeCause)
	sc.Then(re(`^(\d+)ms after the cancellation no inner task has observed it, and the bounded wait says so$`), w.detachedInnerCaught)
}

func (w *world) innerGroup(ctx context.Context, name, n string) error {
	return w.startInnerGroup(ctx, name, n, func(taskCtx context.Context) context.Context { return taskCtx })
}

// detachedInnerGroup is the bug: the inner group is rooted in context.Background() instead of
// the context its enclosing task received, so nothing above can cancel it.
func (w *world) detachedInnerGroup(ctx context.Context, name, n string) error {
	return w.startInnerGroup(ctx, name, n, func(context.Context) context.Context { return context.Background() })
}

// startInnerGroup starts, inside one task of the scenario's group, an inner group whose tasks
// wait on their context; parentOf picks the inner group's parent from the task's context.
func (w *world) startInnerGroup(ctx context.Context, name, n string, parentOf func(context.Context) context.Context) error {
	if err := w.needGroup(); err != nil {
		return err
	}
	impl, err := catalogGroup(name)
	if err != nil {
		return err
	}
	k, err := count("the number of inner tasks", n, maxGoroutines)
	if err != nil {
		return err
	}
	inner := newSiblings(k)
	w.taskGroup.siblings = inner
	release, wait := w.group.release.wait(), implementation(catalog.Waiters, "honours its context")
	w.group.group.Go(func(taskCtx context.Context) error {
		g := impl.Start(parentOf(taskCtx), 0)
		goSiblings(g, inner, release, wait)
		return g.Wait()
	})
	if err := awaitStarted(ctx, inner); err != nil {
		return err
	}
	w.group.waitInBackground(nil)
	return nil
}

func (w *world) cancelRoot(cause string) error {
	if err := w.needGroup(); err != nil {
		return err
	}
	w.group.cancelRoot(errors.New(cause))
	return nil
}

func (w *world) deadlinePasses(ctx context.Context) error {
	if err := w.needGroup(); err != nil {
		return err
	}
	if _, ok := w.group.root.Deadline(); !ok {
		return fmt.Errorf("the group has no deadline: use `Given the \"…\" task group under a deadline …`")
	}
	return harness.Await(ctx, w.group.root.Done(), "the root context's deadline to pass")
}

func (w *world) innerTasksObserve(ctx context.Context, n string) error {
	return w.siblingsObserve(ctx, n, "cancelling the root reaches the tasks of a group nested in a task")
}

func (w *world) innerTasksSeeCause(ctx context.Context, cause string) error {
	for i, s := range w.taskGroup.siblings {
		if got := context.Cause(s.ctx); got == nil || got.Error() != cause {
			return fmt.Errorf("inner task %d sees the cause %v, want %q", i+1, got, cause)
		}
	}
	return w.conform(ctx, harness.Holds, "the root's cancellation cause reaches the nested tasks")
}

func (w *world) detachedInnerCaught(ctx context.Context, millis string) error {
	ms, err := count("the wait in milliseconds", millis, 60_000)
	if err != nil {
		return err
	}
	what := "the inner tasks to observe the root's cancellation"
	err = harness.AwaitWithin(w.taskGroup.siblings[0].observed, time.Duration(ms)*time.Millisecond, what)
	if !errors.Is(err, harness.ErrBoundExceeded) || !strings.Contains(err.Error(), "still waiting for "+what) {
		return fmt.Errorf("the bounded wait should have reported that no inner task saw the cancellation; it said: %v", err)
	}
	w.group.release.open()
	return w.group.awaitWait(ctx)
}
