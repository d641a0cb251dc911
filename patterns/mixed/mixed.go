// Package mixed is the guide's answer to a mixed workload: separate the I/O layer from the CPU
// layer. One goroutine accepts requests (the I/O layer) and hands each one's CPU work to a
// bounded pool of workers through a bounded queue.
//
// Contract of [Offloading]: the accepting goroutine never runs CPU work itself, so it accepts
// the next request as soon as it arrives, however busy the workers are. When the queue is full
// it turns the request away at once (accepted with queued=false) instead of blocking. Run
// returns when in is closed or ctx is done, after the workers have finished what they took.
//
// [Inline] is the NEGATIVE CONTROL: the accepting goroutine runs each request's CPU work
// itself, so nothing is accepted while it computes.
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
	queue := make(chan Request, o.Queue)
	var workers sync.WaitGroup
	for range max(1, o.Workers) {
		workers.Go(func() {
			for r := range queue {
				r.Work()
			}
		})
	}
	defer workers.Wait()
	defer close(queue)
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
