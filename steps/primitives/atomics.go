package primitives

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/primitives"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
	"golang.org/x/sync/errgroup"
)

func (s *state) atomicAdds(goroutines, times string) error {
	g, err := stepkit.Count("the number of goroutines", goroutines, stepkit.MaxGoroutines)
	if err != nil {
		return err
	}
	k, err := stepkit.Count("the number of additions", times, stepkit.MaxRepeats)
	if err != nil {
		return err
	}
	var n atomic.Int64
	var wg sync.WaitGroup
	for range g {
		wg.Go(func() {
			for range k {
				n.Add(1)
			}
		})
	}
	wg.Wait() // unbounded on purpose: the goroutines only add, nothing can block them
	s.count = n.Load()
	return nil
}

// loadStoreInterleaved forces the bad interleaving: both goroutines load the same value before
// either stores, so both store value+1. The two increments wait for each other inside the window
// IncrementLoadStore opens; one that never reaches it would leave the other parked there, so the
// wait is a harness.Call, and every goroutine here lets go when the scenario ends.
func (s *state) loadStoreInterleaved(ctx context.Context) error {
	var n atomic.Int64
	loaded, bothLoaded := make(chan struct{}, 2), make(chan struct{})
	go func() {
		for range 2 {
			select {
			case <-loaded:
			case <-ctx.Done():
				return
			}
		}
		close(bothLoaded)
	}()
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			primitives.IncrementLoadStore(&n, func() {
				loaded <- struct{}{} // room for both: never blocks
				select {
				case <-bothLoaded:
				case <-ctx.Done():
				}
			})
		})
	}
	if err := harness.Call(ctx, "the pair of interleaved increments", wg.Wait, func(parked []harness.Goroutine) string {
		return "each increment waits, between its load and its store, until both have loaded; but " +
			shared.WhereAll(shared.In(parked, "(*state).loadStoreInterleaved")) +
			": an increment that never reaches the window between its load and its store leaves the other waiting for ever"
	}); err != nil {
		return err
	}
	s.count = n.Load()
	return nil
}

// countCheck is the atomic-update detector: the count is exactly want, one per increment made.
func (s *state) countCheck(ctx context.Context, want string) error {
	return harness.Detect(ctx, atomicUpdate, func() error {
		if fmt.Sprint(s.count) != want {
			return fmt.Errorf("the count is %d, want %s", s.count, want)
		}
		return nil
	})
}

func (s *state) atomicCountIs(ctx context.Context, want string) error {
	return s.countCheck(ctx, want)
}

// atomicCountCheckFails is the negative control: the atomic-update detector fires on an
// increment made of a separate load and store, and the updates lost are those the forced
// interleaving loses.
func (s *state) atomicCountCheckFails(ctx context.Context, want, lost string) error {
	if s.countCheck(ctx, want) == nil {
		return fmt.Errorf("the count check did not fire: the count is %d", s.count)
	}
	n, err := strconv.ParseInt(want, 10, 64)
	if err != nil {
		return err
	}
	if got := fmt.Sprint(n - s.count); got != lost {
		return fmt.Errorf("the count is %d of %d: %s updates lost, want %s", s.count, n, got, lost)
	}
	return nil
}

func (s *state) errgroupLoop(n string) error {
	k, err := stepkit.Count("the number of tasks", n, stepkit.MaxGoroutines)
	if err != nil {
		return err
	}
	slots := make([]bool, k)
	var g errgroup.Group
	for i := range slots {
		g.Go(func() error { slots[i] = true; return nil })
	}
	// Unbounded on purpose: each task only fills its slot, nothing can block it.
	if err := g.Wait(); err != nil {
		return err
	}
	s.slots = slots
	return nil
}

func (s *state) allSlotsFilled(n string) error {
	if fmt.Sprint(len(s.slots)) != n {
		return fmt.Errorf("%d slots, want %s", len(s.slots), n)
	}
	for i, filled := range s.slots {
		if !filled {
			return fmt.Errorf("slot %d is empty after Wait", i)
		}
	}
	return nil
}
