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

// lostUpdate is the detector of rule R18: the count is not exactly the increments made.
const lostUpdate harness.Detector = "lost update"

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
	sc.When(stepkit.Re(`^(-?\d+) goroutines each increment it (-?\d+) times while another goroutine reads the count, in a child process built with the race detector$`), s.incrementWhileReading)
	sc.When(stepkit.Re(`^(-?\d+) goroutines each increment it once, all reading the count before any writes it back, in a child process built without the race detector$`), s.incrementInterleaved)
	sc.When(stepkit.Re(`^(-?\d+) goroutines at GOMAXPROCS (-?\d+) increment it in a child process built with the race detector, until each has seen the others' increments between two of its reads (-?\d+) times$`), s.incrementOverlapping)
	sc.Then(stepkit.Re(`^the count is exactly (-?\d+)$`), s.countIsExactly)
	sc.Then(stepkit.Re(`^the count is exactly the increments made$`), s.countIsTheIncrementsMade)
	sc.Then(stepkit.Re(`^the check that the count is exactly (-?\d+) fails, with (-?\d+) updates? lost$`), s.countCheckFails)
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
	_, err := s.inChild(ctx, with == "with", goroutines, increments)
	return err
}

// incrementWhileReading runs the increments in a child built with the race detector while
// another goroutine reads the count: Value must be as safe as Increment.
func (s *state) incrementWhileReading(ctx context.Context, goroutines, increments string) error {
	_, err := s.inChild(ctx, true, goroutines, increments, "-read")
	return err
}

// incrementInterleaved forces the interleaving that loses updates: each goroutine increments
// once, and none writes back until all have read.
func (s *state) incrementInterleaved(ctx context.Context, goroutines string) error {
	_, err := s.inChild(ctx, false, goroutines, "1", "-interleave")
	return err
}

// overlapBound is how many increments one goroutine may make while waiting for overlaps. On one
// processor an overlap comes with each switch between the goroutines' threads, every few
// milliseconds, after a goroutine has made some thousands of increments, rarely more than a
// few hundred thousand.
const overlapBound = 20_000_000

// incrementOverlapping runs the increments in a child built with the race detector, at the
// given GOMAXPROCS, until each goroutine has seen the others' increments between two of its
// reads the given number of times (see incrementUntilOverlapped).
func (s *state) incrementOverlapping(ctx context.Context, goroutines, procs, overlaps string) error {
	if _, err := stepkit.Number("the number of goroutines that overlap", goroutines, 2, stepkit.MaxGoroutines); err != nil {
		return err
	}
	p, err := stepkit.Number("GOMAXPROCS", procs, 2, 1024)
	if err != nil {
		return err
	}
	w, err := stepkit.Count("the number of overlaps", overlaps, stepkit.MaxRepeats)
	if err != nil {
		return err
	}
	out, err := s.inChild(ctx, true, goroutines, strconv.Itoa(overlapBound), "-procs", strconv.Itoa(p), "-until-overlaps", strconv.Itoa(w))
	if err != nil || out.Expected == 0 { // a child that did not exit normally is for the Then steps
		return err
	}
	if out.FewestOverlaps < w {
		return fmt.Errorf("a goroutine made %d increments and saw the others' increments between two of its reads only %d times, not %d: the goroutines did not overlap enough for this run to show anything about the %s counter",
			overlapBound, out.FewestOverlaps, w, s.name)
	}
	return nil
}

func (s *state) inChild(ctx context.Context, race bool, goroutines, increments string, flags ...string) (Result, error) {
	var out Result
	g, k, err := incrementArgs(goroutines, increments)
	if err != nil {
		return out, err
	}
	args := append([]string{"counter", "-impl", s.name, "-goroutines", strconv.Itoa(g), "-increments", strconv.Itoa(k)}, flags...)
	if err := shared.RunChild(ctx, race, &out, args...); err != nil {
		return out, err
	}
	// A child that did not exit normally printed nothing: out stays zero, and nothing counts.
	s.expected, s.count = out.Expected, out.Count
	return out, nil
}

func (s *state) needCount() error {
	if s.expected == 0 {
		return fmt.Errorf("nothing was counted: no increment step ran to completion")
	}
	return nil
}

// countCheck is the lost-update detector: the count must be exactly want, the increments made.
func (s *state) countCheck(ctx context.Context, want string) error {
	if err := s.needCount(); err != nil {
		return err
	}
	n, err := strconv.ParseInt(want, 10, 64)
	if err != nil {
		return err
	}
	return harness.Detect(ctx, lostUpdate, func() error {
		if s.count != n {
			return fmt.Errorf("the %s counter counted %d, want exactly %d (%d updates lost)", s.name, s.count, n, n-s.count)
		}
		return nil
	})
}

func (s *state) countIsExactly(ctx context.Context, want string) error {
	return s.countCheck(ctx, want)
}

// countIsTheIncrementsMade checks the count against the increments the goroutines made, for a
// run that made as many as it took to overlap.
func (s *state) countIsTheIncrementsMade(ctx context.Context) error {
	return s.countCheck(ctx, strconv.FormatInt(s.expected, 10))
}

// countCheckFails is the negative control: the lost-update detector fires on the counter, and
// the updates it lost are exactly those the forced interleaving loses.
func (s *state) countCheckFails(ctx context.Context, want, lost string) error {
	if err := s.needCount(); err != nil {
		return err
	}
	if s.countCheck(ctx, want) == nil {
		return fmt.Errorf("the count check did not fire: the %s counter counted %d of the %d increments made", s.name, s.count, s.expected)
	}
	if got := fmt.Sprint(s.expected - s.count); got != lost {
		return fmt.Errorf("the %s counter counted %d of %d increments: %s updates lost, want %s", s.name, s.count, s.expected, got, lost)
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
