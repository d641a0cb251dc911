// Package group is the reference task group: related tasks that complete or fail together.
//
// Contract:
//   - Join: Wait returns only after every task started with Go or TryGo has returned.
//   - Fail fast: the first task to fail (return a non-nil error, or panic) cancels the context
//     that every task receives, with that error as its cause ([context.Cause]); Wait returns
//     that first error and nothing else.
//   - Panics are errors: a panic in a task is recovered and becomes a [*PanicError] that carries
//     the panic value and the task's stack. It fails the group like any other error; it never
//     crashes the process or re-panics in Wait.
//   - Limit: with [Group.SetLimit](n), at most n tasks run at once; Go blocks for a free slot,
//     TryGo refuses (returns false) when none is free.
//   - After Wait the context is cancelled (cause: the first error, or context.Canceled).
//
// Use [WithContext] to create a group; a Group must not be copied or reused after Wait.
package group

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
)

// Group runs related tasks that complete or fail together.
type Group struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	wg     sync.WaitGroup
	slots  chan struct{}

	once sync.Once
	err  error
}

// WithContext returns a group whose tasks receive a context derived from parent, cancelled by
// the first failure.
func WithContext(parent context.Context) *Group {
	ctx, cancel := context.WithCancelCause(parent)
	return &Group{ctx: ctx, cancel: cancel}
}

// Context is the context every task receives.
func (g *Group) Context() context.Context { return g.ctx }

// SetLimit bounds the number of tasks running at once to n (n ≥ 1). Call it before starting
// any task.
func (g *Group) SetLimit(n int) {
	if n < 1 {
		panic(fmt.Sprintf("group: limit must be at least 1, got %d", n))
	}
	g.slots = make(chan struct{}, n)
}

// Go starts task in a goroutine, after waiting for a free slot when the group is limited.
func (g *Group) Go(task func(ctx context.Context) error) {
	if g.slots != nil {
		g.slots <- struct{}{}
	}
	g.start(task)
}

// TryGo starts task only if a slot is free now, and reports whether it did.
func (g *Group) TryGo(task func(ctx context.Context) error) bool {
	if g.slots != nil {
		select {
		case g.slots <- struct{}{}:
		default:
			return false
		}
	}
	g.start(task)
	return true
}

func (g *Group) start(task func(ctx context.Context) error) {
	g.wg.Go(func() {
		defer g.free()
		if err := run(g.ctx, task); err != nil {
			g.fail(err)
		}
	})
}

// free gives a finished task's slot back.
func (g *Group) free() {
	if g.slots != nil {
		<-g.slots
	}
}

// run calls task, turning a panic into a *PanicError.
func run(ctx context.Context, task func(ctx context.Context) error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &PanicError{Value: v, Stack: debug.Stack()}
		}
	}()
	return task(ctx)
}

func (g *Group) fail(err error) {
	g.once.Do(func() {
		g.err = err
		g.cancel(err)
	})
}

// Wait blocks until every task has returned, then returns the first error.
func (g *Group) Wait() error {
	g.wg.Wait()
	g.cancel(g.err)
	return g.err
}

// PanicError is a panic recovered from a task.
type PanicError struct {
	// Value is what the task panicked with.
	Value any
	// Stack is the panicking goroutine's stack, taken where the panic was recovered.
	Stack []byte
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("task panicked: %v\n\n%s", e.Value, e.Stack)
}

// Unwrap returns the panic value when it is an error, so errors.Is and errors.As see it.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}
