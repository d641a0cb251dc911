package shared

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/concspec/concspec/internal/harness"
)

// BoundedWait is the detector of the waits below: a wait that runs out is the detector firing.
// A negative control that shows something does NOT happen (a receive from a nil channel, a task
// that ignores its cancellation) says so with RunsOut, and a detector-off mutant, in which a wait
// that runs out returns nil, turns it red. The goroutine-lifetimes concept declares it.
const BoundedWait harness.Detector = "bounded wait"

// Diagnosis says, from the scenario's goroutines as a wait that ran out found them, who is parked
// where and why that breaks or blocks the rule. parked is nil when the goroutines could not be
// read; the dump that follows the words then shows them all.
type Diagnosis func(parked []harness.Goroutine) string

// The waits below are for steps that cannot use harness.Call or Settle: a step that measures
// (Call looks at the goroutines again and again while it waits, which costs the processor time
// being measured), and a step whose goroutines wait on timers or I/O (they look blocked while
// they wait, so "the scenario went quiet" would be said too soon). They never poll: they select
// on the awaited channel and a timer, and read the goroutines only once the bound has passed.

// Await waits for done (a value or its close) for at most harness.AwaitBound; past the bound it
// fails with what was awaited, the diagnosis and the scenario's goroutines.
func Await(ctx context.Context, done <-chan struct{}, what string, diagnose Diagnosis) error {
	_, _, err := ReceiveWithin(ctx, done, harness.AwaitBound(ctx), what, diagnose)
	return err
}

// Receive is Await for a value: it returns the value and whether the channel was still open.
func Receive[T any](ctx context.Context, ch <-chan T, what string, diagnose Diagnosis) (T, bool, error) {
	return ReceiveWithin(ctx, ch, harness.AwaitBound(ctx), what, diagnose)
}

// ReceiveWithin is Receive with an explicit bound.
func ReceiveWithin[T any](ctx context.Context, ch <-chan T, bound time.Duration, what string, diagnose Diagnosis) (T, bool, error) {
	v, ok, err := receiveWithin(ctx, ch, bound, what, diagnose)
	return v, ok, detected(ctx, err)
}

// RunsOut is a negative control's bounded wait: done is what must NOT happen within bound, and
// RunsOut returns nil when the wait runs out, the bounded-wait detector firing. It fails when
// done came within the bound, and when the detector is switched off.
func RunsOut(ctx context.Context, done <-chan struct{}, bound time.Duration, what string, diagnose Diagnosis) error {
	_, _, err := ReceiveWithin(ctx, done, bound, what, diagnose)
	switch {
	case err == nil:
		return fmt.Errorf("the bounded wait did not fire: it did not find %s still missing after %s", what, bound)
	case !errors.Is(err, harness.ErrBoundExceeded):
		return err
	}
	return nil
}

// receiveWithin waits for ch for at most bound; past the bound it returns the error of a wait
// that ran out, whatever the detector says.
func receiveWithin[T any](ctx context.Context, ch <-chan T, bound time.Duration, what string, diagnose Diagnosis) (v T, ok bool, err error) {
	timer := time.NewTimer(bound)
	defer timer.Stop()
	select {
	case v, ok = <-ch:
		return v, ok, nil
	case <-timer.C:
		return v, false, ranOut(ctx, fmt.Sprintf("still waiting for %s after %s", what, bound), diagnose)
	}
}

// Send sends v on ch, waiting for a receiver for at most harness.AwaitBound.
func Send[T any](ctx context.Context, ch chan<- T, v T, what string, diagnose Diagnosis) error {
	bound := harness.AwaitBound(ctx)
	timer := time.NewTimer(bound)
	defer timer.Stop()
	select {
	case ch <- v:
		return nil
	case <-timer.C:
		return detected(ctx, ranOut(ctx, fmt.Sprintf("still waiting to hand over %s after %s", what, bound), diagnose))
	}
}

// Do runs fn in a goroutine of the scenario and waits for it to return for at most
// harness.AwaitBound. Past the bound it fails with the diagnosis, and then cancels the context
// fn was given, so that blocking work that honours it (a request, a child process) lets go. A
// step that measures wraps the measured call in Do: the timing is taken inside fn, the wait
// costs nothing while it runs.
func Do(ctx context.Context, what string, fn func(context.Context), diagnose Diagnosis) error {
	return DoWithin(ctx, harness.AwaitBound(ctx), what, fn, diagnose)
}

// LongBound is half the scenario's hang bound, as harness.RunChild gives a child by default: the
// bound for a run that may rightly take seconds (ten thousand timed requests under the race
// detector, a program in another runtime), where AwaitBound would cut it off.
func LongBound(ctx context.Context) time.Duration {
	return 2 * harness.AwaitBound(ctx)
}

// DoWithin is Do with an explicit bound.
func DoWithin(ctx context.Context, bound time.Duration, what string, fn func(context.Context), diagnose Diagnosis) error {
	return detected(ctx, doWithin(ctx, bound, what, fn, diagnose))
}

// doWithin is DoWithin whatever the detector says: for a cleanup, which checks nothing.
func doWithin(ctx context.Context, bound time.Duration, what string, fn func(context.Context), diagnose Diagnosis) error {
	fnCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(fnCtx)
	}()
	_, _, err := receiveWithin(ctx, done, bound, what+" to return", diagnose)
	return err
}

// Settle waits for done, and fails at once, with the diagnosis, when the scenario goes quiet
// while done is still open: every goroutine of the scenario then waits on another, and nothing
// can close it any more. A step whose goroutines all settle on channels, locks' hand-offs and
// WaitGroups uses it (harness.Call, waiting on done); one that measures, or whose goroutines wait
// on timers or I/O, uses Await. The goroutine that waits ends with the scenario at the latest.
func Settle(ctx context.Context, done <-chan struct{}, what string, diagnose Diagnosis) error {
	select {
	case <-done:
		return nil // already closed: no need to look at the goroutines
	default:
	}
	return harness.Call(ctx, what, func() {
		select {
		case <-done:
		case <-ctx.Done():
		}
	}, diagnose)
}

// detected is the bounded-wait detector's verdict on a wait that returned err. The wait happens
// either way; only its verdict is switched off: with the detector off, a wait that ran out
// returns nil, as if what it waited for had come.
func detected(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	return harness.Detect(ctx, BoundedWait, func() error { return err })
}

// ranOut is the error of a bounded wait that ran out: the headline, the diagnosis, and the
// scenario's goroutines as the diagnosis saw them.
func ranOut(ctx context.Context, headline string, diagnose Diagnosis) error {
	gs, err := harness.Goroutines(ctx)
	why := ""
	if diagnose != nil {
		why = ": " + diagnose(gs)
	}
	if err != nil {
		return fmt.Errorf("%w: %s%s; the scenario's goroutines could not be told apart from the others: %w",
			harness.ErrBoundExceeded, headline, why, err)
	}
	return fmt.Errorf("%w: %s%s; the scenario's goroutines follow:\n\n%s", harness.ErrBoundExceeded, headline, why, harness.Stacks(gs))
}

// RequestsParked is the diagnosis of timed requests to the loopback server that have not all
// been answered: what was expected, and where the requests and the server's handlers are parked.
func RequestsParked(expected string) Diagnosis {
	return func(parked []harness.Goroutine) string {
		return expected + ", so every request should have its answer long before the bound; but the requests are at " +
			WhereAll(In(parked, "fanout.")) + " and the server's handlers at " + WhereAll(In(parked, "loopback."))
	}
}
