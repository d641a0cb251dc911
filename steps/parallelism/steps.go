package parallelism

import (
	"context"
	"fmt"
	"runtime"
	"strconv"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
	"github.com/cucumber/godog"
)

// state is what the scenario measured, by GOMAXPROCS.
type state struct {
	measured map[int]Measured
	// started is what a Go program started with, when the scenario started one.
	started *Started
}

// parallelRun is the check that CPU-bound goroutines ran side by side.
const parallelRun harness.Detector = "parallelism measure"

func register(sc *godog.ScenarioContext, _ *catalog.Catalog) {
	s := &state{measured: map[int]Measured{}}
	sc.When(stepkit.Re(`^2 CPU-bound goroutines compute side by side at GOMAXPROCS (1|equal to the cores)$`), s.sideBySide)
	sc.Then(stepkit.Re(`^at GOMAXPROCS (1|equal to the cores) both took chunks of the work, taking turns$`), s.tookTurns)
	sc.Then(stepkit.Re(`^at GOMAXPROCS (1|equal to the cores) they held at most (\d+(?:\.\d+)?) processors on average$`), s.atMost)
	sc.Then(stepkit.Re(`^at GOMAXPROCS (1|equal to the cores) they held at least (\d+(?:\.\d+)?) processors on average$`), s.atLeast)
	sc.Then(stepkit.Re(`^the check that at GOMAXPROCS (1|equal to the cores) they held at least (\d+(?:\.\d+)?) processors fails$`), s.atLeastFails)
	sc.When(stepkit.Re(`^a Go program starts with GOMAXPROCS (unset|set to \d+) in its environment$`), s.startGo)
	sc.Then(stepkit.Re(`^it started with GOMAXPROCS (\d+)$`), s.procsAre)
	sc.Then(stepkit.Re(`^it started with a processor for each CPU it may use$`), s.procsAreDefault)
	sc.Then(stepkit.Re(`^the check that it started with a processor for each CPU it may use fails$`), s.procsAreDefaultFails)
}

// procs reads the GOMAXPROCS a step names.
func procs(setting string) int {
	if setting == "1" {
		return 1
	}
	return runtime.NumCPU()
}

// sideBySide measures in the program built without the race detector, so that the figures are
// those of the Go a user ships.
func (s *state) sideBySide(ctx context.Context, setting string) error {
	if err := harness.RequireExclusive(ctx, "measures how many processors two computing goroutines hold"); err != nil {
		return err
	}
	n := procs(setting)
	var m Measured
	if err := shared.MeasureInChild(ctx, &m, "side-by-side", "-procs", strconv.Itoa(n)); err != nil {
		return err
	}
	s.measured[n] = m
	return shared.RecordSample(ctx, "2 CPU-bound goroutines, median of 5 runs", m.Sample, map[string]string{"GOMAXPROCS": strconv.Itoa(n), "goroutines": "2"})
}

func (s *state) get(setting string) (Measured, error) {
	m, ok := s.measured[procs(setting)]
	if !ok {
		return m, fmt.Errorf("nothing was measured at GOMAXPROCS %s", setting)
	}
	return m, nil
}

func (s *state) tookTurns(setting string) error {
	m, err := s.get(setting)
	if err != nil {
		return err
	}
	if !m.Interleaved {
		return fmt.Errorf("at GOMAXPROCS %s one goroutine took every chunk before the other took any: they did not take turns", setting)
	}
	return nil
}

func (s *state) atMost(setting, most string) error {
	m, err := s.get(setting)
	if err != nil {
		return err
	}
	limit, err := strconv.ParseFloat(most, 64)
	if err != nil {
		return err
	}
	if got := m.Sample.Held(); got > limit {
		return fmt.Errorf("at GOMAXPROCS %s the goroutines held %s processors on average (the kernel gave them %s), more than %s",
			setting, shared.Processors(got), shared.Processors(m.Sample.Obtained()), most)
	}
	return nil
}

// atLeast is the parallelism check: the goroutines were running, or ready to run, side by side.
func (s *state) atLeast(ctx context.Context, setting, least string) error {
	m, err := s.get(setting)
	if err != nil {
		return err
	}
	limit, err := strconv.ParseFloat(least, 64)
	if err != nil {
		return err
	}
	if procs(setting) > 1 && runtime.NumCPU() == 1 {
		return harness.Skip(ctx, "this machine has one core, so goroutines cannot run in parallel here")
	}
	return harness.Detect(ctx, parallelRun, func() error {
		if got := m.Sample.Held(); got < limit {
			return fmt.Errorf("at GOMAXPROCS %d the goroutines held %s processors on average (the kernel gave them %s), fewer than %s: they did not run side by side",
				procs(setting), shared.Processors(got), shared.Processors(m.Sample.Obtained()), least)
		}
		return nil
	})
}

// atLeastFails is the negative control: the parallelism check fires on goroutines that only
// take turns.
func (s *state) atLeastFails(ctx context.Context, setting, least string) error {
	if err := s.atLeast(ctx, setting, least); err == nil {
		return fmt.Errorf("the parallelism check finds the goroutines at GOMAXPROCS %s ran side by side; it cannot tell taking turns from running in parallel", setting)
	}
	return nil
}
