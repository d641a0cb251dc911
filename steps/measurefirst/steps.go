package measurefirst

import (
	"context"
	"fmt"
	"strconv"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/internal/measure"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
	"github.com/cucumber/godog"
)

// ioBoundBelow is the classification: a workload that asks for fewer processors than this on
// average (measure.Sample.Demand: the smaller of those it held and those its threads wanted)
// spends its time waiting.
const ioBoundBelow = 0.5

// state is the processors each measured workload asked for on average.
type state struct {
	demand map[string]float64
}

func register(sc *godog.ScenarioContext, _ *catalog.Catalog) {
	s := &state{demand: map[string]float64{}}
	sc.When(stepkit.Re(`^a workload of (-?\d+) goroutines that each wait for an answer a loopback server gives after (\d+)ms is measured$`), s.measureWaiting)
	sc.When(stepkit.Re(`^a workload of (-?\d+) goroutines that compute is measured$`), s.measureComputing)
	sc.When(stepkit.Re(`^a workload that waits for a loopback server's answer by spinning on a flag is measured$`), s.measureSpinning)
	sc.Then(stepkit.Re(`^the (waiting|computing|spinning) workload is classified (I/O-bound|CPU-bound)$`), s.classified)
	sc.Then(stepkit.Re(`^the check that the (waiting|computing|spinning) workload is (I/O-bound|CPU-bound) fails$`), s.classificationFails)
}

// measure runs the workload in the program built without the race detector and keeps the
// processors it asked for.
func (s *state) measure(ctx context.Context, name string, args ...string) error {
	if err := harness.RequireExclusive(ctx, "measures how many processors a workload holds"); err != nil {
		return err
	}
	var sample measure.Sample
	if err := shared.MeasureInChild(ctx, &sample, append([]string{"workload", "-kind", name}, args...)...); err != nil {
		return err
	}
	s.demand[name] = sample.Demand()
	return shared.RecordSample(ctx, "the "+name+" workload", sample, map[string]string{"workload": name})
}

func (s *state) measureWaiting(ctx context.Context, n, millis string) error {
	k, err := stepkit.Count("the number of goroutines", n, 10_000)
	if err != nil {
		return err
	}
	ms, err := stepkit.Number("the latency in milliseconds", millis, 0, 10_000)
	if err != nil {
		return err
	}
	return s.measure(ctx, "waiting", "-n", strconv.Itoa(k), "-latency", fmt.Sprintf("%dms", ms))
}

func (s *state) measureComputing(ctx context.Context, n string) error {
	k, err := stepkit.Count("the number of goroutines", n, 1000)
	if err != nil {
		return err
	}
	return s.measure(ctx, "computing", "-n", strconv.Itoa(k))
}

// measureSpinning waits for one answer the wrong way: by spinning on a flag instead of
// blocking. It only waits, yet it holds a processor the whole time.
func (s *state) measureSpinning(ctx context.Context) error {
	return s.measure(ctx, "spinning", "-latency", "100ms")
}

// classified is the classification detector's verdict on one workload.
func (s *state) classified(ctx context.Context, name, class string) error {
	demand, ok := s.demand[name]
	if !ok {
		return fmt.Errorf("no %s workload was measured", name)
	}
	return harness.Detect(ctx, classification, func() error {
		got := "CPU-bound"
		if demand < ioBoundBelow {
			got = "I/O-bound"
		}
		if got != class {
			return fmt.Errorf("the %s workload asked for %s processors on average (the fewer of those it held and those its threads wanted): %s, not %s (the line is %g)",
				name, shared.Processors(demand), got, class, ioBoundBelow)
		}
		return nil
	})
}

// classificationFails is a negative control's step: the classification, asked to call the
// workload class, must refuse.
func (s *state) classificationFails(ctx context.Context, name, class string) error {
	if s.classified(ctx, name, class) == nil {
		return fmt.Errorf("the classification calls the %s workload %s: the check that should tell a spinning wait from a blocking one did not fire", name, class)
	}
	return nil
}
