package group

import (
	"context"
	"sync"
)

// ReturnsEarly is a NEGATIVE CONTROL (rule R09): a group whose Wait does not wait. It returns
// nil at once, while tasks may still be running, so whatever they do afterwards happens
// outside the group's lifetime and their errors reach nobody. Go and TryGo are the reference
// group's.
type ReturnsEarly struct {
	*Group
}

// EarlyWithContext returns a ReturnsEarly group.
func EarlyWithContext(parent context.Context) ReturnsEarly {
	return ReturnsEarly{WithContext(parent)}
}

// Wait returns at once.
func (ReturnsEarly) Wait() error { return nil }

// ExceedsLimit is a NEGATIVE CONTROL (bounded concurrency): a reference group whose SetLimit
// is off by one, so one task more than the limit runs at once.
type ExceedsLimit struct {
	*Group
}

// ExceedingWithContext returns an ExceedsLimit group.
func ExceedingWithContext(parent context.Context) ExceedsLimit {
	return ExceedsLimit{WithContext(parent)}
}

// SetLimit sets the limit to n+1: the bug.
func (g ExceedsLimit) SetLimit(n int) { g.Group.SetLimit(n + 1) }

// NoCancel is a NEGATIVE CONTROL (rules R11, R13): a group that records the first error but
// does not cancel the siblings' context until Wait, so fail-fast is lost.
type NoCancel struct {
	*Group
}

// NoCancelWithContext returns a NoCancel group.
func NoCancelWithContext(parent context.Context) NoCancel {
	return NoCancel{WithContext(parent)}
}

// Go starts task; its failure is recorded but cancels nothing.
func (g NoCancel) Go(task func(ctx context.Context) error) {
	if g.slots != nil {
		g.slots <- struct{}{}
	}
	g.wg.Go(func() {
		defer g.free()
		if err := run(g.ctx, task); err != nil {
			g.once.Do(func() { g.err = err })
		}
	})
}

// SwallowsErrors is a NEGATIVE CONTROL (rules R10, R11): a group that waits for its tasks and
// cancels on failure, but whose Wait always returns nil.
type SwallowsErrors struct {
	*Group
}

// SwallowingWithContext returns a SwallowsErrors group.
func SwallowingWithContext(parent context.Context) SwallowsErrors {
	return SwallowsErrors{WithContext(parent)}
}

// Wait waits and forgets the error.
func (g SwallowsErrors) Wait() error {
	_ = g.Group.Wait()
	return nil
}

// LeaksGoroutine is a NEGATIVE CONTROL (rules R09, R10): a reference group that also starts a
// helper goroutine nobody ever stops.
type LeaksGoroutine struct {
	*Group
}

// LeakingWithContext returns a LeaksGoroutine group; its helper goroutine waits for ever.
func LeakingWithContext(parent context.Context) LeaksGoroutine {
	g := LeaksGoroutine{WithContext(parent)}
	go g.watch(make(chan struct{}))
	return g
}

// watch waits on a channel that is never closed.
func (LeaksGoroutine) watch(never <-chan struct{}) { <-never }

// FireAndForget is a NEGATIVE CONTROL (rules R09, R10): a "group" whose Go starts each task in
// a goroutine nobody tracks and whose Wait returns nil at once; errors and panics are dropped.
type FireAndForget struct {
	ctx context.Context
}

// FireAndForgetWithContext returns a FireAndForget group.
func FireAndForgetWithContext(parent context.Context) FireAndForget {
	return FireAndForget{ctx: parent}
}

// Go starts task and forgets it.
func (g FireAndForget) Go(task func(ctx context.Context) error) {
	go func() {
		defer func() { _ = recover() }()
		_ = task(g.ctx)
	}()
}

// Wait returns at once.
func (FireAndForget) Wait() error { return nil }

// CrashesOnPanic is a NEGATIVE CONTROL (rule R14): a reference group that does not recover a
// task's panic, so the panic takes the whole process down.
type CrashesOnPanic struct {
	*Group
}

// CrashingWithContext returns a CrashesOnPanic group.
func CrashingWithContext(parent context.Context) CrashesOnPanic {
	return CrashesOnPanic{WithContext(parent)}
}

// Go starts task without a recover.
func (g CrashesOnPanic) Go(task func(ctx context.Context) error) {
	if g.slots != nil {
		g.slots <- struct{}{}
	}
	g.wg.Go(func() {
		defer g.free()
		if err := task(g.ctx); err != nil {
			g.fail(err)
		}
	})
}

