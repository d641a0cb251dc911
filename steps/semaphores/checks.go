package semaphores

import (
	"context"
	"errors"
	"fmt"
	"github.com/concspec/concspec/internal/harness"
)

// The checks below are the contract's detectors; each positive step runs one, and each negative
// control runs the same one and passes only when it fires on the broken semaphore.

// weightCheck is the weight detector: never more units held at once than the weight.
func (s *state) weightCheck(ctx context.Context, w string) error {
	if err := s.weightArg(w); err != nil {
		return err
	}
	if s.crowd == nil {
		return fmt.Errorf("no Acquires ran: use `When … goroutines each acquire 1 …, in rounds`")
	}
	return harness.Detect(ctx, weight, func() error {
		if peak := s.peak.Load(); peak > s.weight {
			return fmt.Errorf("%d units held at once under a weight of %d", peak, s.weight)
		}
		return nil
	})
}

func (s *state) neverExceeded(ctx context.Context, w string) error {
	if err := s.weightCheck(ctx, w); err != nil {
		return err
	}
	return s.conform(ctx, fmt.Sprintf("never more than the weight held at once: at most %d of %d", s.peak.Load(), s.weight))
}

func (s *state) neverExceededFails(ctx context.Context, w, want string) error {
	return fired(s.weightCheck(ctx, w), "weight", want)
}

// leakCheck is the permit-leak detector: the cancelled Acquire returned its context's error,
// and once every unit was released the whole weight can be acquired again, one unit at a time.
func (s *state) leakCheck(ctx context.Context) error {
	if !s.wasCancelled {
		return fmt.Errorf("no Acquire was cancelled: use `When its whole weight is held, and an Acquire of 1 that waits for it is cancelled`")
	}
	got, err := s.reacquire(ctx)
	if err != nil {
		return err
	}
	return harness.Detect(ctx, permitLeak, func() error {
		switch {
		case s.cancelled == nil:
			return fmt.Errorf("the cancelled Acquire(1) returned no error: it took a unit after it was cancelled")
		case !errors.Is(s.cancelled, context.Canceled):
			return fmt.Errorf("the cancelled Acquire(1) returned %q (%T), not its context's error", s.cancelled, s.cancelled)
		case got < s.weight:
			return fmt.Errorf("only %d of the weight %d could be acquired once every unit was released: %d kept by the cancelled Acquire", got, s.weight, s.weight-got)
		}
		return nil
	})
}

// reacquire acquires the semaphore one unit at a time until it holds the whole weight or an
// Acquire can no longer be granted, and returns how many units it got; it releases them all.
func (s *state) reacquire(ctx context.Context) (got int64, err error) {
	probe, cancel := context.WithCancel(ctx)
	defer cancel()
	defer func() {
		for range got {
			s.sem.Release(1)
		}
	}()
	for got < s.weight {
		var acquired error
		stuck, err := attempt(ctx, "Acquire(1)", func() { acquired = s.sem.Acquire(probe, 1) }, cancel)
		if err != nil || stuck {
			return got, err
		}
		if acquired != nil {
			return got, fmt.Errorf("Acquire(1) with nothing cancelled returned %w", acquired)
		}
		got++
	}
	return got, nil
}

func (s *state) wholeAgain(ctx context.Context) error {
	if err := s.leakCheck(ctx); err != nil {
		return err
	}
	return s.conform(ctx, "a cancelled Acquire returns its context's error and keeps no unit")
}

func (s *state) wholeAgainFails(ctx context.Context, want string) error {
	return fired(s.leakCheck(ctx), "permit-leak", want)
}

// fifoCheck is the FIFO detector: the large Acquire that waited got in before the small one
// made after it.
func (s *state) fifoCheck(ctx context.Context, large, small string) error {
	if s.first == nil {
		return fmt.Errorf("no Acquire waited: use `When … of its weight is held, an Acquire of … waits, and then an Acquire of … is made`")
	}
	if large != fmt.Sprint(s.first.n) || small != fmt.Sprint(s.later.n) {
		return fmt.Errorf("the Acquires made were of %d and then %d, not %s and %s", s.first.n, s.later.n, large, small)
	}
	return harness.Detect(ctx, fifo, func() error {
		if s.crowd.order[0] != s.first {
			return fmt.Errorf("the Acquire of %d, made while the Acquire of %d waited, got in first: small Acquires coming one after another can keep the large one waiting for ever", s.later.n, s.first.n)
		}
		return nil
	})
}

func (s *state) largeFirst(ctx context.Context, large, small string) error {
	if err := s.fifoCheck(ctx, large, small); err != nil {
		return err
	}
	return s.conform(ctx, "first come, first served: a small Acquire queues behind a large one that waits")
}

func (s *state) largeFirstFails(ctx context.Context, large, small, want string) error {
	return fired(s.fifoCheck(ctx, large, small), "FIFO", want)
}

// tryCheck is the TryAcquire detector: with the whole weight held, TryAcquire(1) returns false
// at once; once the weight is released, it takes the unit.
func (s *state) tryCheck(ctx context.Context) error {
	if err := s.need(); err != nil {
		return err
	}
	if s.mine != s.weight {
		return fmt.Errorf("the whole weight is not held: use `When its whole weight is held`")
	}
	var tookHeld, tookFree bool
	blocked, err := attempt(ctx, "TryAcquire(1)", func() { tookHeld = s.sem.TryAcquire(1) }, s.releaseMine)
	if err != nil {
		return err
	}
	if tookHeld {
		s.sem.Release(1)
	}
	s.releaseMine()
	if _, err := attempt(ctx, "TryAcquire(1) on the free semaphore", func() { tookFree = s.sem.TryAcquire(1) }, func() {}); err != nil {
		return err
	}
	if tookFree {
		s.sem.Release(1)
	}
	return harness.Detect(ctx, tryAcquire, func() error {
		switch {
		case blocked:
			return fmt.Errorf("TryAcquire(1) blocked while the whole weight of %d was held, until it was released", s.weight)
		case tookHeld:
			return fmt.Errorf("TryAcquire(1) took a unit while the whole weight of %d was held", s.weight)
		case !tookFree:
			return fmt.Errorf("TryAcquire(1) refused with the whole weight of %d free", s.weight)
		}
		return nil
	})
}

func (s *state) tryRefuses(ctx context.Context) error {
	if err := s.tryCheck(ctx); err != nil {
		return err
	}
	return s.conform(ctx, "TryAcquire refuses at once when the weight is held, and takes a free unit")
}

func (s *state) tryRefusesFails(ctx context.Context, want string) error {
	return fired(s.tryCheck(ctx), "TryAcquire", want)
}
