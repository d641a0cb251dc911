package group

import "context"

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
