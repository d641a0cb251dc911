package taskgroups

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
	"github.com/cucumber/godog"
)

func (s *state) registerGroupPanics(sc *godog.ScenarioContext) {
	sc.When(stepkit.Re(`^one task panics with "([^"]+)" while a sibling waits on its context$`), s.onePanics)
	sc.When(stepkit.Re(`^one task panics with "([^"]+)" in a child process$`), s.onePanicsInChild)
	sc.Then(stepkit.Re(`^the sibling observes cancellation$`), s.theSiblingObserves)
	sc.Then(stepkit.Re(`^Wait returns the panic as an error carrying "([^"]+)" and the stack of "([^"]+)"$`), s.panicBecameError)
	sc.Then(stepkit.Re(`^Wait panics with "([^"]+)"$`), s.waitPanics)
	sc.Then(stepkit.Re(`^the child process dies with exit status (\d+) and "([^"]+)"$`), s.childDied)
	sc.Then(stepkit.Re(`^Wait had not returned when the process died$`), s.waitNeverReturned)
}

// explode is the panicking task; scenarios look for its name in the stack a group reports.
func explode(msg string) error {
	panic(msg)
}

func (s *state) onePanics(ctx context.Context, msg string) error {
	if err := s.needGroup(); err != nil {
		return err
	}
	if s.group.impl.Panics == PanicCrashes {
		return fmt.Errorf("a panic in a %s task %s: run it with the step `When one task panics with %q in a child process`",
			s.group.name, PanicCrashes, msg)
	}
	l := s.group.ledger
	if err := s.startSiblings(ctx, 1, "honours its context"); err != nil {
		return err
	}
	t := l.addFailing(fmt.Sprintf("the task panicking with %q", msg), nil)
	if err := s.submit(ctx, l, []*taskRecord{t}, func(*taskRecord) func(context.Context) error {
		return func(context.Context) error { return explode(msg) }
	}); err != nil {
		return err
	}
	// The group has dealt with the panic once nothing moves; Wait is called only then, so that the
	// sibling shows whether the panic itself cancelled it.
	if _, err := harness.AwaitQuiet(ctx, fmt.Sprintf("the %s to deal with %s", l.group, t.name)); err != nil {
		return err
	}
	s.group.startWait()
	return nil
}

func (s *state) theSiblingObserves(ctx context.Context) error {
	return s.allSiblingsObserve(ctx, "1")
}

func (s *state) panicBecameError(ctx context.Context, msg, frame string) error {
	if err := s.awaitWait(ctx); err != nil {
		return err
	}
	err := s.group.waitErr
	if err == nil || !strings.Contains(err.Error(), msg) || !strings.Contains(err.Error(), frame) {
		return fmt.Errorf("the group's Wait returned %s; want an error with the panic value %q and a stack through %q", describe(err), msg, frame)
	}
	return s.conform(ctx, harness.Holds, "the panic becomes the error Wait returns, with its value and stack")
}

func (s *state) waitPanics(ctx context.Context, msg string) error {
	if err := s.awaitWaitOrPanic(ctx); err != nil {
		return err
	}
	if p := s.group.waitPanic; p == nil || !strings.Contains(fmt.Sprint(p), msg) {
		return fmt.Errorf("the group's Wait should have panicked with %q; it returned %s (panic: %v)", msg, describe(s.group.waitErr), p)
	}
	return s.conform(ctx, harness.Differs, "Wait panics again with the task's panic value and stack")
}

func (s *state) onePanicsInChild(ctx context.Context, msg string) error {
	if err := s.needGroup(); err != nil {
		return err
	}
	var out Result
	return shared.RunChild(ctx, false, &out, "group-panic", "-impl", s.group.name, "-message", msg)
}

func (s *state) childDied(ctx context.Context, status, msg string) error {
	r, err := shared.LastChild(ctx, false)
	if err != nil {
		return err
	}
	if strconv.Itoa(r.ExitCode) != status || !strings.Contains(r.Stderr, msg) {
		return fmt.Errorf("expected the child to die with exit status %s and %q; got:\n%s", status, msg, shared.ChildOutput(r))
	}
	return nil
}

func (s *state) waitNeverReturned(ctx context.Context) error {
	r, err := shared.LastChild(ctx, false)
	if err != nil {
		return err
	}
	if out := strings.TrimSpace(r.Stdout); out != "" {
		return fmt.Errorf("the child's Wait returned before it died: %s", out)
	}
	return s.conform(ctx, harness.Differs, "nothing recovers the panic: the process dies before Wait returns")
}
