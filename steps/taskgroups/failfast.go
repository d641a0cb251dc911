package taskgroups

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/concspec/concspec/internal/harness"
)

// The Then steps of the fail-fast and collect-all scenarios (R11, R13): whether the siblings
// observed the cancellation, what Wait returned, and what context.Cause says.

func (s *state) siblingCount(n string) error {
	if got := fmt.Sprint(len(s.taskGroup.siblings)); got != n {
		return fmt.Errorf("%s siblings expected, but the scenario started %s", n, got)
	}
	return nil
}

func (s *state) allSiblingsObserve(ctx context.Context, n string) error {
	if err := s.siblingCount(n); err != nil {
		return err
	}
	if err := s.cancelledByTheFailure(ctx); err != nil {
		return err
	}
	return s.releaseSiblings(ctx, "the first failure cancels every sibling")
}

// siblingsCheckFails is the negative control: the sibling-cancellation check fires on a group
// whose failure does not cancel the siblings, saying what it saw (want, if not empty).
func (s *state) siblingsCheckFails(ctx context.Context, n, want string) error {
	if err := s.siblingCount(n); err != nil {
		return err
	}
	err := s.cancelledByTheFailure(ctx)
	switch {
	case err == nil:
		return fmt.Errorf("the %s check did not fire on the %s group", siblingCancel, s.group.name)
	case !strings.Contains(err.Error(), want):
		return fmt.Errorf("the %s check fired without saying %q; it said: %v", siblingCancel, want, err)
	}
	return s.releaseSiblings(ctx, "")
}

// cancelledByTheFailure is the sibling-cancellation check: once the failure had been dealt
// with, before Wait was called, every sibling had observed cancellation on its own.
func (s *state) cancelledByTheFailure(ctx context.Context) error {
	l, sibs := s.taskGroup.siblingsIn, s.taskGroup.siblings
	return harness.Detect(ctx, siblingCancel, func() error {
		if err := notObservedByTheFailure(l, sibs); err != nil {
			return err
		}
		return s.siblingsObserved(ctx)
	})
}

// siblingsObserved waits for each sibling the group started to observe cancellation, as long as
// something in the scenario can still bring it; a sibling the group skipped is not waited for.
func (s *state) siblingsObserved(ctx context.Context) error {
	l := s.taskGroup.siblingsIn
	for _, sib := range s.taskGroup.siblings {
		if l.skipped(ctx, sib) {
			continue // the cancellation reached the group before it could start this one
		}
		if err := settle(ctx, l, sib.observed, "the wait for "+sib.name+" to observe cancellation", func() string { return stillWaits(l, sib) }); err != nil {
			return err
		}
	}
	return nil
}

// releaseSiblings lets the siblings return one at a time once the group has settled, judges the
// join, and records observed as the conformance fact (none if empty). What Wait returned, or
// whether it panicked, is for a later step to say.
func (s *state) releaseSiblings(ctx context.Context, observed string) error {
	if _, err := harness.AwaitQuiet(ctx, "the group to settle with every sibling held"); err != nil {
		return err
	}
	if err := letGo(ctx, s.taskGroup.siblingsIn, s.taskGroup.siblings); err != nil {
		return err
	}
	if err := s.awaitWaitOrPanic(ctx); err != nil {
		return err
	}
	if observed == "" {
		return nil
	}
	return s.conform(ctx, harness.Holds, observed)
}

// stillWaits says why a task that waits on its context has not observed cancellation: its
// context is not cancelled (though the root may be), or it is and the task does not look.
func stillWaits(l *ledger, t *taskRecord) string {
	v := l.of([]*taskRecord{t})[0]
	switch {
	case v.ctx != nil && v.ctx.Err() != nil:
		return fmt.Sprintf("%s's context is cancelled (cause %s) but it has not observed it: it does not look at its context", t.name, describe(context.Cause(v.ctx)))
	case l.root.Err() != nil:
		return fmt.Sprintf("%s still waits on its context, which the root's cancellation (cause %s) has not reached: its context is not derived from the root (a group, or the task that started one, rooted it in another context such as context.Background())",
			t.name, describe(context.Cause(l.root)))
	}
	return fmt.Sprintf("%s still waits on its context, which nothing has cancelled", t.name)
}

