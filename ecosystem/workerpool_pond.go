package ecosystem

import (
	"github.com/alitto/pond/v2"
	"github.com/concspec/concspec"
)

// pond.Pool (github.com/alitto/pond/v2): NewPool(maxConcurrency, options...). Go is the
// contract's Submit: it "submits a task to the pool without waiting for it to complete … If
// the pool has been stopped, this method will return ErrPoolStopped"; StopAndWait "stops the
// pool and waits for all tasks to complete".
//   - survives-panics: panic recovery is on unless WithoutPanicRecovery ("When this option is
//     enabled, panics inside tasks will propagate just like regular goroutines"); the panic
//     becomes the error of the task (ErrPanic, "task panicked"), which Go does not return.
//   - pushes-back, with WithQueueSize only: "By default, task queues are unbounded … You can
//     limit the number of tasks that can be queued by setting a queue size", and a full bounded
//     queue blocks the submitter (the pool is "blocking" by default: NonBlocking "Returns true
//     if the pool is non-blocking, meaning that it will not block when the task queue is full").
//     pond.Pool+QueueSize4 has a queue of 4 tasks, below the contract's 8.
func init() {
	register(
		workerPool("pond.Pool", (*pond.Pool)(nil), startPond(), concspec.SurvivesPanics),
		workerPool("pond.Pool+QueueSize4", (*pond.Pool)(nil), startPond(pond.WithQueueSize(4)),
			concspec.SurvivesPanics, concspec.PushesBack),
	)
}

type pondPool struct{ p pond.Pool }

func startPond(options ...pond.Option) func(limit int) concspec.Pool {
	return func(limit int) concspec.Pool { return pondPool{pond.NewPool(limit, options...)} }
}

func (p pondPool) Submit(task func()) error { return p.p.Go(task) }

func (p pondPool) StopAndWait() { p.p.StopAndWait() }