// ReturnsAtFirstError is a NEGATIVE CONTROL (rule R09): the reference group, except that its Wait
// returns the first error the moment a task fails, without waiting for the other tasks, which
// run on outside the group's lifetime. When no task fails it waits for all of them, so only a
// join checked on the paths where a task fails catches it.
type ReturnsAtFirstError struct {
	*Group
	once   sync.Once
	failed chan struct{} // closed when err is set
	err    error
}

// FirstErrorWithContext returns a ReturnsAtFirstError group.
func FirstErrorWithContext(parent context.Context) *ReturnsAtFirstError {
	return &ReturnsAtFirstError{Group: WithContext(parent), failed: make(chan struct{})}
}

// watch wraps task so that its error is noticed the moment it fails.
func (g *ReturnsAtFirstError) watch(task func(ctx context.Context) error) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		err := task(ctx)
		if err != nil {
			g.once.Do(func() {
				g.err = err
				close(g.failed)
			})
		}
		return err
	}
}

// Go starts task, watching for its error.
func (g *ReturnsAtFirstError) Go(task func(ctx context.Context) error) { g.Group.Go(g.watch(task)) }

// TryGo is the reference's TryGo, watching for the task's error.
func (g *ReturnsAtFirstError) TryGo(task func(ctx context.Context) error) bool {
	return g.Group.TryGo(g.watch(task))
}

// Wait returns once every task has returned — or, the bug, as soon as one has failed.
func (g *ReturnsAtFirstError) Wait() error {
	all := make(chan error, 1) // buffered: the goroutine ends once the tasks do, read or not
	go func() { all <- g.Group.Wait() }()
	select {
	case <-g.failed:
		return g.err
	case err := <-all:
		return err
	}
}

// LosesCause is a NEGATIVE CONTROL (rule R11): the reference group cancelled with a plain
// context.WithCancel, so the first failure still cancels every task, but context.Cause tells
// them only "context canceled", never which error stopped them.
type LosesCause struct {
	*Group
}

// LosingCauseWithContext returns a LosesCause group.
func LosingCauseWithContext(parent context.Context) LosesCause {
	ctx, cancel := context.WithCancel(parent)
	return LosesCause{&Group{ctx: ctx, cancel: func(error) { cancel() }}}
}

// FallsShortOfLimit is a NEGATIVE CONTROL (rule R19): a reference group whose SetLimit is off by
// one the other way, so a limit of n never has n tasks running at once (a limit of 1 stays 1).
type FallsShortOfLimit struct {
	*Group
}

// ShortWithContext returns a FallsShortOfLimit group.
func ShortWithContext(parent context.Context) FallsShortOfLimit {
	return FallsShortOfLimit{WithContext(parent)}
}

// SetLimit sets the limit to n-1, at least 1: the bug.
func (g FallsShortOfLimit) SetLimit(n int) { g.Group.SetLimit(max(1, n-1)) }

// DropsWhenFull is a NEGATIVE CONTROL (rule R19): a reference group whose Go, when every slot
// is taken, drops the task instead of waiting for a slot, though nothing cancelled the group.
// Go returns as if it had taken the task; it never runs.
type DropsWhenFull struct {
	*Group
}

// DroppingWithContext returns a DropsWhenFull group.
func DroppingWithContext(parent context.Context) DropsWhenFull {
	return DropsWhenFull{WithContext(parent)}
}

// Go starts task if a slot is free now, and otherwise forgets it: the bug.
func (g DropsWhenFull) Go(task func(ctx context.Context) error) { _ = g.TryGo(task) }

// LeavesContextLive is a NEGATIVE CONTROL (rule R11): the reference group whose Wait joins every
// task and returns the first error but does not cancel the tasks' context, so whatever they
// started with it runs on after the group has ended. A failure still cancels it.
type LeavesContextLive struct {
	*Group
}

// LiveWithContext returns a LeavesContextLive group.
func LiveWithContext(parent context.Context) LeavesContextLive {
	return LeavesContextLive{WithContext(parent)}
}

// Wait waits for every task and returns the first error, leaving the context as it is: the bug.
func (g LeavesContextLive) Wait() error {
	g.wg.Wait()
	return g.err
}