// notObservedByTheFailure fails unless every sibling observed cancellation before Wait was
// called: the failure had been dealt with and the scenario was quiet then, so a sibling that had
// not observed it was not cancelled by the failure — at best by Wait, too late for fail-fast.
func notObservedByTheFailure(l *ledger, sibs []*taskRecord) error {
	var missed []string
	var first taskView
	for _, v := range l.of(sibs) {
		if !v.observedBeforeWait {
			if len(missed) == 0 {
				first = v
			}
			missed = append(missed, v.t.name)
		}
	}
	if len(missed) == 0 {
		return nil
	}
	l.mu.Lock()
	failure := l.failure
	l.mu.Unlock()
	cause := "the failing task"
	if failure != nil {
		cause = failure.name
	}
	state := "its context has not been cancelled"
	switch {
	case first.cancelledBeforeWait:
		state = fmt.Sprintf("its context was cancelled before Wait was called (cause %s), and it has not observed it: it does not look at its context", describe(context.Cause(first.ctx)))
	case first.ctx != nil && first.ctx.Err() != nil:
		state = fmt.Sprintf("its context was cancelled only once Wait had been called (cause %s): too late for fail-fast", describe(context.Cause(first.ctx)))
	}
	return fmt.Errorf("%s of %d siblings had not observed cancellation once %s had ended and the %s had done all it would do (every goroutine of the scenario waited on another), before Wait was called; for %s, %s. The first failure must cancel the other tasks' context when it happens, not when Wait is called",
		names(missed), len(sibs), cause, l.group, first.t.name, state)
}

func (s *state) noSiblingObserves(ctx context.Context) error {
	l, sibs := s.taskGroup.siblingsIn, s.taskGroup.siblings
	// fail() returned only once the group had dealt with the failure, so a group that cancels
	// on failure has cancelled by now.
	for _, v := range l.of(sibs) {
		if v.ctx != nil && v.ctx.Err() != nil {
			return fmt.Errorf("%s's context was cancelled (cause %s) after the task failed", v.t.name, describe(context.Cause(v.ctx)))
		}
	}
	if _, err := harness.AwaitQuiet(ctx, "Wait to block while the siblings run on"); err != nil {
		return err
	}
	if err := letGo(ctx, l, sibs); err != nil {
		return err
	}
	if err := s.awaitWait(ctx); err != nil {
		return err
	}
	for _, sib := range sibs {
		select {
		case <-sib.observed:
			return fmt.Errorf("%s observed cancellation", sib.name)
		default:
		}
	}
	return s.conform(ctx, harness.Differs, "a failure does not cancel the siblings: they run until they finish")
}

// failingTask returns the scenario's task that fails with msg.
func (s *state) failingTask(msg string) (*taskRecord, error) {
	if t := s.group.ledger.failing(msg); t != nil {
		return t, nil
	}
	return nil, fmt.Errorf("no task of the scenario fails with %q", msg)
}

func (s *state) waitReturnsOnly(ctx context.Context, msg string) error {
	t, err := s.waitedFor(ctx, msg)
	if err != nil {
		return err
	}
	if err := s.returnedOnly(ctx, t); err != nil {
		return err
	}
	return s.conform(ctx, harness.Holds, fmt.Sprintf("Wait returned only %q", msg))
}

// returnedOnlyFails is the negative control: the check on what Wait returned fires on a group
// that does not hand back the first error.
func (s *state) returnedOnlyFails(ctx context.Context, msg string) error {
	t, err := s.waitedFor(ctx, msg)
	if err != nil {
		return err
	}
	if s.returnedOnly(ctx, t) == nil {
		return fmt.Errorf("the %s check did not fire on the %s group, whose Wait returned %s", waitError, s.group.name, describe(s.group.waitErr))
	}
	return nil
}

// waitedFor waits for Wait (judging the join and the ledger) and returns the task failing with
// msg.
func (s *state) waitedFor(ctx context.Context, msg string) (*taskRecord, error) {
	if err := s.awaitWait(ctx); err != nil {
		return nil, err
	}
	return s.failingTask(msg)
}

// returnedOnly is the check on what Wait returned: t's error, alone (wrapped or not).
func (s *state) returnedOnly(ctx context.Context, t *taskRecord) error {
	return harness.Detect(ctx, waitError, func() error {
		if fault := onlyFault(s.group.waitErr, t, s.group.ledger.view()); fault != "" {
			return fmt.Errorf("the %s group's %s", s.group.name, fault)
		}
		return nil
	})
}

func (s *state) waitReturnsJoinedWithCopies(ctx context.Context, first, n, other string) error {
	if err := s.awaitWait(ctx); err != nil {
		return err
	}
	t, err := s.failingTask(first)
	if err != nil {
		return err
	}
	sibs := s.taskGroup.siblingsIn.of(s.taskGroup.siblings)
	if fmt.Sprint(len(sibs)) != n {
		return fmt.Errorf("the scenario has %d siblings, the step expects %s copies", len(sibs), n)
	}
	// The siblings' errors come in the order they returned.
	slices.SortFunc(sibs, func(a, b taskView) int { return a.returnNumber - b.returnNumber })
	want := []expected{{text: first, err: t.want}}
	for _, v := range sibs {
		want = append(want, expected{text: other, err: v.err})
	}
	if err := s.sameErrors(ctx, want); err != nil {
		return err
	}
	return s.conform(ctx, harness.Differs, fmt.Sprintf("Wait returns every error joined: the failure and each cancelled sibling's %q", other))
}

