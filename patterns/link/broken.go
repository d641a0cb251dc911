package link

import "context"

// UnboundedQueue is a NEGATIVE CONTROL (rule R25): a link whose goroutine takes every item the
// producer sends into a slice that grows without bound, so the producer never waits for a slow
// consumer. It keeps the order and closes Out after the last item once In is closed; only the
// pushing back is gone. Its goroutine ends when ctx is done.
type UnboundedQueue struct {
	in, out chan int
}

// NewUnboundedQueue returns an UnboundedQueue, its goroutine running until In is closed and
// every item has been taken, or until ctx is done.
func NewUnboundedQueue(ctx context.Context) *UnboundedQueue {
	q := &UnboundedQueue{in: make(chan int), out: make(chan int)}
	go q.run(ctx)
	return q
}

// In is where the producer sends.
func (q *UnboundedQueue) In() chan<- int { return q.in }

// Out is where the consumer receives.
func (q *UnboundedQueue) Out() <-chan int { return q.out }

func (q *UnboundedQueue) run(ctx context.Context) {
	defer close(q.out)
	var queue []int
	in := q.in
	for in != nil || len(queue) > 0 {
		var out chan int // nil, and so never ready, while the queue is empty
		var next int
		if len(queue) > 0 {
			out, next = q.out, queue[0]
		}
		select {
		case v, ok := <-in:
			if !ok {
				in = nil
				continue
			}
			queue = append(queue, v) // the bug: however long the queue already is
		case out <- next:
			queue = queue[1:]
		case <-ctx.Done():
			return
		}
	}
}
