package taskgroups

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/cucumber/godog"
)

// taskGroupState is what the task-group scenarios keep besides the ledger: the tasks a step
// holds, the siblings that wait on their context (and the ledger of their group), the watchers
// the tasks started with their context, and the error of a step that was expected to be stopped.
type taskGroupState struct {
	held       []*taskRecord
	siblings   []*taskRecord
	siblingsIn *ledger
	watchers   []*watcher
	stopped    error
}

func (s *state) registerTaskGroups(sc *godog.ScenarioContext) {
	sc.When(stepkit.Re(`^(-?\d+) tasks are started that may return only once Wait has been called$`), s.tasksHeldUntilWait)
	sc.When(stepkit.Re(`^(-?\d+) tasks are started that may return only once Wait has been called, and then one fails with "([^"]+)"$`), s.heldWhileOneFails)
	sc.When(stepkit.Re(`^one task fails with "([^"]+)" while (-?\d+) siblings wait on their context$`), s.oneFailsWhileSiblingsWait)
	sc.When(stepkit.Re(`^one task fails with "([^"]+)" while a sibling ignores its context$`), s.oneFailsWhileSiblingIgnores)
	sc.When(stepkit.Re(`^(\d+) tasks fail one after another with ((?:"[^"]+"(?:, | and )?)+)$`), s.tasksFailInTurn)
	sc.Then(stepkit.Re(`^Wait returns only after all (\d+) tasks have returned$`), s.waitJoinedAll)
	sc.Then(stepkit.Re(`^the join check catches Wait returning while (\d+) of the (\d+) tasks were still running$`), s.joinCheckCatches)
	sc.Then(stepkit.Re(`^the ledger check catches (\d+) of the (\d+) tasks taken by Go and never run$`), s.ledgerCheckCatches)
	sc.Then(stepkit.Re(`^every one of the (\d+) tasks ran exactly once$`), func(ctx context.Context, n string) error {
		return s.ranExactlyOnce(ctx, n, false)
	})
	sc.Then(stepkit.Re(`^every one of the (\d+) tasks ran exactly once, or was skipped once the group was cancelled$`), func(ctx context.Context, n string) error {
		return s.ranExactlyOnce(ctx, n, true)
	})
	sc.Then(stepkit.Re(`^all (\d+) siblings observe cancellation$`), s.allSiblingsObserve)
	sc.Then(stepkit.Re(`^no sibling observes cancellation$`), s.noSiblingObserves)
	sc.Then(stepkit.Re(`^Wait returns only "([^"]+)"$`), s.waitReturnsOnly)
	sc.Then(stepkit.Re(`^Wait returns "([^"]+)" joined with (\d+) "([^"]+)" errors$`), s.waitReturnsJoinedWithCopies)
	sc.Then(stepkit.Re(`^Wait returns ((?:"[^"]+"(?:, | and )?)+) joined$`), s.waitReturnsJoined)
	sc.Then(stepkit.Re(`^the cancellation cause is "([^"]+)"$`), s.causeIs)
	sc.Then(stepkit.Re(`^the cancellation carries no cause but "context canceled"$`), s.noCause)
	sc.Then(stepkit.Re(`^the tasks' context is never cancelled$`), s.neverCancelled)
	sc.Then(stepkit.Re(`^the check that all (\d+) siblings observe cancellation fails$`), func(ctx context.Context, n string) error {
		return s.siblingsCheckFails(ctx, n, "had not observed cancellation")
	})
	sc.Then(stepkit.Re(`^the check that the sibling observes cancellation fails, saying it does not look at its context$`), func(ctx context.Context) error {
		return s.siblingsCheckFails(ctx, "1", "it does not look at its context")
	})
	sc.Then(stepkit.Re(`^the check that Wait returns only "([^"]+)" fails$`), s.returnedOnlyFails)
	sc.Then(stepkit.Re(`^the check that the cancellation cause is "([^"]+)" fails$`), s.causeFails)
}

// --- R09: join -------------------------------------------------------------------------------

// tasksHeldUntilWait starts k tasks that return only when let go, calls Wait, and lets them go
// one at a time once nothing moves: a Wait that does not wait has returned by then.
func (s *state) tasksHeldUntilWait(ctx context.Context, n string) error {
	return s.heldThen(ctx, n, "")
}

// heldWhileOneFails is the join where a task fails: k held tasks, then a task that fails (and
// the group deals with it), then Wait — which must still wait for the held tasks, whether the
// group cancelled them or not: they return only when let go.
func (s *state) heldWhileOneFails(ctx context.Context, n, msg string) error {
	return s.heldThen(ctx, n, msg)
}

