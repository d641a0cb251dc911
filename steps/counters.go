package steps

import (
	"context"
	"fmt"
	"strconv"

	"github.com/concspec/concspec/catalog"
	"github.com/concspec/concspec/harness"
	"github.com/concspec/concspec/internal/controls"
	"github.com/concspec/concspec/patterns/counter"
	"github.com/cucumber/godog"
)

// counterState is the counter a scenario drives and what it counted.
type counterState struct {
	name     string
	expected int64
	count    int64
	counted  bool
}

func (w *world) registerCounters(sc *godog.ScenarioContext) {
	sc.Given(re(`^the "([^"]+)" counter$`), w.theCounter)
	sc.When(re(`^(-?\d+) goroutines each increment it (-?\d+) times$`), w.incrementInProcess)
	sc.When(re(`^(-?\d+) goroutines each increment it (-?\d+) times in a child process built (with|without) the race detector$`), w.incrementInChild)
	sc.Then(re(`^the count is exactly (-?\d+)$`), w.countIsExactly)
	sc.Then(re(`^the count is at most (-?\d+)$`), w.countIsAtMost)
	sc.Then(re(`^the lost updates are reported as a figure$`), w.lostUpdatesFigure)
}

func (w *world) theCounter(name string) error {
	if _, err := catalog.Lookup("counter", catalog.Counters, name); err != nil {
		return err
	}
	w.counter.name = name
	return nil
}

func incrementArgs(goroutines, increments string) (int, int, error) {
	g, err := count("the number of goroutines", goroutines, maxGoroutines)
	if err != nil {
		return 0, 0, err
	}
	k, err := count("the number of increments", increments, maxRepeats)
	return g, k, err
}

func (w *world) incrementInProcess(ctx context.Context, goroutines, increments string) error {
	g, k, err := incrementArgs(goroutines, increments)
	if err != nil {
		return err
	}
	entry, err := catalog.Lookup("counter", catalog.Counters, w.counter.name)
	if err != nil {
		return err
	}
	if entry.NegativeControl {
		return fmt.Errorf("the %q counter is a negative control: run it in a child process, where its race cannot fail the corpus itself", w.counter.name)
	}
	c := entry.New()
	counter.IncrementConcurrently(c, g, k)
	value := c.Value()
	if owner, ok := c.(interface{ Close() }); ok {
		owner.Close() // nothing uses the counter any more
	}
	w.counter.expected, w.counter.count, w.counter.counted = int64(g)*int64(k), value, true
	return nil
}

func (w *world) incrementInChild(ctx context.Context, goroutines, increments, with string) error {
	g, k, err := incrementArgs(goroutines, increments)
	if err != nil {
		return err
	}
	var out controls.CounterResult
	err = w.runChild(ctx, with == "with", &out, "counter", "-impl", w.counter.name,
		"-goroutines", strconv.Itoa(g), "-increments", strconv.Itoa(k))
	if err != nil {
		return err
	}
	w.counter.expected, w.counter.count, w.counter.counted = out.Expected, out.Count, w.child.result.ExitCode == 0
	return nil
}

func (w *world) counted() error {
	if !w.counter.counted {
		return fmt.Errorf("nothing was counted: no increment step ran to completion")
	}
	return nil
}

func (w *world) countIsExactly(want string) error {
	if err := w.counted(); err != nil {
		return err
	}
	n, err := strconv.ParseInt(want, 10, 64)
	if err != nil {
		return err
	}
	if w.counter.count != n {
		return fmt.Errorf("the %s counter counted %d, want exactly %d (%d updates lost)",
			w.counter.name, w.counter.count, n, w.counter.expected-w.counter.count)
	}
	return nil
}

func (w *world) countIsAtMost(most string) error {
	if err := w.counted(); err != nil {
		return err
	}
	limit, err := strconv.ParseInt(most, 10, 64)
	if err != nil {
		return err
	}
	if w.counter.count > limit {
		return fmt.Errorf("the %s counter counted %d, more than the %d increments made", w.counter.name, w.counter.count, limit)
	}
	return nil
}

func (w *world) lostUpdatesFigure(ctx context.Context) error {
	if err := w.counted(); err != nil {
		return err
	}
	lost := w.counter.expected - w.counter.count
	return harness.Record(ctx, harness.Figure{
		Name: "lost updates", Value: float64(lost), Unit: "increments",
		Settings: map[string]string{
			"implementation": w.counter.name,
			"increments":     strconv.FormatInt(w.counter.expected, 10),
			"lost fraction":  strconv.FormatFloat(float64(lost)/float64(w.counter.expected), 'f', 4, 64),
		},
	})
}
