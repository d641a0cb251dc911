package thirdparty

import (
	"context"
	"sync"
)

// LateCancelGroup is a task group with a bug that is easy to write: it remembers the first
// error but cancels the shared context only in Wait, after every task has returned. Nothing
// tells the other tasks to stop, so a task waiting on its context waits for ever, and Wait with
// it. It claims to cancel on error; the corpus shows that it does not.
type LateCancelGroup struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	wg     sync.WaitGroup
	mu     sync.Mutex
	err    error
}

// NewLateCancelGroup returns the broken group; it ignores limits.
func NewLateCancelGroup(parent context.Context, _ int) *LateCancelGroup {
	ctx, cancel := context.WithCancelCause(parent)
	return &LateCancelGroup{ctx: ctx, cancel: cancel}
}

// Go starts task.
func (g *LateCancelGroup) Go(task func(ctx context.Context) error) {
	g.wg.Go(func() {
		if err := task(g.ctx); err != nil {
			g.mu.Lock()
			if g.err == nil {
				g.err = err
			}
			g.mu.Unlock()
		}
	})
}

// Wait waits for every task, then cancels: too late for the tasks that waited to be told.
func (g *LateCancelGroup) Wait() error {
	g.wg.Wait()
	g.cancel(g.err)
	return g.err
}
