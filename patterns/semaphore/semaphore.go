// Package semaphore is the weighted semaphore of rule R19 ("bound the resources, not the
// goroutines"), shaped like golang.org/x/sync/semaphore.Weighted: Acquire(ctx, n), TryAcquire(n)
// and Release(n) on a weight fixed when it is made.
//
// Contract of [Weighted]:
//   - The weight is never exceeded: the units held at once never add up to more than it.
//   - A cancelled Acquire leaks nothing: an Acquire whose context ends before its units are
//     free returns the context's error and holds nothing, so the whole weight can be acquired
//     again once every holder has released.
//   - First come, first served: waiters are served in the order they came, and an Acquire that
//     finds anyone waiting queues behind them even when its units are free, so a stream of
//     small Acquires cannot keep a large one waiting for ever.
//   - TryAcquire never blocks: it takes the units at once if they are free and nobody waits,
//     and otherwise returns false at once.
//   - An Acquire of more than the whole weight can never succeed: it waits for its context.
//
// The waiters are a FIFO list of channels, each closed when its Acquire is granted; a blocked
// Acquire waits in a select on its channel and its context, so it parks on a channel.
//
// The NEGATIVE CONTROLS in broken.go are a semaphore that admits one unit more than its weight,
// one whose cancelled Acquire leaks the units it is later granted, one that lets small Acquires
// get in ahead of a large one that waits, and one whose TryAcquire blocks.
package semaphore

import (
	"container/list"
	"context"
	"sync"
)

// Weighted is a FIFO weighted semaphore.
type Weighted struct {
	size int64
	mu   sync.Mutex
	cur  int64
	// waiters are the queued Acquires, first come first.
	waiters list.List
}

// waiter is a queued Acquire of n units; ready is closed when they are granted.
type waiter struct {
	n     int64
	ready chan struct{}
}

// New returns a semaphore of the given weight.
func New(weight int64) *Weighted {
	return &Weighted{size: weight}
}

// Acquire takes n units, waiting until they are free and every earlier waiter has been served,
// or until ctx is done; it then returns ctx's error and holds nothing.
func (s *Weighted) Acquire(ctx context.Context, n int64) error {
	if n > s.size {
		<-ctx.Done() // can never fit
		return ctx.Err()
	}
	s.mu.Lock()
	if s.fits(n) && s.waiters.Len() == 0 {
		s.cur += n
		s.mu.Unlock()
		return nil
	}
	w := waiter{n: n, ready: make(chan struct{})}
	elem := s.waiters.PushBack(w)
	s.mu.Unlock()
	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
		s.giveUp(elem, w)
		return ctx.Err()
	}
}

// giveUp takes a cancelled waiter out of the queue; if its units were granted as it gave up,
// it gives them back. Either way the waiters behind it may now fit.
func (s *Weighted) giveUp(elem *list.Element, w waiter) {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-w.ready:
		s.cur -= w.n
	default:
		s.waiters.Remove(elem)
	}
	s.wake()
}

// TryAcquire takes n units if they are free and nobody waits, and reports whether it did. It
// never blocks.
func (s *Weighted) TryAcquire(n int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fits(n) && s.waiters.Len() == 0 {
		s.cur += n
		return true
	}
	return false
}

// Release gives back n units and serves the waiters that now fit, in order.
func (s *Weighted) Release(n int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cur -= n
	if s.cur < 0 {
		panic("semaphore: released more than held")
	}
	s.wake()
}

// fits says whether n more units are free. The caller holds mu.
func (s *Weighted) fits(n int64) bool { return s.size-s.cur >= n }

// wake grants the waiters at the front of the queue, in order, as long as each fits: a waiter
// that does not fit keeps everyone behind it waiting. The caller holds mu.
func (s *Weighted) wake() {
	for {
		front := s.waiters.Front()
		if front == nil {
			return
		}
		w := front.Value.(waiter)
		if !s.fits(w.n) {
			return
		}
		s.cur += w.n
		s.waiters.Remove(front)
		close(w.ready)
	}
}
