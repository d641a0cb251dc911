package mixed

import "context"

// Inline is a NEGATIVE CONTROL: an I/O layer that runs each request's CPU work itself before it
// accepts the next request.
type Inline struct{}

// Run accepts and computes one request at a time.
func (Inline) Run(ctx context.Context, in <-chan Request, accepted Accepted) {
	for {
		select {
		case r, ok := <-in:
			if !ok {
				return
			}
			accepted(r.ID, true)
			r.Work()
		case <-ctx.Done():
			return
		}
	}
}

// WaitingForRoom is a NEGATIVE CONTROL: an I/O layer that offloads to a pool like [Offloading],
// but waits for room when the queue is full instead of turning the request away. Once the
// workers are busy and the queue full, it accepts nothing until a worker finishes.
type WaitingForRoom struct {
	Workers int
	Queue   int
}

// Run accepts requests from in until it is closed or ctx is done.
func (w WaitingForRoom) Run(ctx context.Context, in <-chan Request, accepted Accepted) {
	queue, wait := pool(w.Workers, w.Queue)
	defer wait()
	for {
		select {
		case r, ok := <-in:
			if !ok {
				return
			}
			queue <- r
			accepted(r.ID, true)
		case <-ctx.Done():
			return
		}
	}
}

// ReturningEarly is a NEGATIVE CONTROL: an I/O layer like [Offloading] whose Run closes the
// queue and returns without waiting for its workers, so the CPU work it took may still run (or
// not have started) after Run has returned.
type ReturningEarly struct {
	Workers int
	Queue   int
}

// Run accepts requests from in until it is closed or ctx is done.
func (r ReturningEarly) Run(ctx context.Context, in <-chan Request, accepted Accepted) {
	queue := make(chan Request, r.Queue)
	for range max(1, r.Workers) {
		go func() {
			for req := range queue {
				req.Work()
			}
		}()
	}
	defer close(queue)
	acceptLoop(ctx.Done(), in, queue, accepted, func(req Request) { accepted(req.ID, false) })
}

// ComputingTurnedAway is a NEGATIVE CONTROL: an I/O layer like [Offloading] that, when its
// queue is full, reports the request turned away but runs its CPU work itself first, so the
// accepting goroutine computes exactly when the pool is busiest.
type ComputingTurnedAway struct {
	Workers int
	Queue   int
}

// Run accepts requests from in until it is closed or ctx is done.
func (c ComputingTurnedAway) Run(ctx context.Context, in <-chan Request, accepted Accepted) {
	queue, wait := pool(c.Workers, c.Queue)
	defer wait()
	acceptLoop(ctx.Done(), in, queue, accepted, func(req Request) {
		req.Work()
		accepted(req.ID, false)
	})
}

// IgnoringContext is a NEGATIVE CONTROL: an I/O layer like [Offloading] whose accepting loop
// never looks at ctx, so cancelling it does not make Run return; only closing in does.
type IgnoringContext struct {
	Workers int
	Queue   int
}

// Run accepts requests from in until it is closed.
func (i IgnoringContext) Run(_ context.Context, in <-chan Request, accepted Accepted) {
	queue, wait := pool(i.Workers, i.Queue)
	defer wait()
	acceptLoop(nil, in, queue, accepted, func(req Request) { accepted(req.ID, false) })
}

// acceptLoop is the accepting loop of the twins above, [Offloading.Run]'s but for what each
// changes: it takes requests from in until in is closed or done is (a nil done never is), queues
// each one, and hands one the full queue cannot hold to full.
func acceptLoop(done <-chan struct{}, in <-chan Request, queue chan<- Request, accepted Accepted, full func(Request)) {
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
				full(r)
			}
		case <-done:
			return
		}
	}
}
