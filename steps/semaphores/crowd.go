package semaphores

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
)

// acquirer is one goroutine of a crowd: it acquires n units and holds them until its gate
// opens.
type acquirer struct {
	n    int64
	gate *stepkit.Gate
}

// crowd is the Acquires a scenario makes from goroutines of its own, and the order in which
// they got in.
type crowd struct {
	s        *state
	mu       sync.Mutex
	all      []*acquirer
	order    []*acquirer
	letGo    int // how many of order have been let go
	returned int
	failures []string
}

// newCrowd starts a crowd whose gates all open when the scenario ends.
func (s *state) newCrowd(ctx context.Context) (*crowd, error) {
	c := &crowd{s: s}
	s.crowd = c
	return c, harness.Cleanup(ctx, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		for _, a := range c.all {
			a.gate.Open()
		}
	})
}

// start makes an Acquire of n from a goroutine of its own, which holds the units until let go.
func (c *crowd) start(ctx context.Context, n int64) *acquirer {
	a := &acquirer{n: n, gate: stepkit.NewGate()}
	c.mu.Lock()
	c.all = append(c.all, a)
	c.mu.Unlock()
	go func() {
		if err := c.s.sem.Acquire(ctx, n); err != nil {
			c.end(fmt.Sprintf("Acquire(%d) returned %v", n, err))
			return
		}
		c.s.take(n)
		c.mu.Lock()
		c.order = append(c.order, a)
		c.mu.Unlock()
		<-a.gate.Wait()
		c.s.give(n)
		c.s.sem.Release(n)
		c.end("")
	}()
	return a
}

// end notes that an acquirer returned, with what went wrong if anything did.
func (c *crowd) end(failure string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.returned++
	if failure != "" {
		c.failures = append(c.failures, failure)
	}
}

// acquiredSoFar is how many of the crowd have got in.
func (c *crowd) acquiredSoFar() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.order)
}

// letGoInRounds waits, round after round, until nothing in the scenario moves — every Acquire
// has got in or waits — and lets go those that got in, until every acquirer has returned.
// The units held are counted as each Acquire returns and before each Release (take, give):
// the count can never run ahead of what the semaphore admitted.
func (c *crowd) letGoInRounds(ctx context.Context) error {
	for {
		parked, err := harness.AwaitQuiet(ctx, "the Acquires to get in or wait")
		if err != nil {
			return err
		}
		c.mu.Lock()
		newly := slices.Clone(c.order[c.letGo:])
		c.letGo = len(c.order)
		returned, total, failures := c.returned, len(c.all), slices.Clone(c.failures)
		c.mu.Unlock()
		switch {
		case len(failures) > 0:
			return fmt.Errorf("an Acquire failed with nothing cancelled: %s", strings.Join(failures, "; "))
		case returned == total:
			return nil
		case len(newly) == 0:
			return fmt.Errorf("%w: %d of the %d Acquires have not got in, and nothing holds a unit of the %s semaphore's weight %d any more: every waiting Acquire should have been granted; they are parked at %s",
				harness.ErrStuck, total-returned, total, c.s.name, c.s.weight, shared.WhereAll(parked))
		}
		for _, a := range newly {
			a.gate.Open()
		}
	}
}

// attempt runs fn in a goroutine of the scenario and waits for it to return. When nothing in
// the scenario can make it return any more, it calls unblock (which must let fn return), waits
// for fn, and reports that fn was stuck.
func attempt(ctx context.Context, what string, fn, unblock func()) (stuck bool, err error) {
	done := make(chan struct{})
	err = harness.Call(ctx, what, func() {
		defer close(done)
		fn()
	}, nil)
	if !errors.Is(err, harness.ErrStuck) {
		return false, err
	}
	unblock()
	return true, shared.Await(ctx, done, what+" to return once let go", func(parked []harness.Goroutine) string {
		return what + " was let go and should return; it is parked at " + shared.WhereAll(parked)
	})
}
