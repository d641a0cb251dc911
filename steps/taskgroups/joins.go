package taskgroups

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/cucumber/godog"
)

// taskGroupState is what the task-group scenarios observe.
type taskGroupState struct {
	// tasks is how many tasks a join scenario started; finishedAtWait how many of them had
	// returned at the moment Wait returned.
	tasks          int
	finishedAtWait int64
	// failure is the error the failing task returned; failedIn the goroutine that ran it.
	failure  error
	failedIn int64
	siblings []*sibling
}

// sibling is a task that waits on its context while another task fails.
type sibling struct {
	ctx      context.Context
	started  chan struct{}
	observed chan struct{} // closed when it saw its context done
	stopped  chan struct{} // closed when it returned
}

func (s *state) registerTaskGroups(sc *godog.ScenarioContext) {
	sc.When(stepkit.Re(`^(-?\d+) tasks are started that may return only once Wait has been called$`), s.tasksHeldUntilWait)
	sc.When(stepkit.Re(`^one task fails with "([^"]+)" while (-?\d+) siblings wait on their context$`), s.oneFailsWhileSiblingsWait)
	sc.When(stepkit.Re(`^one task fails with "([^"]+)" while a sibling ignores its context$`), s.oneFailsWhileSiblingIgnores)
	sc.When(stepkit.Re(`^(\d+) tasks fail one after another with ((?:"[^"]+"(?:, | and )?)+)$`), s.tasksFailInTurn)
	sc.Then(stepkit.Re(`^Wait returns only after all (\d+) tasks have returned$`), s.waitJoinedAll)
	sc.Then(stepkit.Re(`^the join check catches Wait returning while (\d+) of the (\d+) tasks were still running$`), s.joinCheckCatches)
	sc.Then(stepkit.Re(`^all (\d+) siblings observe cancellation$`), s.allSiblingsObserve)
	sc.Then(stepkit.Re(`^no sibling observes cancellation$`), s.noSiblingObserves)
	sc.Then(stepkit.Re(`^Wait returns only "([^"]+)"$`), s.waitReturnsOnly)
	sc.Then(stepkit.Re(`^Wait returns "([^"]+)" joined with (\d+) "([^"]+)" errors$`), s.waitReturnsJoinedWithCopies)
	sc.Then(stepkit.Re(`^Wait returns ((?:"[^"]+"(?:, | and )?)+) joined$`), s.waitReturnsJoined)
	sc.Then(stepkit.Re(`^the cancellation cause is "([^"]+)"$`), s.causeIs)
	sc.Then(stepkit.Re(`^the cancellation carries no cause but "context canceled"$`), s.noCause)
	sc.Then(stepkit.Re(`^the tasks' context is never cancelled$`), s.neverCancelled)
	sc.Then(stepkit.Re(`^(\d+)ms after the cancellation the sibling is still running, and the bounded wait says so$`), s.ignoringSiblingCaught)
}

// --- R09: join -------------------------------------------------------------------------------

func (s *state) tasksHeldUntilWait(ctx context.Context, n string) error {
	if err := s.needGroup(); err != nil {
		return err
	}
	k, err := stepkit.Count("the number of tasks", n, stepkit.MaxGoroutines)
	if err != nil {
		return err
	}
	g, tg := &s.group, &s.taskGroup
	var finished atomic.Int64
	tg.tasks = k
	for range k {
		g.group.Go(func(context.Context) error {
			defer finished.Add(1)
			<-g.release.Wait()
			return nil
		})
	}
	// Give Wait every chance to return early: let the tasks go only once it is blocked (or has
	// already returned, which is the bug the join check catches).
	waiter := g.waitInBackground(func() { tg.finishedAtWait = finished.Load() })
	if _, err := harness.AwaitParked(ctx, waiter, "Wait"); err != nil {
		return err
	}
	g.release.Open()
	return nil
}

// joinCheck is the R09 detector: it fails when Wait returned before every task had.
func (s *state) joinCheck(ctx context.Context) error {
	if err := s.group.awaitWait(ctx); err != nil {
		return err
	}
	tg := &s.taskGroup
	if running := int64(tg.tasks) - tg.finishedAtWait; running > 0 {
		return fmt.Errorf("the %s group's Wait returned while %d of the %d tasks were still running", s.group.name, running, tg.tasks)
	}
	return nil
}

func (s *state) waitJoinedAll(ctx context.Context, n string) error {
	if fmt.Sprint(s.taskGroup.tasks) != n {
		return fmt.Errorf("%s tasks expected, but the scenario started %d", n, s.taskGroup.tasks)
	}
	if err := s.joinCheck(ctx); err != nil {
		return err
	}
	return s.conform(ctx, harness.Holds, "Wait returns only after every task has returned")
}