// heldThen starts k held tasks, then — if msg is not empty — a task that fails with msg, calls
// Wait, and lets the held tasks go one at a time once nothing moves.
func (s *state) heldThen(ctx context.Context, n, msg string) error {
	if err := s.needGroup(); err != nil {
		return err
	}
	k, err := stepkit.Count("the number of tasks", n, stepkit.MaxGoroutines)
	if err != nil {
		return err
	}
	l := s.group.ledger
	if msg != "" {
		l.plan(msg)
	}
	tasks := make([]*taskRecord, k)
	for i := range tasks {
		tasks[i] = l.add(fmt.Sprintf("task %d", i+1), nil)
	}
	s.taskGroup.held = tasks
	if err := s.submit(ctx, l, tasks, heldBody(l, doingHeld)); err != nil {
		return err
	}
	if msg != "" {
		if err := s.fail(ctx, msg); err != nil {
			return err
		}
	}
	s.group.startWait()
	if _, err := harness.AwaitQuiet(ctx, "Wait to block while every task is held"); err != nil {
		return err
	}
	return letGo(ctx, l, tasks)
}

// waitJoinedAll is the join: Wait returned only once every one of the n tasks Go took had
// returned.
func (s *state) waitJoinedAll(ctx context.Context, n string) error {
	if err := s.handedTheGroup(n); err != nil {
		return err
	}
	if err := s.awaitWait(ctx); err != nil {
		return err
	}
	return s.conform(ctx, harness.Holds, "Wait returns only after every task has returned")
}

// handedTheGroup fails unless the scenario handed the group n tasks that Go took (or started).
func (s *state) handedTheGroup(n string) error {
	taken := 0
	for _, v := range s.group.ledger.view() {
		if v.accepted || v.started {
			taken++
		}
	}
	if got := fmt.Sprint(taken); got != n {
		return fmt.Errorf("%s tasks expected, but the scenario handed the group %s", n, got)
	}
	return nil
}

// joinCheckCatches lets every task the scenario holds go (the join was judged at the moment Wait
// returned) and expects the join check to have fired, with the count of tasks still running
// then.
func (s *state) joinCheckCatches(ctx context.Context, running, total string) error {
	if _, err := harness.AwaitQuiet(ctx, "Wait to return early, or to block, with the tasks held"); err != nil {
		return err
	}
	for _, tasks := range [][]*taskRecord{s.taskGroup.held, s.taskGroup.siblings} {
		if err := letGo(ctx, s.group.ledger, tasks); err != nil {
			return err
		}
	}
	want := fmt.Sprintf("returned while %s of the %s tasks were still running", running, total)
	return s.judgedFires(ctx, joinCheck, want)
}

// ledgerCheckCatches expects the ledger check to have fired on tasks Go took and never ran.
func (s *state) ledgerCheckCatches(ctx context.Context, lost, total string) error {
	if _, err := harness.AwaitQuiet(ctx, "the group to settle with the tasks it runs held"); err != nil {
		return err
	}
	if err := letGo(ctx, s.group.ledger, s.taskGroup.held); err != nil {
		return err
	}
	want := fmt.Sprintf("%s of the %s tasks Go took never ran", lost, total)
	return s.judgedFires(ctx, taskLedger, want)
}

// judgedFires waits for Wait and expects the detector d — the join or the ledger, judged when
// Wait returned — to have fired, saying want; the other must not have.
func (s *state) judgedFires(ctx context.Context, d harness.Detector, want string) error {
	if err := s.awaitJudged(ctx); err != nil {
		return err
	}
	fired, other := s.group.joinErr, s.group.ledgerErr
	if d == taskLedger {
		fired, other = other, fired
	}
	switch {
	case other != nil:
		return other
	case fired == nil:
		return fmt.Errorf("the %s check did not fire on the %s group", d, s.group.name)
	case !strings.Contains(fired.Error(), want):
		return fmt.Errorf("the %s check fired without saying %q; it said: %v", d, want, fired)
	}
	return nil
}

// ranExactlyOnce is the ledger's verdict as a step: every one of the n tasks Go took ran exactly
// once — or, when skipping is allowed, was skipped once the group was cancelled (judged when
// Wait returned); when it is not, a task skipped even so is a fault too.
func (s *state) ranExactlyOnce(ctx context.Context, n string, allowSkip bool) error {
	if err := s.handedTheGroup(n); err != nil {
		return err
	}
	if err := s.awaitWait(ctx); err != nil {
		return err
	}
	if allowSkip {
		return s.conform(ctx, harness.Holds, "every task Go takes runs exactly once, or is skipped once the group is cancelled")
	}
	l := s.group.ledger
	if err := harness.Detect(ctx, taskLedger, func() error { return faults(l.ledgerFault(true)) }); err != nil {
		return err
	}
	return s.conform(ctx, harness.Holds, "every task Go takes runs exactly once, even once the group is cancelled")
}

