package taskgroups

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
	"github.com/cucumber/godog"
)

// panicState is what a group-panic scenario keeps: the error value a task panicked with, if it
// panicked with an error, and whether the panic ran in a child process.
type panicState struct {
	value   *panicValue
	inChild bool
}

// panicValue is an error a task panics with: errors.Is and errors.As must find it through the
// error Wait returns.
type panicValue struct{ msg string }

func (p *panicValue) Error() string { return p.msg }

func (s *state) registerGroupPanics(sc *godog.ScenarioContext) {
	sc.When(stepkit.Re(`^one task panics with "([^"]+)" while a sibling waits on its context$`), func(ctx context.Context, msg string) error {
		return s.onePanics(ctx, msg, msg)
	})
	sc.When(stepkit.Re(`^one task panics with the error "([^"]+)" while a sibling waits on its context$`), func(ctx context.Context, msg string) error {
		s.panics.value = &panicValue{msg: msg}
		return s.onePanics(ctx, msg, s.panics.value)
	})
	sc.When(stepkit.Re(`^one task panics with "([^"]+)" in a child process$`), s.onePanicsInChild)
	sc.Then(stepkit.Re(`^the sibling observes cancellation$`), s.theSiblingObserves)
	sc.Then(stepkit.Re(`^Wait returns the panic as an error carrying "([^"]+)" and the stack of "([^"]+)"$`), s.panicBecameError)
	sc.Then(stepkit.Re(`^the check that Wait returns the panic as an error carrying "([^"]+)" and the stack of "([^"]+)" fails, for the process died with "([^"]+)"$`), s.panicCheckFails)
	sc.Then(stepkit.Re(`^errors\.Is and errors\.As find the task's error "([^"]+)" in the error Wait returns$`), s.panicErrorUnwraps)
	sc.Then(stepkit.Re(`^Wait panics with "([^"]+)"$`), s.waitPanics)
	sc.Then(stepkit.Re(`^the child process dies with exit status (\d+) and "([^"]+)"$`), s.childDied)
	sc.Then(stepkit.Re(`^Wait had not returned when the process died$`), s.waitNeverReturned)
}

// explode is the panicking task; scenarios look for its name in the stack a group reports.
func explode(value any) error {
	panic(value)
}

// onePanics starts a sibling that waits on its context, then a task that panics with value
// (named msg in messages), and calls Wait once the group has dealt with the panic.
func (s *state) onePanics(ctx context.Context, msg string, value any) error {
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
		return func(context.Context) error { return explode(value) }
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
	if err := s.panicCheck(ctx, msg, frame); err != nil {
		return err
	}
	return s.conform(ctx, harness.Holds, "the panic becomes the error Wait returns, with its value and stack")
}

// panicCheckFails is the negative control: the panic-as-error check fires on a group that lets
// the panic kill the process (run in a child process), saying how it died.
func (s *state) panicCheckFails(ctx context.Context, msg, frame, died string) error {
	err := s.panicCheck(ctx, msg, frame)
	if err == nil || !strings.Contains(err.Error(), "the process died") || !strings.Contains(err.Error(), died) {
		return fmt.Errorf("the %s check should have said that the process died with %q; it said: %v", panicAsError, died, err)
	}
	return nil
}

// panicCheck is the panic-as-error check: Wait returned an error carrying the panic value msg
// and a stack through frame — in this process, or in the child process that ran the panic,
// which must not have died of it.
func (s *state) panicCheck(ctx context.Context, msg, frame string) error {
	if s.panics.inChild {
		r, err := shared.LastChild(ctx, false)
		if err != nil {
			return err
		}
		var out Result
		if r.ExitCode == 0 {
			if err := json.Unmarshal([]byte(r.Stdout), &out); err != nil {
				return fmt.Errorf("the child's output is not the JSON it should print: %w\n%s", err, shared.ChildOutput(r))
			}
		}
		return harness.Detect(ctx, panicAsError, func() error {
			if r.ExitCode != 0 {
				return fmt.Errorf("the process died with exit status %d before the %s group's Wait returned: nothing recovered the panic, so Wait could not return it as an error. The child's output:\n%s",
					r.ExitCode, s.group.name, shared.ChildOutput(r))
			}
			return carries(out.Error, msg, frame)
		})
	}
	if err := s.awaitWait(ctx); err != nil {
		return err
	}
	return harness.Detect(ctx, panicAsError, func() error {
		if s.group.waitErr == nil {
			return fmt.Errorf("the %s group's Wait returned nil; want an error with the panic value %q and a stack through %q", s.group.name, msg, frame)
		}
		return carries(s.group.waitErr.Error(), msg, frame)
	})
}

// carries says whether the text of the error Wait returned carries the panic value and a stack
// through frame.
func carries(returned, msg, frame string) error {
	if !strings.Contains(returned, msg) || !strings.Contains(returned, frame) {
		return fmt.Errorf("Wait returned %s; want an error with the panic value %q and a stack through %q", quoteShort(returned), msg, frame)
	}
	return nil
}

// panicErrorUnwraps is the panic-as-error check for a task that panicked with an error: a
// caller that tests Wait's error with errors.Is or errors.As finds the value the task panicked
// with.
func (s *state) panicErrorUnwraps(ctx context.Context, msg string) error {
	value := s.panics.value
	if value == nil || value.msg != msg {
		return fmt.Errorf("no task of the scenario panicked with the error %q", msg)
	}
	if err := s.awaitWait(ctx); err != nil {
		return err
	}
	err := harness.Detect(ctx, panicAsError, func() error {
		got := s.group.waitErr
		var as *panicValue
		switch {
		case !errors.Is(got, value):
			return fmt.Errorf("the %s group's Wait returned %s, which is not errors.Is the error %q the task panicked with: the panic's error must be reachable through Unwrap", s.group.name, describe(got), msg)
		case !errors.As(got, &as) || as != value:
			return fmt.Errorf("errors.As finds no %T in what the %s group's Wait returned, %s", value, s.group.name, describe(got))
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.conform(ctx, harness.Holds, "a panic with an error value is that error, for errors.Is and errors.As")
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
	s.panics.inChild = true
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