func (s *state) joinCheckCatches(ctx context.Context, running, total string) error {
	err := s.joinCheck(ctx)
	want := fmt.Sprintf("returned while %s of the %s tasks were still running", running, total)
	if err == nil || !strings.Contains(err.Error(), want) {
		return fmt.Errorf("the join check should have failed saying %q; it said: %v", want, err)
	}
	return nil
}

// --- R11, R13: fail fast or collect all -------------------------------------------------------

// startSiblings starts n tasks in the scenario's group that wait on their context (or for
// release), in the way the catalogue's waiter called how waits, and returns once every one of
// them is running.
func (s *state) startSiblings(ctx context.Context, n int, how string) error {
	wait, err := catalog.Lookup(s.cat, waiterKind, how)
	if err != nil {
		return err
	}
	sibs := newSiblings(n)
	s.taskGroup.siblings = append(s.taskGroup.siblings, sibs...)
	goSiblings(s.group.group, sibs, s.group.release.Wait(), wait)
	return awaitStarted(ctx, sibs)
}

func newSiblings(n int) []*sibling {
	sibs := make([]*sibling, n)
	for i := range sibs {
		sibs[i] = &sibling{started: make(chan struct{}), observed: make(chan struct{}), stopped: make(chan struct{})}
	}
	return sibs
}

// goSiblings starts each sibling as a task of g: it records its context, says it has started,
// and waits; an error from wait means it observed cancellation.
func goSiblings(g Group, sibs []*sibling, release <-chan struct{}, wait waiter) {
	for _, s := range sibs {
		g.Go(func(ctx context.Context) error {
			defer close(s.stopped)
			s.ctx = ctx
			close(s.started)
			err := wait(ctx, release)
			if err != nil {
				close(s.observed)
			}
			return err
		})
	}
}

func awaitStarted(ctx context.Context, sibs []*sibling) error {
	for _, s := range sibs {
		if err := harness.Await(ctx, s.started, "every sibling to start"); err != nil {
			return err
		}
	}
	return nil
}

// fail starts a task that fails with msg, and waits until the group has dealt with the failure:
// the goroutine that ran the task has returned it to the group and then exited or gone idle.
func (s *state) fail(ctx context.Context, msg string) error {
	tg := &s.taskGroup
	failure := errors.New(msg)
	tg.failure = failure
	ran := make(chan int64, 1)
	s.group.group.Go(func(context.Context) error {
		ran <- harness.GoroutineID()
		return failure
	})
	tg.failedIn = <-ran
	_, err := harness.AwaitParked(ctx, tg.failedIn, "the goroutine that ran the failing task")
	return err
}

func (s *state) oneFailsWhileSiblingsWait(ctx context.Context, msg, n string) error {
	if err := s.needGroup(); err != nil {
		return err
	}
	k, err := stepkit.Count("the number of siblings", n, stepkit.MaxGoroutines)
	if err != nil {
		return err
	}
	if err := s.startSiblings(ctx, k, "honours its context"); err != nil {
		return err
	}
	if err := s.fail(ctx, msg); err != nil {
		return err
	}
	s.group.waitInBackground(nil)
	return nil
}

func (s *state) oneFailsWhileSiblingIgnores(ctx context.Context, msg string) error {
	if err := s.needGroup(); err != nil {
		return err
	}
	if err := s.startSiblings(ctx, 1, "ignores its context"); err != nil {
		return err
	}
	if err := s.fail(ctx, msg); err != nil {
		return err
	}
	s.group.waitInBackground(nil)
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
	s.group.waitInBackground(nil)
	return nil
}

func (s *state) siblingCount(n string) error {
	if got := fmt.Sprint(len(s.taskGroup.siblings)); got != n {
		return fmt.Errorf("%s siblings expected, but the scenario started %s", n, got)
	}
	return nil
}

func (s *state) allSiblingsObserve(ctx context.Context, n string) error {
	return s.siblingsObserve(ctx, n, "the first failure cancels every sibling")
}

// siblingsObserve waits (bounded) until each of the n siblings has observed cancellation, and
// records observed as the conformance fact.
func (s *state) siblingsObserve(ctx context.Context, n, observed string) error {
	if err := s.siblingCount(n); err != nil {
		return err
	}
	for i, sib := range s.taskGroup.siblings {
		what := fmt.Sprintf("sibling %d of %s to observe cancellation", i+1, n)
		if err := harness.Await(ctx, sib.observed, what); err != nil {
			return err
		}
	}
	// What Wait returned (or whether it panicked) is for a later step to say.
	if err := s.group.awaitWaitOrPanic(ctx); err != nil {
		return err
	}
	return s.conform(ctx, harness.Holds, observed)
}

func (s *state) noSiblingObserves(ctx context.Context) error {
	tg := &s.taskGroup
	// fail() returned only once the group had dealt with the failure, so a group that cancels
	// on failure has cancelled by now.
	if err := tg.siblings[0].ctx.Err(); err != nil {
		return fmt.Errorf("the siblings' context was cancelled (%v) after %q failed", err, tg.failure)
	}
	s.group.release.Open()
	if err := s.group.awaitWait(ctx); err != nil {
		return err
	}
	for i, sib := range tg.siblings {
		select {
		case <-sib.observed:
			return fmt.Errorf("sibling %d observed cancellation", i+1)
		default:
		}
	}
	return s.conform(ctx, harness.Differs, "a failure does not cancel the siblings: they run until they finish")
}

