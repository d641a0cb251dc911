package lifetimes

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/lifetime"
)

// forgotten is a task started fire-and-forget: its goroutine, and the ledger of its error.
type forgotten struct {
	goroutine int64
	errors    ledger
}

// ledger counts the errors tasks produced and those someone heard.
type ledger struct {
	produced, heard atomic.Int64
}

// ledgerError is an error the ledger follows. Hearing an error is reading it: the first time
// anyone asks for its message (Error) or what it is (errors.Is), it counts as heard.
type ledgerError struct {
	msg  string
	l    *ledger
	once sync.Once
}

// produce returns a new error the ledger follows.
func (l *ledger) produce(msg string) error {
	l.produced.Add(1)
	return &ledgerError{msg: msg, l: l}
}

func (e *ledgerError) hear() { e.once.Do(func() { e.l.heard.Add(1) }) }

// Error counts the error as heard and returns its message.
func (e *ledgerError) Error() string {
	e.hear()
	return e.msg
}

// Is counts the error as heard; it matches no other error.
func (e *ledgerError) Is(error) bool {
	e.hear()
	return false
}

func (s *state) taskFiredAndForgotten(ctx context.Context, msg string) error {
	release, err := s.gate(ctx)
	if err != nil {
		return err
	}
	id := make(chan int64, 1)
	lifetime.FireAndForget(func() error {
		id <- harness.GoroutineID()
		<-release.Wait()
		return s.task.errors.produce(msg)
	})
	s.task.goroutine = <-id // the task says its ID first, into a buffer with room for it
	return nil
}

// errorCheck is the ledger's verdict: every error produced was heard.
func (s *state) errorCheck(ctx context.Context) error {
	return harness.Detect(ctx, errorHeard, func() error {
		if produced, heard := s.task.errors.produced.Load(), s.task.errors.heard.Load(); heard < produced {
			return fmt.Errorf("%d of the %d errors the tasks produced reached nobody", produced-heard, produced)
		}
		return nil
	})
}

// errorHeardFails lets the fire-and-forget task fail, waits until its goroutine is gone (nobody
// can hear the error after that), and shows the ledger firing: the error was produced, and
// nobody read it.
func (s *state) errorHeardFails(ctx context.Context, produced, heard string) error {
	if s.release == nil {
		return fmt.Errorf("no task was started fire-and-forget")
	}
	s.release.Open()
	gone, err := harness.AwaitParked(ctx, s.task.goroutine, "the fire-and-forget task")
	if err != nil {
		return err
	}
	if !gone {
		return fmt.Errorf("the fire-and-forget task's goroutine is parked at %s after its gate opened: it should have failed and ended", stateOf(s.task.goroutine))
	}
	p, h := s.task.errors.produced.Load(), s.task.errors.heard.Load()
	if s.errorCheck(ctx) == nil {
		return fmt.Errorf("the error ledger did not fire: it counts %d errors produced and %d heard", p, h)
	}
	if fmt.Sprint(p) != produced || fmt.Sprint(h) != heard {
		return fmt.Errorf("the ledger counts %d errors produced and %d heard, want %s and %s", p, h, produced, heard)
	}
	return nil
}

// stateOf is where goroutine id waits, as the scheduler says.
func stateOf(id int64) string {
	state, _ := harness.GoroutineState(id)
	return fmt.Sprintf("%q (goroutine %d)", state, id)
}
