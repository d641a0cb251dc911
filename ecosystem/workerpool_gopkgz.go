package ecosystem

import (
	"context"
	"fmt"

	"github.com/concspec/concspec"
	"github.com/go-pkgz/pool"
)

// go-pkgz's pool.WorkerGroup (github.com/go-pkgz/pool) processes items with a fixed number of
// workers: New[T](size, worker) "creates a worker pool with a shared worker instance", Go(ctx)
// "activates the pool and starts worker goroutines", and Close(ctx) "Has to be called by
// consumer as the indication of 'all records submitted'. The call is blocking till all
// processing completed by workers or context is cancelled. After this call pool can't be
// reused."
//
// The contract's tasks are the pool's items, and its worker is the function that calls one:
// that is how the library is used for tasks, not an addition. The pool is started with
// context.Background() (the contract has none to give) and closed with it too: Close waits for
// the workers as long as they run. WithBatchSize(0) turns off batching ("Items are accumulated
// until batch is full before processing … Default: 10"), which would hold up to 10 tasks back
// until Close. Send is the contract's Submit: Submit is "Not thread-safe, intended for use by
// the main thread ot a single producer's thread", while Send is "Safe for concurrent use …
// for use by multiple concurrent producers" — it takes a lock and calls Submit — and the
// contract submits from more than one goroutine.
//
// pushes-back: Submit "May block if worker channels are full"; the shared channel holds as many
// items as there are workers (`sharedCh: make(chan T, size)`). Not survives-panics: the workers
// run under an errgroup.Group, which recovers nothing.
func init() {
	register(workerPool("pool.WorkerGroup", (*pool.WorkerGroup[func()])(nil), startWorkerGroup, concspec.PushesBack))
}

type workerGroup struct{ p *pool.WorkerGroup[func()] }

func startWorkerGroup(limit int) concspec.Pool {
	run := pool.WorkerFunc[func()](func(_ context.Context, task func()) error { task(); return nil })
	p := pool.New[func()](limit, run).WithBatchSize(0)
	if err := p.Go(context.Background()); err != nil {
		panic(fmt.Sprintf("go-pkgz pool.Go: %v", err))
	}
	return workerGroup{p}
}

// Submit returns nil: Send returns nothing, and drops the item once the pool's context is done
// (`case <-p.ctx.Done(): return // don't submit if context is cancelled`).
func (w workerGroup) Submit(task func()) error {
	w.p.Send(task)
	return nil
}

// StopAndWait drops Close's error: the workers return none (the worker function returns nil),
// and the context never ends.
func (w workerGroup) StopAndWait() { _ = w.p.Close(context.Background()) }
