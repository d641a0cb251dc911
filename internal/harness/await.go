package harness

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// AwaitBound is how long Await waits by default: a fail-safe, never a way to synchronise.
func AwaitBound(ctx context.Context) time.Duration {
	if s := current(ctx); s != nil {
		return s.run.suite.hangBound() / 4
	}
	return DefaultHangBound / 4
}

// ErrBoundExceeded is wrapped by every error Await returns when the bound passes.
var ErrBoundExceeded = fmt.Errorf("bound exceeded")

// ErrStuck is wrapped by every error a wait returns before its bound because nothing in the
// scenario can move any more: what it waits for can never happen.
var ErrStuck = fmt.Errorf("stuck")

// Await waits until done yields (a value, or its close), for at most AwaitBound. Past the bound it returns an error
// that says what was awaited and dumps every goroutine, so a hang fails with a clear message
// instead of waiting for the scenario's hang bound.
func Await(ctx context.Context, done <-chan struct{}, what string) error {
	return AwaitWithin(done, AwaitBound(ctx), what)
}

// AwaitWithin is Await with an explicit bound. Negative controls use a short one to show that
// something does NOT happen: a goroutine that ignores cancellation is still running at the bound.
func AwaitWithin(done <-chan struct{}, bound time.Duration, what string) error {
	timer := time.NewTimer(bound)
	defer timer.Stop()
	select {
	case <-done:
		return nil
	case <-timer.C:
		return fmt.Errorf("%w: still waiting for %s after %s; every goroutine follows:\n\n%s",
			ErrBoundExceeded, what, bound, goroutineDump())
	}
}

// GoroutineID returns the ID of the calling goroutine, for [AwaitParked].
func GoroutineID() int64 {
	var buf [64]byte
	line := buf[:runtime.Stack(buf[:], false)]
	line = bytes.TrimPrefix(line, []byte("goroutine "))
	id, _ := strconv.ParseInt(string(line[:bytes.IndexByte(line, ' ')]), 10, 64)
	return id
}

// AwaitParked waits until goroutine id is blocked (waiting on a channel, a WaitGroup, a select,
// …) or has exited, and reports which. It reads goroutine states the way goleak does; it never
// sleeps: between looks it yields the processor. Steps use it to give a call the chance to
// return too early (a Wait that does not wait) before they let its tasks finish.
func AwaitParked(ctx context.Context, id int64, what string) (exited bool, err error) {
	gone, err := AwaitAllParked(ctx, []int64{id}, what)
	return gone[0], err
}

// AwaitAllParked waits until every goroutine in ids is blocked or has exited in one snapshot
// of all goroutines (taken with the world stopped, so the states are consistent), and reports
// which had exited. A set of goroutines that are all blocked at once, on each other, stays
// blocked: that is how a step knows a pipeline or a group has settled. Only a wait on another
// goroutine counts as blocked (see waitsOnOthers): a goroutine waiting for a sync.Mutex or a
// runtime semaphore, or assisting the garbage collector, will move by itself.
func AwaitAllParked(ctx context.Context, ids []int64, what string) (exited []bool, err error) {
	deadline := time.Now().Add(AwaitBound(ctx))
	for time.Now().Before(deadline) {
		states := goroutineStates(goroutineDump())
		exited = make([]bool, len(ids))
		settled := true
		for i, id := range ids {
			state, alive := states[id]
			exited[i] = !alive
			if alive && !blocked(state) {
				settled = false
			}
		}
		if settled {
			return exited, nil
		}
		runtime.Gosched()
	}
	return exited, fmt.Errorf("%w: %s (goroutines %v) neither blocked nor returned within %s; every goroutine follows:\n\n%s",
		ErrBoundExceeded, what, ids, AwaitBound(ctx), goroutineDump())
}

// waitsOnOthers are the states of a goroutine that waits for another goroutine (or the outside
// world) to act. Anything else — running, runnable, preempted, assisting the garbage collector,
// waiting briefly for a mutex — is a goroutine that will move by itself.
var waitsOnOthers = []string{
	"chan receive", "chan send", "select", "sync.Cond.Wait", "sync.WaitGroup.Wait", "IO wait", "sleep",
}

// blocked says whether a goroutine in state waits on another goroutine to move.
func blocked(state string) bool {
	return slices.ContainsFunc(waitsOnOthers, func(w string) bool { return strings.HasPrefix(state, w) })
}

// GoroutineState returns the scheduler state of goroutine id as a goroutine dump shows it
// ("running", "chan receive", "sync.Mutex.Lock", …), and whether the goroutine exists.
func GoroutineState(id int64) (state string, alive bool) {
	state, alive = goroutineStates(goroutineDump())[id]
	return state, alive
}

// goroutineStates maps each goroutine in dump to its state.
func goroutineStates(dump string) map[int64]string {
	states := map[int64]string{}
	for _, g := range parseDump(dump) {
		states[g.ID] = g.State
	}
	return states
}

// parseDump reads every goroutine of a dump runtime.Stack wrote: its ID, its state and its stack.
func parseDump(dump string) []Goroutine {
	var out []Goroutine
	for _, block := range strings.Split(dump, "\n\n") {
		header, ok := strings.CutPrefix(block, "goroutine ")
		if !ok {
			continue
		}
		idText, rest, _ := strings.Cut(header, " [")
		id, err := strconv.ParseInt(idText, 10, 64)
		if err != nil {
			continue
		}
		out = append(out, Goroutine{ID: id, State: rest[:strings.IndexAny(rest, "],")], Stack: block})
	}
	return out
}
