package lifetimes

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
)

// collected is the ledger of a round of tasks handing their results to a collector: how many
// tasks there were, how many results they produced, and how many the collector delivered.
type collected struct {
	tasks     int
	produced  atomic.Int64
	delivered int
}

// collectResults runs n tasks through a collector. The tasks may return only once the
// collector is blocked (or has returned, which is the bug), so a collector that does not wait
// cannot get lucky.
func (s *state) collectResults(ctx context.Context, n, collector string) error {
	release, err := s.gate(ctx)
	if err != nil {
		return err
	}
	k, err := stepkit.Count("the number of tasks", n, stepkit.MaxGoroutines)
	if err != nil {
		return err
	}
	collect, err := catalog.Lookup(s.cat, collectorKind, collector)
	if err != nil {
		return err
	}
	c := &s.results
	c.tasks = k
	allProduced := make(chan struct{})
	tasks := make([]func() int, k)
	for i := range tasks {
		tasks[i] = func() int {
			<-release.Wait()
			if c.produced.Add(1) == int64(k) {
				close(allProduced)
			}
			return i
		}
	}
	done := make(chan struct{})
	id := make(chan int64, 1)
	go func() {
		defer close(done)
		id <- harness.GoroutineID()
		c.delivered = len(collect(tasks))
	}()
	// The goroutine above says its ID before anything else, into a buffer with room for it: the
	// receive below cannot block.
	if _, err := harness.AwaitParked(ctx, <-id, collector); err != nil {
		return err
	}
	release.Open()
	if err := shared.Settle(ctx, done, collector, func(parked []harness.Goroutine) string {
		return fmt.Sprintf("every task is let go, so %s should return once the %d of them have handed over their results (%d have); but it is parked at %s: a collector must wait for exactly the tasks it started, and for nothing else",
			collector, k, c.produced.Load(), shared.WhereAll(shared.In(parked, "(*state).collectResults")))
	}); err != nil {
		return err
	}
	return shared.Settle(ctx, allProduced, "every task's hand-over of its result", func(parked []harness.Goroutine) string {
		return fmt.Sprintf("every task is let go, so each should hand over its result and return; but %d of %d have, and the others are parked at %s",
			c.produced.Load(), k, shared.WhereAll(shared.In(parked, "(*state).collectResults")))
	})
}

// ran fails unless n tasks handed their results to a collector.
func (c *collected) ran(n string) error {
	if c.tasks == 0 {
		return fmt.Errorf("no tasks handed their results to a collector")
	}
	if fmt.Sprint(c.tasks) != n {
		return fmt.Errorf("%d tasks ran, not %s", c.tasks, n)
	}
	return nil
}

// resultsCheck is rule R21's detector: every task's result was produced and delivered.
func (s *state) resultsCheck(ctx context.Context) error {
	c := &s.results
	return harness.Detect(ctx, allResultsArrive, func() error {
		if produced := c.produced.Load(); c.delivered != c.tasks || produced != int64(c.tasks) {
			return fmt.Errorf("%d of the %d tasks' results arrived (%d were produced)", c.delivered, c.tasks, produced)
		}
		return nil
	})
}

func (s *state) allArrive(ctx context.Context, n string) error {
	if err := s.results.ran(n); err != nil {
		return err
	}
	return s.resultsCheck(ctx)
}

// allArriveFails is the negative control: the results check fires on a collector that loses
// results, and the ledger says how many it lost.
func (s *state) allArriveFails(ctx context.Context, n, lost string) error {
	c := &s.results
	if err := c.ran(n); err != nil {
		return err
	}
	if s.resultsCheck(ctx) == nil {
		return fmt.Errorf("the results check did not fire: it found all %d results delivered", c.tasks)
	}
	if got := c.produced.Load() - int64(c.delivered); fmt.Sprint(got) != lost {
		return fmt.Errorf("%d of the %d results were lost, want %s", got, c.tasks, lost)
	}
	return nil
}
