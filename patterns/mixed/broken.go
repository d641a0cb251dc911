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
