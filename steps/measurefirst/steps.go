package measurefirst

import (
	"context"
	"fmt"
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

// ioBoundBelow is the classification: a workload that wants fewer processors than this on
// average (running or ready to run) spends its time waiting.
const ioBoundBelow = 0.5

// sideBySideRounds is the work of which each computing goroutine does half: two goroutines of
// this much work each take about 50ms of one processor (the parallelism feature's figure).
const sideBySideRounds = 25_000_000

// state is the processors each measured workload wanted on average.
type state struct {
	wanted map[string]float64
}

func register(sc *godog.ScenarioContext, _ *catalog.Catalog) {
	s := &state{}
	sc.When(stepkit.Re(`^a workload of (-?\d+) goroutines that each wait for an answer the server gives after (\d+)ms is measured$`), s.measureWaiting)
	sc.When(stepkit.Re(`^a workload of (-?\d+) goroutines that compute is measured$`), s.measureComputing)
	sc.When(stepkit.Re(`^a workload that waits for the server's answer by spinning on a flag is measured$`), s.measureSpinning)
	sc.Then(stepkit.Re(`^the (waiting|computing|spinning) workload is classified (I/O-bound|CPU-bound)$`), s.classified)
	sc.Then(stepkit.Re(`^the check that the (waiting|computing|spinning) workload is (I/O-bound|CPU-bound) fails$`), s.classificationFails)
}

func (s *state) recordWorkload(ctx context.Context, name string, sample measure.Sample) error {
	if s.wanted == nil {
		s.wanted = map[string]float64{}
	}
	if !sample.Schedstat {
		return harness.Skip(ctx, "the kernel gives no per-thread scheduler statistics (/proc/self/task/*/schedstat), so what the workload wants cannot be told from what a neighbour leaves it")
	}
	s.wanted[name] = sample.Wanted()
	return shared.RecordSample(ctx, "the "+name+" workload", sample, map[string]string{"workload": name})
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

func (s *state) classified(ctx context.Context, name, class string) error {
	wanted, ok := s.wanted[name]
	if !ok {
		return fmt.Errorf("no %s workload was measured", name)
	}
	return harness.Detect(ctx, classification, func() error {
		got := "CPU-bound"
		if wanted < ioBoundBelow {
			got = "I/O-bound"
		}
		if got != class {
			return fmt.Errorf("the %s workload wanted %s processors on average (running or ready to run): %s, not %s (the line is %g)",
				name, shared.Processors(wanted), got, class, ioBoundBelow)
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
