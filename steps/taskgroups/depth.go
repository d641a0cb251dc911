package taskgroups

import (
	"context"
	"errors"
	"fmt"
	"strings"

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
	sc.Then(stepkit.Re(`^the check that all (\d+) inner tasks observe cancellation fails, saying their context is not derived from the root$`), s.innerCheckFails)
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
// wait on their context; parentOf picks the inner group's parent from the task's context. The
// inner group has a ledger of its own, so that its Wait too is held to the join.
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
	outer, inner := s.group.ledger, newLedger("inner "+name+" group", s.group.root, 0)
	s.group.inner = inner
	sibs := make([]*taskRecord, k)
	for i := range sibs {
		sibs[i] = inner.add(fmt.Sprintf("inner task %d", i+1), nil)
	}
	s.taskGroup.siblings, s.taskGroup.siblingsIn = sibs, inner
	body := siblingBody(inner, wait, doingWaitsOnContext)
	runner := outer.add("the task running the inner group", nil)
	runInner := func(*taskRecord) func(context.Context) error {
		return func(taskCtx context.Context) error {
			outer.set(runner, doingRunsInner)
			g := impl.Start(parentOf(taskCtx), 0)
			for _, t := range sibs {
				g.Go(inner.run(t, body(t)))
				inner.accept(t)
			}
			inner.waitCalled()
			defer inner.waitDone()
			return g.Wait()
		}
	}
	if err := s.submit(ctx, outer, []*taskRecord{runner}, runInner); err != nil {
		return err
	}
	if err := awaitStarted(ctx, inner, sibs); err != nil {
		return err
	}
	s.group.startWait()
	return nil
}

func (s *state) cancelRoot(cause string) error {
	if err := s.needGroup(); err != nil {
		return err
	}
	s.group.rootCause = errors.New(cause)
	s.group.cancelRoot(s.group.rootCause)
	return nil
}

// deadlinePasses waits for the root's deadline, and then for its cancellation to reach the
// context of every task that had started. The deadline's timer moves the scenario then, from a
// goroutine of the runtime's that the scenario's look at its goroutines cannot see: the root is
// done before its children are cancelled, so a step that looked only at the root could find
// the scenario quiet while the cancellation is still on its way down. The waits are Await's,
// bounded; one that runs out says the deadline did not reach that task.
func (s *state) deadlinePasses(ctx context.Context) error {
	if err := s.needGroup(); err != nil {
		return err
	}
	if _, ok := s.group.root.Deadline(); !ok {
		return fmt.Errorf("the group has no deadline: use `Given the \"…\" task group under a deadline …`")
	}
	if err := harness.Await(ctx, s.group.root.Done(), "the root context's deadline to pass"); err != nil {
		return err
	}
	return harness.Detect(ctx, cancellationDepth, func() error {
		for _, l := range []*ledger{s.group.ledger, s.group.inner} {
			if l == nil {
				continue
			}
			for _, v := range l.view() {
				if v.ctx == nil {
					continue
				}
				if err := harness.Await(ctx, v.ctx.Done(), fmt.Sprintf("the deadline to reach the context of %s", v.t.name)); err != nil {
					return fmt.Errorf("the root's deadline passed, but %s: %w", stillWaits(l, v.t), err)
				}
			}
		}
		return nil
	})
}

func (s *state) innerTasksObserve(ctx context.Context, n string) error {
	if err := s.siblingCount(n); err != nil {
		return err
	}
	if err := s.reachedInner(ctx); err != nil {
		return err
	}
	return s.releaseSiblings(ctx, "cancelling the root reaches the tasks of a group nested in a task")
}

// innerCheckFails is the negative control: the depth check fires on inner tasks whose context
// is not derived from the root, saying so.
func (s *state) innerCheckFails(ctx context.Context, n string) error {
	if err := s.siblingCount(n); err != nil {
		return err
	}
	err := s.reachedInner(ctx)
	switch {
	case err == nil:
		return fmt.Errorf("the %s check found every inner task cancelled", cancellationDepth)
	case !errors.Is(err, harness.ErrStuck) || !strings.Contains(err.Error(), "not derived from the root"):
		return fmt.Errorf("the %s check fired without saying, once nothing could move, that the inner tasks' context is not derived from the root; it said: %v", cancellationDepth, err)
	}
	return s.releaseSiblings(ctx, "")
}

// reachedInner is the depth check: the root's cancellation reached every inner task, which
// observed it — waited for as long as something in the scenario can still bring it.
func (s *state) reachedInner(ctx context.Context) error {
	return harness.Detect(ctx, cancellationDepth, func() error { return s.siblingsObserved(ctx) })
}

func (s *state) innerTasksSeeCause(ctx context.Context, cause string) error {
	want := s.group.rootCause
	if want == nil || want.Error() != cause {
		return fmt.Errorf("the scenario cancelled the root with the cause %s, not %q", describe(want), cause)
	}
	l := s.taskGroup.siblingsIn
	var ran []taskView
	for _, v := range l.of(s.taskGroup.siblings) {
		if v.ctx == nil && l.skipped(ctx, v.t) {
			continue // the cancellation reached the group before it could start this one
		}
		if v.ctx == nil {
			return fmt.Errorf("%s never ran", v.t.name)
		}
		ran = append(ran, v)
	}
	err := harness.Detect(ctx, causeCheck, func() error {
		for _, v := range ran {
			if got := context.Cause(v.ctx); !errors.Is(got, want) {
				return fmt.Errorf("context.Cause(%s's context) gives %s; want the root's cause %s, possibly wrapped: %s",
					v.t.name, describe(got), describe(want), notTheSame(got, want))
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.conform(ctx, harness.Holds, "the root's cancellation cause reaches the nested tasks")
}
