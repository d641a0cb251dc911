package semaphore

import "context"

// NewOverAdmitting is a NEGATIVE CONTROL (rule R19): a semaphore made one unit heavier than it
// was asked for, so one unit more than the weight is held at once.
func NewOverAdmitting(weight int64) *Weighted {
	return New(weight + 1)
}

// LeaksOnCancel is a NEGATIVE CONTROL (rule R19): a semaphore whose Acquire, when its context
// ends while it waits, returns the context's error but leaves its waiter in the queue. A later
// Release grants that waiter its units, and nobody ever gives them back: the semaphore is that
// much lighter for ever.
type LeaksOnCancel struct {
	*Weighted
}

// NewLeakingOnCancel returns a LeaksOnCancel semaphore of the given weight.
func NewLeakingOnCancel(weight int64) LeaksOnCancel {
	return LeaksOnCancel{New(weight)}
}

// Acquire is the reference's, but a cancelled waiter stays queued.
func (s LeaksOnCancel) Acquire(ctx context.Context, n int64) error {
	s.mu.Lock()
	if s.fits(n) && s.waiters.Len() == 0 {
		s.cur += n
		s.mu.Unlock()
		return nil
	}
	w := waiter{n: n, ready: make(chan struct{})}
	s.waiters.PushBack(w)
	s.mu.Unlock()
	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
		return ctx.Err() // the bug: the waiter stays in the queue
	}
}

// Barging is a NEGATIVE CONTROL (rule R19): a semaphore whose Acquire takes its units whenever
// they are free, even while others wait. A large Acquire waits for the whole of its weight to
// be free at once; small ones keep getting in ahead of it, and it can wait for ever.
type Barging struct {
	*Weighted
}

// NewBarging returns a Barging semaphore of the given weight.
func NewBarging(weight int64) Barging {
	return Barging{New(weight)}
}

// Acquire takes n units at once if they are free, whoever waits; otherwise it queues.
func (s Barging) Acquire(ctx context.Context, n int64) error {
	s.mu.Lock()
	if s.fits(n) {
		s.cur += n
		s.mu.Unlock()
		return nil
	}
	s.mu.Unlock()
	return s.Weighted.Acquire(ctx, n)
}

// BlockingTry is a NEGATIVE CONTROL (rule R19): a semaphore whose TryAcquire waits for the
// units, like Acquire, instead of refusing at once: a caller that asked precisely not to wait
// is held until someone releases.
type BlockingTry struct {
	*Weighted
}

// NewBlockingTry returns a BlockingTry semaphore of the given weight.
func NewBlockingTry(weight int64) BlockingTry {
	return BlockingTry{New(weight)}
}

// TryAcquire waits for n units.
func (s BlockingTry) TryAcquire(n int64) bool {
	return s.Acquire(context.Background(), n) == nil
}
