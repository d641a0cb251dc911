package counters

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/counter"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
	"github.com/cucumber/godog"
)

// state is the counter a scenario drives and what it counted.
type state struct {
	cat      *catalog.Catalog
	name     string
	expected int64
	count    int64
}

func register(sc *godog.ScenarioContext, cat *catalog.Catalog) {
	s := &state{cat: cat}
	sc.Given(stepkit.Re(`^the "([^"]+)" counter$`), s.theCounter)
	sc.When(stepkit.Re(`^(-?\d+) goroutines each increment it (-?\d+) times$`), s.incrementInProcess)
	sc.When(stepkit.Re(`^(-?\d+) goroutines each increment it (-?\d+) times in a child process built (with|without) the race detector$`), s.incrementInChild)
	sc.Then(stepkit.Re(`^the count is exactly (-?\d+)$`), s.countIsExactly)
	sc.Then(stepkit.Re(`^the count is at most (-?\d+)$`), s.countIsAtMost)
	sc.Then(stepkit.Re(`^the lost updates are reported as a figure$`), s.lostUpdatesFigure)
}

func (s *state) theCounter(name string) error {
	if err := catalog.Check(s.cat, kind, name); err != nil {
		return err
	}
	s.name = name
	return nil
}

func incrementArgs(goroutines, increments string) (int, int, error) {
	g, err := stepkit.Count("the number of goroutines", goroutines, stepkit.MaxGoroutines)
	if err != nil {
		return 0, 0, err
	}
	k, err := stepkit.Count("the number of increments", increments, stepkit.MaxRepeats)
	return g, k, err
}

func (s *state) incrementInProcess(ctx context.Context, goroutines, increments string) error {
	g, k, err := incrementArgs(goroutines, increments)
	if err != nil {
		return err
	}
	if catalog.IsBroken(s.cat, kind, s.name) {
		return fmt.Errorf("the %q counter is a negative control: run it in a child process, where its race cannot fail the corpus itself", s.name)
	}
	c, err := catalog.Lookup(s.cat, kind, s.name)
	if err != nil {
		return err
	}
	// The calls into the counter run under harness.Call: a counter whose increment, read or
	// Close waits on something that never comes fails the scenario at once, with where.
	var value int64
	var phase atomic.Int32 // which of phases the calls are in
	phases := []string{"incrementing it", "reading the count", "closing it"}
	err = harness.Call(ctx, "the "+s.name+" counter's round of increments, read and close", func() {
		counter.IncrementConcurrently(c, g, k)
		phase.Store(1)
		value = c.Value()
		phase.Store(2)
		if owner, ok := c.(interface{ Close() }); ok {
			owner.Close() // nothing uses the counter any more
		}
	}, func(parked []harness.Goroutine) string {
		return fmt.Sprintf("%d goroutines each increment the counter %d times, then the count is read and the counter closed, and each call should return once the counter has taken it; but while %s the scenario's goroutines are parked at %s: a counter's call must wait for nothing but its own lock or owner",
			g, k, phases[phase.Load()], shared.WhereAll(parked))
	})
	if err != nil {
		return err
	}
	s.expected, s.count = int64(g)*int64(k), value
	return nil
}

func (s *state) incrementInChild(ctx context.Context, goroutines, increments, with string) error {
	g, k, err := incrementArgs(goroutines, increments)
	if err != nil {
		return err
	}
	var out Result
	err = shared.RunChild(ctx, with == "with", &out, "counter", "-impl", s.name,
		"-goroutines", strconv.Itoa(g), "-increments", strconv.Itoa(k))
	if err != nil {
		return err
	}
	// A child that did not exit normally printed nothing: out stays zero, and nothing counts.
	s.expected, s.count = out.Expected, out.Count
	return nil
}

func (s *state) needCount() error {
	if s.expected == 0 {
		return fmt.Errorf("nothing was counted: no increment step ran to completion")
	}
	return nil
}

func (s *state) countIsExactly(want string) error {
	if err := s.needCount(); err != nil {
		return err
	}
	n, err := strconv.ParseInt(want, 10, 64)
	if err != nil {
		return err
	}
	if s.count != n {
		return fmt.Errorf("the %s counter counted %d, want exactly %d (%d updates lost)", s.name, s.count, n, s.expected-s.count)
	}
	return nil
}

func (s *state) countIsAtMost(most string) error {
	if err := s.needCount(); err != nil {
		return err
	}
	limit, err := strconv.ParseInt(most, 10, 64)
	if err != nil {
		return err
	}
	if s.count > limit {
		return fmt.Errorf("the %s counter counted %d, more than the %d increments made", s.name, s.count, limit)
	}
	return nil
}

func (s *state) lostUpdatesFigure(ctx context.Context) error {
	if err := s.needCount(); err != nil {
		return err
	}
	lost := s.expected - s.count
	return harness.Record(ctx, harness.Figure{
		Name: "lost updates", Value: float64(lost), Unit: "increments",
		Settings: map[string]string{
			"implementation": s.name,
			"increments":     strconv.FormatInt(s.expected, 10),
			"lost fraction":  strconv.FormatFloat(float64(lost)/float64(s.expected), 'f', 4, 64),
		},
	})
}
