package parallelmap

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
)

// failing is what a scenario saw of a map whose items fail or panic. Every item is held until
// the step lets it go; the items are let go in turn, each once the map has dealt with the one
// before.
type failing struct {
	// errs[i] is what item i fails with, nil for an item that succeeds; panics[i] is what it
	// panics with, "" for none.
	errs   []error
	panics []string
	// release[i] lets item i go.
	release []*stepkit.Gate
	// observed[i] is set when item i saw its context done while it was held.
	observed          []atomic.Bool
	started, returned atomic.Int64
	// atEnd is how many calls had returned when the map returned, or its panic reached the
	// map's caller.
	atEnd int64
	// panicked is set, with the value, when a panic reached the map's caller.
	panicked bool
	value    any
}

func newFailing(k int) *failing {
	fl := &failing{errs: make([]error, k), panics: make([]string, k), release: make([]*stepkit.Gate, k), observed: make([]atomic.Bool, k)}
	for i := range fl.release {
		fl.release[i] = stepkit.NewGate()
	}
	return fl
}

// item is the function the map calls: it waits until it is let go, noting whether its context
// was done first, then fails, panics, or returns — with its context's error if it saw it done.
// Its frame in a panic's stack says where the panic came from.
func (fl *failing) item(scenario, ctx context.Context, i int) (int, error) {
	fl.started.Add(1)
	defer fl.returned.Add(1)
	select {
	case <-fl.release[i].Wait():
	case <-ctx.Done():
		fl.observed[i].Store(true)
		select {
		case <-fl.release[i].Wait():
		case <-scenario.Done():
		}
	case <-scenario.Done(): // the scenario failed: let go
	}
	if fl.panics[i] != "" {
		panic(fl.panics[i])
	}
	if fl.errs[i] != nil {
		return i, fl.errs[i]
	}
	if fl.observed[i].Load() {
		return i, ctx.Err()
	}
	return i, nil
}

// run maps the items with at least as many workers as there are items, waits until every item has
// started, lets them go in the order given — each once the map has dealt with the one before —
// calls between after the first has been dealt with, and waits for the map to return.
func (s *state) run(ctx context.Context, fl *failing, order []int, between func()) error {
	k := len(fl.release)
	if s.workers < k {
		return fmt.Errorf("holding every item until the step lets it go needs every item running at once: %d workers for %d items", s.workers, k)
	}
	m, err := catalog.Lookup(s.cat, kind, s.name)
	if err != nil {
		return err
	}
	s.failing = fl
	defer func() {
		for _, g := range fl.release {
			g.Open()
		}
	}()
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			fl.atEnd = fl.returned.Load()
			if v := recover(); v != nil {
				fl.panicked, fl.value = true, v
			}
		}()
		s.results, s.err = m(ctx, numbers(k), s.workers, func(c context.Context, i int) (int, error) { return fl.item(ctx, c, i) })
	}()
	if _, err := harness.AwaitQuiet(ctx, "the "+s.name+" map to start its items"); err != nil {
		return err
	}
	if n := fl.started.Load(); n != int64(k) {
		return fmt.Errorf("the %s map with %d workers started %d of its %d items, and none can finish before all have started", s.name, s.workers, n, k)
	}
	for turn, i := range order {
		fl.release[i].Open()
		if _, err := harness.AwaitQuiet(ctx, fmt.Sprintf("the %s map to deal with item %d", s.name, i)); err != nil {
			return err
		}
		if turn == 0 && between != nil {
			between()
		}
	}
	return shared.Settle(ctx, done, "the "+s.name+" parallel map", func(parked []harness.Goroutine) string {
		return fmt.Sprintf("every item has been let go, so the map should return; but its goroutines are parked at %s",
			shared.WhereAll(shared.In(parked, "(*state).run")))
	})
}

// mapOneFails maps k items: once all have started, item 0 fails (or panics) with msg; the others
// are let go once the map has dealt with it, after the step has noted which of them saw their
// context done.
func (s *state) mapOneFails(ctx context.Context, n, how, msg string) error {
	k, err := stepkit.Count("the number of items", n, 1_000)
	if err != nil {
		return err
	}
	if k < 2 {
		return fmt.Errorf("an item failing among others needs at least 2 items, not %d", k)
	}
	fl := newFailing(k)
	if how == "panics" {
		fl.panics[0] = msg
	} else {
		fl.errs[0] = errors.New(msg)
	}
	order := make([]int, k)
	for i := range order {
		order[i] = i
	}
	return s.run(ctx, fl, order[:1], func() {
		s.cancelled = 0
		for i := 1; i < k; i++ {
			if fl.observed[i].Load() {
				s.cancelled++
			}
		}
		for _, g := range fl.release[1:] {
			g.Open()
		}
	})
}

// mapFailInTurn maps three items that each fail, let go one after another.
func (s *state) mapFailInTurn(ctx context.Context, first, second, third string) error {
	fl := newFailing(3)
	for i, msg := range []string{first, second, third} {
		fl.errs[i] = errors.New(msg)
	}
	return s.run(ctx, fl, []int{0, 1, 2}, nil)
}