func (s *state) waitReturnsJoined(ctx context.Context, list string) error {
	if err := s.awaitWait(ctx); err != nil {
		return err
	}
	var want []expected
	for _, msg := range quotedList(list) {
		t, err := s.failingTask(msg)
		if err != nil {
			return err
		}
		if v := s.group.ledger.of([]*taskRecord{t})[0]; !v.started {
			return fmt.Errorf("Wait cannot return %s's error: the %s group skipped it (it never started, the group having been cancelled)", t.name, s.group.name)
		}
		want = append(want, expected{text: msg, err: t.want})
	}
	if err := s.sameErrors(ctx, want); err != nil {
		return err
	}
	return s.conform(ctx, harness.Differs, "Wait returns every task's error, joined in the order they failed")
}

// siblingContexts returns the contexts the siblings received.
func (s *state) siblingContexts() ([]taskView, error) {
	var out []taskView
	if l := s.taskGroup.siblingsIn; l != nil {
		for _, v := range l.of(s.taskGroup.siblings) {
			if v.ctx != nil {
				out = append(out, v)
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no sibling task ran, so there is no task context to look at")
	}
	return out, nil
}

func (s *state) causeIs(ctx context.Context, msg string) error {
	t, sibs, err := s.causeInputs(msg)
	if err != nil {
		return err
	}
	if err := s.causeCheck(ctx, t, sibs); err != nil {
		return err
	}
	return s.conform(ctx, harness.Holds, "context.Cause gives the failing task's error")
}

// causeFails is the negative control: the cause check fires on a group that cancels the
// siblings without the failure as the cause.
func (s *state) causeFails(ctx context.Context, msg string) error {
	t, sibs, err := s.causeInputs(msg)
	if err != nil {
		return err
	}
	if s.causeCheck(ctx, t, sibs) == nil {
		return fmt.Errorf("the %s check did not fire on the %s group: every sibling's context.Cause is %q", causeCheck, s.group.name, msg)
	}
	return nil
}

// causeInputs are the task failing with msg and the siblings' contexts.
func (s *state) causeInputs(msg string) (*taskRecord, []taskView, error) {
	t, err := s.failingTask(msg)
	if err != nil {
		return nil, nil, err
	}
	sibs, err := s.siblingContexts()
	return t, sibs, err
}

// causeCheck is the cause check: context.Cause of every sibling's context is errors.Is t's error.
func (s *state) causeCheck(ctx context.Context, t *taskRecord, sibs []taskView) error {
	return harness.Detect(ctx, causeCheck, func() error {
		for _, v := range sibs {
			if cause := context.Cause(v.ctx); !errors.Is(cause, t.want) {
				return fmt.Errorf("context.Cause(%s's context) gives %s; want the failing task's own error %s, possibly wrapped: %s",
					v.t.name, describe(cause), describe(t.want), notTheSame(cause, t.want))
			}
		}
		return nil
	})
}

func (s *state) noCause(ctx context.Context) error {
	sibs, err := s.siblingContexts()
	if err != nil {
		return err
	}
	l := s.group.ledger
	l.mu.Lock()
	failure := l.failure
	l.mu.Unlock()
	for _, v := range sibs {
		cause := context.Cause(v.ctx)
		if !errors.Is(cause, context.Canceled) || failure != nil && failure.want != nil && errors.Is(cause, failure.want) {
			return fmt.Errorf("context.Cause(%s's context) gives %s, want plain context.Canceled", v.t.name, describe(cause))
		}
	}
	return s.conform(ctx, harness.Differs, "the context is cancelled without a cause: context.Cause gives context.Canceled")
}

func (s *state) neverCancelled(ctx context.Context) error {
	sibs, err := s.siblingContexts()
	if err != nil {
		return err
	}
	if err := s.awaitWait(ctx); err != nil {
		return err
	}
	for _, v := range sibs {
		if err := v.ctx.Err(); err != nil {
			return fmt.Errorf("%s's context is cancelled (%v, cause %s)", v.t.name, err, describe(context.Cause(v.ctx)))
		}
	}
	return s.conform(ctx, harness.Differs, "the tasks' context is never cancelled by the group, even after Wait")
}