// --- R11, R13: fail fast or collect all -------------------------------------------------------

// startSiblings starts n tasks in the scenario's group that wait on their context (or for their
// work to be released), in the way the catalogue's waiter called how waits, and returns once
// every one of them is running — or fails, saying why, once none can start.
func (s *state) startSiblings(ctx context.Context, n int, how string) error {
	wait, err := catalog.Lookup(s.cat, waiterKind, how)
	if err != nil {
		return err
	}
	doing := doingWaitsOnContext
	if how == "ignores its context" {
		doing = doingIgnores
	}
	l, tg := s.group.ledger, &s.taskGroup
	sibs := make([]*taskRecord, n)
	for i := range sibs {
		sibs[i] = l.add(fmt.Sprintf("sibling %d", len(tg.siblings)+i+1), nil)
	}
	tg.siblings, tg.siblingsIn = append(tg.siblings, sibs...), l
	if err := s.submit(ctx, l, sibs, siblingBody(l, wait, doing)); err != nil {
		return err
	}
	return awaitStarted(ctx, l, sibs)
}

// siblingBody is a task that waits on its context, or for its work (its hold) to be released.
// An error from wait means it observed cancellation: it says so, and then is held until the
// step lets it return, so that a Wait that returns at the first error is caught returning while
// it still runs.
func siblingBody(l *ledger, wait waiter, doing string) func(t *taskRecord) func(context.Context) error {
	return func(t *taskRecord) func(context.Context) error {
		return func(ctx context.Context) error {
			l.set(t, doing)
			err := wait(ctx, t.hold.Wait())
			if err != nil {
				l.observe(t)
				l.hold(t)
			}
			return err
		}
	}
}

// fail submits a task that fails with msg, and waits until the group has dealt with the
// failure: nothing in the scenario moves any more. A group may skip a task submitted once it is
// cancelled; a task that has not started although nothing cancelled the group fails the step.
func (s *state) fail(ctx context.Context, msg string) error {
	l := s.group.ledger
	t := l.addFailure(msg, errors.New(msg))
	if err := s.submit(ctx, l, []*taskRecord{t}, failingBody(l)); err != nil {
		return err
	}
	parked, err := harness.AwaitQuiet(ctx, fmt.Sprintf("the %s to deal with %s", l.group, t.name))
	if err != nil {
		return err
	}
	if v := l.of([]*taskRecord{t})[0]; !v.started && !l.cancelled() {
		return stuck(l.explain(fmt.Sprintf("%s was taken by Go but has not started, though nothing has cancelled the group (a task Go takes must start without waiting for Wait)", t.name), ""), parked)
	}
	return nil
}

func (s *state) oneFailsWhileSiblingsWait(ctx context.Context, msg, n string) error {
	return s.oneFailsWhile(ctx, msg, n, "honours its context")
}

func (s *state) oneFailsWhileSiblingIgnores(ctx context.Context, msg string) error {
	return s.oneFailsWhile(ctx, msg, "1", "ignores its context")
}

// oneFailsWhile starts n siblings that wait in the way called how, then a task that fails with
// msg, then calls Wait.
func (s *state) oneFailsWhile(ctx context.Context, msg, n, how string) error {
	if err := s.needGroup(); err != nil {
		return err
	}
	k, err := stepkit.Count("the number of siblings", n, stepkit.MaxGoroutines)
	if err != nil {
		return err
	}
	s.group.ledger.plan(msg)
	if err := s.startSiblings(ctx, k, how); err != nil {
		return err
	}
	if err := s.fail(ctx, msg); err != nil {
		return err
	}
	s.group.startWait()
	return nil
}

var quoted = regexp.MustCompile(`"([^"]+)"`)

func quotedList(list string) []string {
	var out []string
	for _, m := range quoted.FindAllStringSubmatch(list, -1) {
		out = append(out, m[1])
	}
	return out
}

// tasksFailInTurn submits each failing task once the group has dealt with the one before: the
// second and third are submitted to a group that a fail-fast group has cancelled, and may skip.
func (s *state) tasksFailInTurn(ctx context.Context, n, list string) error {
	if err := s.needGroup(); err != nil {
		return err
	}
	msgs := quotedList(list)
	if fmt.Sprint(len(msgs)) != n {
		return fmt.Errorf("the step names %s tasks but lists %d messages", n, len(msgs))
	}
	for _, msg := range msgs {
		if err := s.fail(ctx, msg); err != nil {
			return err
		}
	}
	s.group.startWait()
	return nil
}
