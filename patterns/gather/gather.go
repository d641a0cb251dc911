// Package gather is the collect-all way of joining tasks: a sync.WaitGroup and a slice of
// errors. It mirrors Python's asyncio.gather with return_exceptions=True (and JavaScript's
// Promise.allSettled): it waits for every task and hands back every failure. Default
// asyncio.gather, like Promise.all, is not this: it hands its awaiter the first failure at once,
// the other tasks run on unjoined, and their later failures are never raised.
//
// Contract:
//   - Join: Wait returns only after every task has returned.
//   - Collect all: a failing task does not stop or cancel its siblings; every task runs to its
//     end and Wait returns all their errors joined (errors.Join), in the order they failed.
//   - Tasks receive the context given to [New] unchanged: only its owner can cancel it.
//   - A panic in a task is not recovered: it crashes the process, as any goroutine's panic does.
//   - Limit (optional, [Gather.SetLimit]): a semaphore.Weighted bounds the tasks running at
//     once; Go blocks for a free slot, TryGo refuses when none is free.
package gather

import (
	"context"
	"errors"
	"sync"

	"golang.org/x/sync/semaphore"
)

// Gather starts tasks and collects every error they return.
type Gather struct {
	ctx  context.Context
	wg   sync.WaitGroup
	sem  *semaphore.Weighted
	mu   sync.Mutex
	errs []error
}

// New returns a Gather whose tasks receive ctx.
func New(ctx context.Context) *Gather { return &Gather{ctx: ctx} }

// SetLimit bounds the tasks running at once to n. Call it before starting any task.
func (g *Gather) SetLimit(n int) { g.sem = semaphore.NewWeighted(int64(n)) }

// Go starts task, after waiting for a free slot when limited.
func (g *Gather) Go(task func(ctx context.Context) error) {
	if g.sem != nil {
		// Acquire with a background context: Go must start every task it is given.
		_ = g.sem.Acquire(context.Background(), 1)
	}
	g.start(task)
}

// TryGo starts task only if a slot is free now, and reports whether it did.
func (g *Gather) TryGo(task func(ctx context.Context) error) bool {
	if g.sem != nil && !g.sem.TryAcquire(1) {
		return false
	}
	g.start(task)
	return true
}

func (g *Gather) start(task func(ctx context.Context) error) {
	g.wg.Go(func() {
		if g.sem != nil {
			defer g.sem.Release(1)
		}
		if err := task(g.ctx); err != nil {
			g.mu.Lock()
			g.errs = append(g.errs, err)
			g.mu.Unlock()
		}
	})
}

// Wait blocks until every task has returned and returns all their errors joined.
func (g *Gather) Wait() error {
	g.wg.Wait()
	return errors.Join(g.errs...)
}
