package parallelmap

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
)

// mapHeld maps items that each wait until the scenario releases them, and counts the items
// running once the map has started all it will: when every goroutine of the scenario is parked,
// the map can start no more until one is released.
func (s *state) mapHeld(ctx context.Context, n string) error {
	k, err := stepkit.Count("the number of items", n, 10_000)
	if err != nil {
		return err
	}
	if k <= s.workers {
		return fmt.Errorf("counting the items running at once needs more items than workers: %d items for %d workers", k, s.workers)
	}
	m, err := catalog.Lookup(s.cat, kind, s.name)
	if err != nil {
		return err
	}
	release := stepkit.NewGate()
	defer release.Open()
	var running atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.results, s.err = m(ctx, numbers(k), s.workers, func(_ context.Context, i int) (int, error) {
			running.Add(1)
			defer running.Add(-1)
			select {
			case <-release.Wait():
			case <-ctx.Done(): // the scenario failed: let go
			}
			return i, nil
		})
	}()
	if _, err := harness.AwaitQuiet(ctx, "the "+s.name+" map to start every item it will while none can finish"); err != nil {
		return err
	}
	s.atOnce = int(running.Load())
	release.Open()
	err = shared.Settle(ctx, done, "the "+s.name+" parallel map", func(parked []harness.Goroutine) string {
		return fmt.Sprintf("every item is released, so the map should return; but its goroutines are parked at %s",
			shared.WhereAll(shared.In(parked, "(*state).mapHeld")))
	})
	if err != nil {
		return err
	}
	return s.noError()
}

// limitCheck is the worker-limit check: when no item could finish, the map was running exactly
// as many as it has workers — no more (a map that ignores its worker count) and no fewer (one
// that leaves workers idle).
func (s *state) limitCheck(ctx context.Context) error {
	return harness.Detect(ctx, workerLimit, func() error {
		if s.atOnce != s.workers {
			return fmt.Errorf("the %s map with %d workers ran %d items at once", s.name, s.workers, s.atOnce)
		}
		return nil
	})
}

func (s *state) ranAsManyAsWorkers(ctx context.Context) error {
	return s.limitCheck(ctx)
}

// ranAsManyFails is the negative control: the worker-limit check fires on a map that does not
// run as many items at once as it has workers.
func (s *state) ranAsManyFails(ctx context.Context) error {
	if s.limitCheck(ctx) == nil {
		return fmt.Errorf("the worker-limit check did not fire: the %s map with %d workers ran %d items at once", s.name, s.workers, s.atOnce)
	}
	return nil
}
