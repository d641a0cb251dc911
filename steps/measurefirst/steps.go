package measurefirst

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/internal/measure"
	"github.com/concspec/concspec/patterns/fanout"
	"github.com/concspec/concspec/patterns/work"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
	"github.com/cucumber/godog"
)

// ioBoundBelow is the classification: a workload that keeps fewer processors busy than this on
// average spends its time waiting.
const ioBoundBelow = 0.5

// sideBySideRounds is the work of which each computing goroutine does half: two goroutines of
// this much work each take about 50ms of one processor (the parallelism feature's figure).
const sideBySideRounds = 25_000_000

// state is each measured workload's processors busy on average.
type state struct {
	busy map[string]float64
}

func register(sc *godog.ScenarioContext, _ *catalog.Catalog) {
	s := &state{}
	sc.When(stepkit.Re(`^a workload of (-?\d+) goroutines that each wait for an answer the server gives after (\d+)ms is measured$`), s.measureWaiting)
	sc.When(stepkit.Re(`^a workload of (-?\d+) goroutines that compute is measured$`), s.measureComputing)
	sc.When(stepkit.Re(`^a workload that waits for the server's answer by spinning on a flag is measured$`), s.measureSpinning)
	sc.Then(stepkit.Re(`^the (waiting|computing|spinning) workload is classified (I/O-bound|CPU-bound)$`), s.classified)
}

func (s *state) recordWorkload(ctx context.Context, name string, sample measure.Sample) error {
	if s.busy == nil {
		s.busy = map[string]float64{}
	}
	s.busy[name] = sample.Parallelism()
	return harness.Record(ctx, harness.Figure{
		Name: "processors busy on average (CPU time / wall time)", Value: sample.Parallelism(), Unit: "processors",
		Settings: map[string]string{"workload": name, "wall": sample.Wall.String(), "CPU": sample.CPU.String()},
	})
}

func (s *state) measureWaiting(ctx context.Context, n, millis string) error {
	if err := harness.RequireExclusive(ctx, "measures how many processors a waiting workload keeps busy"); err != nil {
		return err
	}
	r, err := shared.RequestsTo(ctx, "the number of goroutines", n, 10_000, millis)
	if err != nil {
		return err
	}
	// The timed run is a shared.Do: the wait around it is bounded by time and costs nothing
	// while it runs, and past the bound the requests' context is cancelled.
	var results []fanout.Result
	var sample measure.Sample
	err = shared.Do(ctx, "the waiting workload", func(ctx context.Context) {
		sample = measure.Run(func() { results = fanout.FetchAll(ctx, r.Server.Client, r.URLs(r.N)) })
	}, shared.RequestsParked(fmt.Sprintf("each of the %d goroutines has its answer after %sms", r.N, millis)))
	if err != nil {
		return err
	}
	for _, r := range results {
		if r.Err != nil {
			return r.Err
		}
	}
	return s.recordWorkload(ctx, "waiting", sample)
}

func (s *state) measureComputing(ctx context.Context, n string) error {
	if err := harness.RequireExclusive(ctx, "measures how many processors a computing workload keeps busy"); err != nil {
		return err
	}
	k, err := stepkit.Count("the number of goroutines", n, 1000)
	if err != nil {
		return err
	}
	sample := measure.Run(func() {
		var wg sync.WaitGroup
		for g := range k {
			wg.Go(func() { work.Do(uint64(g+1), sideBySideRounds/2) })
		}
		wg.Wait() // unbounded on purpose: pure computation, which nothing can block
	})
	return s.recordWorkload(ctx, "computing", sample)
}

// measureSpinning waits for one answer the wrong way: by spinning on a flag instead of
// blocking. It only waits, yet it keeps a processor busy the whole time.
func (s *state) measureSpinning(ctx context.Context) error {
	if err := harness.RequireExclusive(ctx, "measures how many processors a spinning wait keeps busy"); err != nil {
		return err
	}
	srv, err := shared.Server(ctx)
	if err != nil {
		return err
	}
	// The spin ends when the answer comes, or when shared.Do cancels the request past the bound.
	var answered atomic.Bool
	var result fanout.Result
	var sample measure.Sample
	err = shared.Do(ctx, "the spinning workload", func(ctx context.Context) {
		sample = measure.Run(func() {
			go func() {
				result = fanout.Fetch(ctx, srv.Client, srv.URLs("ok", 0, 1, "latency=100ms")[0])
				answered.Store(true)
			}()
			work.SpinUntil(&answered)
		})
	}, shared.RequestsParked("the spinning goroutine has its answer after 100ms"))
	if err != nil {
		return err
	}
	if result.Err != nil {
		return result.Err
	}
	return s.recordWorkload(ctx, "spinning", sample)
}

func (s *state) classified(name, class string) error {
	busy, ok := s.busy[name]
	if !ok {
		return fmt.Errorf("no %s workload was measured", name)
	}
	got := "CPU-bound"
	if busy < ioBoundBelow {
		got = "I/O-bound"
	}
	if got != class {
		return fmt.Errorf("the %s workload kept %s processors busy on average: %s, not %s (the line is %g)",
			name, strconv.FormatFloat(busy, 'f', 2, 64), got, class, ioBoundBelow)
	}
	return nil
}
