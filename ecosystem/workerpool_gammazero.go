package ecosystem

import (
	"github.com/concspec/concspec"
	"github.com/gammazero/workerpool"
)

// workerpool.WorkerPool (github.com/gammazero/workerpool): New(maxWorkers) — "the maximum number
// of workers that can execute tasks concurrently". Do is the contract's Submit: it "enqueues a
// function for a worker to execute. Returns ErrStopped if the worker pool is stopped" (Submit
// is the same but "panics instead of returning ErrStopped"). StopWait is StopAndWait: it "stops
// the worker pool and waits for all queued tasks to complete" (Stop would abandon the queued
// ones).
//
// No capability: Do "will not block regardless of the number of tasks submitted … the task is
// put onto a waiting queue", which has no bound (not pushes-back), and "A task that panics
// crashes the program, as with any goroutine" (not survives-panics).
func init() {
	register(workerPool("workerpool.WorkerPool", (*workerpool.WorkerPool)(nil),
		func(limit int) concspec.Pool { return gammazeroPool{workerpool.New(limit)} }))
}

type gammazeroPool struct{ p *workerpool.WorkerPool }

func (g gammazeroPool) Submit(task func()) error { return g.p.Do(task) }

func (g gammazeroPool) StopAndWait() { g.p.StopWait() }
