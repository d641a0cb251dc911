package taskgroups

import (
	"context"
	"fmt"
	"strings"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/cucumber/godog"
)

// The steps of what the tasks tie to their context (R11): each task hands the context it
// received to a watcher, a goroutine that runs until that context is done, and returns. Once
// Wait has joined every task, a group that cancels its context on Wait has ended the watchers
// with it; a group that gives its tasks the parent's own context leaves them to the parent's
// owner.

// watcher is a goroutine a task starts with its context; ended is closed when it returns.
type watcher struct {
	name  string
	task  *taskRecord
	ended chan struct{}
}

// watch runs until ctx is done.
func (w *watcher) watch(ctx context.Context) {
	defer close(w.ended)
	<-ctx.Done()
}

func (s *state) registerWatchers(sc *godog.ScenarioContext) {
	sc.When(stepkit.Re(`^(-?\d+) tasks each start a watcher that runs until their context is done, and return$`), s.tasksStartWatchers)
	sc.Then(stepkit.Re(`^all (\d+) watchers have ended once Wait has returned$`), s.watchersEnded)
	sc.Then(stepkit.Re(`^the (\d+) watchers run on after Wait, until the parent context is cancelled$`), s.watchersOutliveWait)
	sc.Then(stepkit.Re(`^the check that all (\d+) watchers have ended once Wait has returned fails: (.+)$`), s.watchersCheckFails)
}

// tasksStartWatchers hands the group n tasks, each of which starts a watcher with the context it
// received and returns at once, and calls Wait. Nothing fails, so nothing but Wait (or the
// parent) cancels the group's context.
func (s *state) tasksStartWatchers(ctx context.Context, n string) error {
	if err := s.needGroup(); err != nil {
		return err
	}
	k, err := stepkit.Count("the number of tasks", n, stepkit.MaxGoroutines)
	if err != nil {
		return err
	}
	l := s.group.ledger
	tasks := make([]*taskRecord, k)
	of := make(map[*taskRecord]*watcher, k)
	for i := range tasks {
		tasks[i] = l.add(fmt.Sprintf("task %d", i+1), nil)
		w := &watcher{name: fmt.Sprintf("watcher %d", i+1), task: tasks[i], ended: make(chan struct{})}
		of[tasks[i]] = w
		s.taskGroup.watchers = append(s.taskGroup.watchers, w)
	}
	err = s.submit(ctx, l, tasks, func(t *taskRecord) func(context.Context) error {
		w := of[t]
		return func(ctx context.Context) error {
			l.set(t, doingStartsWatcher)
			go w.watch(ctx)
			return nil
		}
	})
	if err != nil {
		return err
	}
	s.group.startWait()
	return nil
}

// watcherCount fails unless the scenario started n watchers.
func (s *state) watcherCount(n string) error {
	if got := fmt.Sprint(len(s.taskGroup.watchers)); got != n {
		return fmt.Errorf("%s watchers expected, but the scenario started %s", n, got)
	}
	return nil
}

func (s *state) watchersEnded(ctx context.Context, n string) error {
	if err := s.watcherCount(n); err != nil {
		return err
	}
	if err := s.awaitWait(ctx); err != nil {
		return err
	}
	if err := s.endedWithTheGroup(ctx); err != nil {
		return err
	}
	return s.conform(ctx, harness.Holds, "Wait cancels the tasks' context: whatever they started with it ends with the group")
}

// watchersCheckFails is the negative control: the check that Wait ended the tasks' context fires
// on a group whose Wait leaves it live, saying want.
func (s *state) watchersCheckFails(ctx context.Context, n, want string) error {
	if err := s.watcherCount(n); err != nil {
		return err
	}
	if err := s.awaitWait(ctx); err != nil {
		return err
	}
	err := s.endedWithTheGroup(ctx)
	switch {
	case err == nil:
		return fmt.Errorf("the %s check did not fire on the %s group", contextEnded, s.group.name)
	case !strings.Contains(err.Error(), want):
		return fmt.Errorf("the %s check fired without saying %q; it said: %v", contextEnded, want, err)
	}
	return nil
}

// endedWithTheGroup is the check that Wait ended the tasks' context: once Wait has returned,
// every watcher ends, unless nothing in the scenario moves any more while it still waits.
func (s *state) endedWithTheGroup(ctx context.Context) error {
	l, ws := s.group.ledger, s.taskGroup.watchers
	return harness.Detect(ctx, contextEnded, func() error {
		for _, w := range ws {
			head := func() string { return "the watchers still wait on the contexts the tasks received" }
			if err := settle(ctx, l, w.ended, "the wait for "+w.name+" to end once Wait had returned", head); err != nil {
				return fmt.Errorf("%s of %d has not ended: it waits on the context %s received, which %s. Once every task has returned, Wait must cancel the context it gave them, so that nothing started with it outlives the group: %w",
					w.name, len(ws), w.task.name, contextState(l, w.task), err)
			}
		}
		return nil
	})
}

// contextState says whether the context t received is done, and why.
func contextState(l *ledger, t *taskRecord) string {
	v := l.of([]*taskRecord{t})[0]
	if err := v.ctx.Err(); err != nil {
		return fmt.Sprintf("is done (cause %s)", describe(context.Cause(v.ctx)))
	}
	return "Wait left live"
}

// watchersOutliveWait is the difference of a group that gives its tasks the parent's context:
// once Wait has returned and nothing moves, every watcher still runs, and cancelling the parent
// ends them.
func (s *state) watchersOutliveWait(ctx context.Context, n string) error {
	if err := s.watcherCount(n); err != nil {
		return err
	}
	if err := s.awaitWait(ctx); err != nil {
		return err
	}
	if _, err := harness.AwaitQuiet(ctx, "the watchers to settle once Wait had returned"); err != nil {
		return err
	}
	l, ws := s.group.ledger, s.taskGroup.watchers
	for _, w := range ws {
		select {
		case <-w.ended:
			return fmt.Errorf("%s ended once Wait had returned, with the parent context still live: the %s's Wait cancelled the context %s received", w.name, l.group, w.task.name)
		default:
		}
	}
	if err := s.cancelRoot("the parent's owner is done"); err != nil {
		return err
	}
	for _, w := range ws {
		head := func() string {
			return fmt.Sprintf("%s still waits though the parent context has been cancelled: the context %s received is not derived from it", w.name, w.task.name)
		}
		if err := settle(ctx, l, w.ended, "the wait for "+w.name+" to end once the parent context was cancelled", head); err != nil {
			return err
		}
	}
	return s.conform(ctx, harness.Differs, "Wait leaves the tasks' context live: it is the parent's, and what the tasks started with it runs until the parent's owner cancels it")
}
