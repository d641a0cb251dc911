// Package mixed is the guide's answer to a mixed workload: separate the I/O layer from the CPU
// layer. One goroutine accepts requests (the I/O layer) and hands each one's CPU work to a
// bounded pool of workers through a bounded queue.
//
// Contract of [Offloading]: the accepting goroutine never runs CPU work itself, so it accepts
// the next request as soon as it arrives, however busy the workers are. When the queue is full
// it turns the request away at once (accepted with queued=false) instead of blocking, and the
// work of a request turned away never runs, anywhere. Run returns when in is closed or ctx is
// done, after the workers have finished what they took: the work of every request it queued has
// run once it returns.
//
// The NEGATIVE CONTROLS in broken.go are [Inline], whose accepting goroutine runs each
// request's CPU work itself, so nothing is accepted while it computes; [WaitingForRoom], which
// offloads but waits for room in a full queue, so nothing is accepted until a worker is free;
// [ComputingTurnedAway], which runs the work of a request it turns away itself; [ReturningEarly],
// whose Run returns without waiting for its workers; and [IgnoringContext], whose Run does not
// return when its context is cancelled.
package mixed

import (
	"context"
	"sync"
)

// Request is one unit of work arriving at the I/O layer.
type Request struct {
	ID int
	// Work is the CPU-bound part.
	Work func()
}

// Accepted is told about every request as soon as the I/O layer has taken it; queued is false
// when the request was turned away because the queue was full.
type Accepted func(id int, queued bool)

// Offloading is an I/O layer in front of a bounded CPU pool.
type Offloading struct {
	Workers int
	Queue   int
}

// Run accepts requests from in until it is closed or ctx is done.
func (o Offloading) Run(ctx context.Context, in <-chan Request, accepted Accepted) {
	queue, wait := pool(o.Workers, o.Queue)
	defer wait()
	for {
		select {
		case r, ok := <-in:
			if !ok {
				return
			}
			select {
			case queue <- r:
				accepted(r.ID, true)
			default:
				accepted(r.ID, false)
			}
		case <-ctx.Done():
			return
		}
	}
}

// pool starts max(1, workers) workers that run the work of every request sent on queue, which
// holds size requests. wait closes the queue and returns once the workers have finished.
func pool(workers, size int) (queue chan Request, wait func()) {
	queue = make(chan Request, size)
	var group sync.WaitGroup
	for range max(1, workers) {
		group.Go(func() {
			for r := range queue {
				r.Work()
			}
		})
	}
	return queue, func() {
		close(queue)
		group.Wait()
	}
}