func (s *state) waitErrors(ctx context.Context) ([]error, error) {
	if err := s.group.awaitWait(ctx); err != nil {
		return nil, err
	}
	return stepkit.Flatten(s.group.waitErr), nil
}

func (s *state) waitReturnsOnly(ctx context.Context, msg string) error {
	errs, err := s.waitErrors(ctx)
	if err != nil {
		return err
	}
	if len(errs) != 1 || errs[0].Error() != msg {
		return fmt.Errorf("the group's Wait returned %s, want only %q", stepkit.Messages(errs), msg)
	}
	return s.conform(ctx, harness.Holds, fmt.Sprintf("Wait returned only %q", msg))
}

func (s *state) waitReturnsJoinedWithCopies(ctx context.Context, first, n, other string) error {
	errs, err := s.waitErrors(ctx)
	if err != nil {
		return err
	}
	want := []string{first}
	for range len(s.taskGroup.siblings) {
		want = append(want, other)
	}
	if fmt.Sprint(len(want)-1) != n {
		return fmt.Errorf("the scenario has %d siblings, the step expects %s copies", len(want)-1, n)
	}
	if err := sameMessages(errs, want); err != nil {
		return err
	}
	return s.conform(ctx, harness.Differs, fmt.Sprintf("Wait returns every error joined: the failure and each cancelled sibling's %q", other))
}

func (s *state) waitReturnsJoined(ctx context.Context, list string) error {
	errs, err := s.waitErrors(ctx)
	if err != nil {
		return err
	}
	if err := sameMessages(errs, quotedList(list)); err != nil {
		return err
	}
	return s.conform(ctx, harness.Differs, "Wait returns every task's error, joined in the order they failed")
}

func sameMessages(errs []error, want []string) error {
	got := make([]string, len(errs))
	for i, e := range errs {
		got[i] = e.Error()
	}
	if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
		return fmt.Errorf("the group's Wait returned %s, want %q joined", stepkit.Messages(errs), want)
	}
	return nil
}

// taskContext is the context the group's tasks received.
func (s *state) taskContext() (context.Context, error) {
	if len(s.taskGroup.siblings) == 0 {
		return nil, fmt.Errorf("no sibling task ran, so there is no task context to look at")
	}
	return s.taskGroup.siblings[0].ctx, nil
}

func (s *state) causeIs(ctx context.Context, msg string) error {
	taskCtx, err := s.taskContext()
	if err != nil {
		return err
	}
	if cause := context.Cause(taskCtx); !errors.Is(cause, s.taskGroup.failure) || cause.Error() != msg {
		return fmt.Errorf("context.Cause gives %v, want the failing task's own error %q", cause, msg)
	}
	return s.conform(ctx, harness.Holds, "context.Cause gives the failing task's error")
}

func (s *state) noCause(ctx context.Context) error {
	taskCtx, err := s.taskContext()
	if err != nil {
		return err
	}
	if cause := context.Cause(taskCtx); cause != context.Canceled {
		return fmt.Errorf("context.Cause gives %v, want plain context.Canceled", cause)
	}
	return s.conform(ctx, harness.Differs, "the context is cancelled without a cause: context.Cause gives context.Canceled")
}

func (s *state) neverCancelled(ctx context.Context) error {
	taskCtx, err := s.taskContext()
	if err != nil {
		return err
	}
	if err := s.group.awaitWait(ctx); err != nil {
		return err
	}
	if err := taskCtx.Err(); err != nil {
		return fmt.Errorf("the tasks' context is cancelled (%v, cause %v)", err, context.Cause(taskCtx))
	}
	return s.conform(ctx, harness.Differs, "the tasks' context is never cancelled by the group, even after Wait")
}

func (s *state) ignoringSiblingCaught(ctx context.Context, millis string) error {
	ms, err := stepkit.Count("the wait in milliseconds", millis, 60_000)
	if err != nil {
		return err
	}
	sib := s.taskGroup.siblings[0]
	if err := harness.Await(ctx, sib.ctx.Done(), "the group to cancel the sibling's context"); err != nil {
		return err
	}
	what := "the sibling that ignores its context to stop"
	err = harness.AwaitWithin(sib.stopped, time.Duration(ms)*time.Millisecond, what)
	if !errors.Is(err, harness.ErrBoundExceeded) || !strings.Contains(err.Error(), "still waiting for "+what) {
		return fmt.Errorf("the bounded wait should have reported the sibling still running; it said: %v", err)
	}
	s.group.release.Open()
	return s.group.awaitWait(ctx)
}
