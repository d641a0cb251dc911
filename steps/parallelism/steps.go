package parallelism

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/internal/measure"
	"github.com/concspec/concspec/patterns/work"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/cucumber/godog"
)

// state is what the parallelism scenarios measured, by GOMAXPROCS.
type state struct {
	busy        map[int]float64 // processors busy on average
	interleaved map[int]bool
}

// Two goroutines of this much work each take about 50ms of one processor.
const (
	sideBySideRounds = 25_000_000
	chunkRounds      = 1_000_000
)

func register(sc *godog.ScenarioContext, _ *catalog.Catalog) {
	s := &state{}
	sc.When(stepkit.Re(`^2 CPU-bound goroutines compute side by side at GOMAXPROCS 1 and then at GOMAXPROCS equal to the cores$`), s.sideBySideAtBoth)
	sc.Then(stepkit.Re(`^at GOMAXPROCS 1 each made progress while the other was unfinished$`), s.tookTurns)
	sc.Then(stepkit.Re(`^at GOMAXPROCS 1 the process kept at most (\d+(?:\.\d+)?) processors busy on average$`), s.atMostBusy)
	sc.Then(stepkit.Re(`^with one per core it kept at least (\d+(?:\.\d+)?) times as many busy$`), s.parallelGain)
}

// sideBySide runs two CPU-bound goroutines and reports whether the first to finish saw the
// other make progress before it finished: at GOMAXPROCS 1 that proves they took turns.
func sideBySide() (interleaved bool) {
	var progress [2]atomic.Int64
	var sawOther [2]int64
	var finished atomic.Int32
	first := -1
	var mu sync.Mutex
	var wg sync.WaitGroup
	for g := range 2 {
		wg.Go(func() {
			for range sideBySideRounds / chunkRounds {
				work.Do(uint64(g+1), chunkRounds)
				progress[g].Add(1)
			}
			sawOther[g] = progress[1-g].Load()
			if finished.Add(1) == 1 {
				mu.Lock()
				first = g
				mu.Unlock()
			}
		})
	}
	wg.Wait() // unbounded on purpose: pure computation, which nothing can block
	return sawOther[first] > 0 && sawOther[first] < sideBySideRounds/chunkRounds
}

func (s *state) sideBySideAtBoth(ctx context.Context) error {
	if err := harness.RequireExclusive(ctx, "measures how many processors the process keeps busy"); err != nil {
		return err
	}
	s.busy, s.interleaved = map[int]float64{}, map[int]bool{}
	for _, procs := range []int{1, runtime.NumCPU()} {
		if err := harness.SetGOMAXPROCS(ctx, procs); err != nil {
			return err
		}
		interleaved := true
		s.busy[procs] = measure.PeakParallelism(7, func() { interleaved = sideBySide() && interleaved })
		s.interleaved[procs] = interleaved
		if err := harness.Record(ctx, harness.Figure{
			Name: "processors busy on average (CPU time / wall time, best of 7)", Value: s.busy[procs], Unit: "processors",
			Settings: map[string]string{"GOMAXPROCS": strconv.Itoa(procs), "goroutines": "2", "workload": "CPU-bound"},
		}); err != nil {
			return err
		}
	}
	return nil
}

func (s *state) tookTurns() error {
	if !s.interleaved[1] {
		return fmt.Errorf("at GOMAXPROCS 1 one goroutine finished before the other made any progress: they did not take turns")
	}
	return nil
}

func (s *state) atMostBusy(most string) error {
	limit, err := strconv.ParseFloat(most, 64)
	if err != nil {
		return err
	}
	if got := s.busy[1]; got > limit {
		return fmt.Errorf("at GOMAXPROCS 1 the process kept %.2f processors busy, more than %s", got, most)
	}
	return nil
}

func (s *state) parallelGain(ctx context.Context, times string) error {
	factor, err := strconv.ParseFloat(times, 64)
	if err != nil {
		return err
	}
	cores := runtime.NumCPU()
	if cores == 1 {
		return harness.Skip(ctx, "this machine has one core, so goroutines cannot run in parallel here")
	}
	serial, parallel := s.busy[1], s.busy[cores]
	if parallel < factor*serial {
		return fmt.Errorf("at GOMAXPROCS %d the process kept %.2f processors busy, at GOMAXPROCS 1 %.2f: less than %s times as many", cores, parallel, serial, times)
	}
	return nil
}
