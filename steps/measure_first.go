package steps

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/concspec/concspec/harness"
	"github.com/concspec/concspec/measure"
	"github.com/concspec/concspec/patterns/fanout"
	"github.com/concspec/concspec/patterns/work"
	"github.com/cucumber/godog"
)

// ioBoundBelow is the classification: a workload that keeps fewer processors busy than this on
// average spends its time waiting.
const ioBoundBelow = 0.5

// workloadState is each measured workload's processors busy on average.
type workloadState struct {
	busy map[string]float64
}

func (w *world) registerMeasureFirst(sc *godog.ScenarioContext) {
	sc.When(re(`^a workload of (-?\d+) goroutines that each wait for an answer the server gives after (\d+)ms is measured$`), w.measureWaiting)
	sc.When(re(`^a workload of (-?\d+) goroutines that compute is measured$`), w.measureComputing)
	sc.When(re(`^a workload that waits for the server's answer by spinning on a flag is measured$`), w.measureSpinning)
	sc.Then(re(`^the (waiting|computing|spinning) workload is classified (I/O-bound|CPU-bound)$`), w.classified)
}

func (w *world) recordWorkload(ctx context.Context, name string, s measure.Sample) error {
	if w.workload.busy == nil {
		w.workload.busy = map[string]float64{}
	}
	w.workload.busy[name] = s.Parallelism()
	return harness.Record(ctx, harness.Figure{
		Name: "processors busy on average (CPU time / wall time)", Value: s.Parallelism(), Unit: "processors",
		Settings: map[string]string{"workload": name, "wall": s.Wall.String(), "CPU": s.CPU.String()},
	})
}

func (w *world) measureWaiting(ctx context.Context, n, millis string) error {
	r, err := w.requestsTo("the number of goroutines", n, 10_000, millis)
	if err != nil {
		return err
	}
	var results []fanout.Result
	sample := measure.Run(func() { results = fanout.FetchAll(ctx, r.server.Client, r.urls(r.n)) })
	for _, r := range results {
		if r.Err != nil {
			return r.Err
		}
	}
	return w.recordWorkload(ctx, "waiting", sample)
}

func (w *world) measureComputing(ctx context.Context, n string) error {
	k, err := count("the number of goroutines", n, 1000)
	if err != nil {
		return err
	}
	sample := measure.Run(func() {
		var wg sync.WaitGroup
		for g := range k {
			wg.Go(func() { work.Do(uint64(g+1), sideBySideRounds/2) })
		}
		wg.Wait()
	})
	return w.recordWorkload(ctx, "computing", sample)
}

// measureSpinning waits for one answer the wrong way: by spinning on a flag instead of
// blocking. It only waits, yet it keeps a processor busy the whole time.
func (w *world) measureSpinning(ctx context.Context) error {
	s, err := w.needServer()
	if err != nil {
		return err
	}
	var answered atomic.Bool
	var result fanout.Result
	sample := measure.Run(func() {
		go func() {
			result = fanout.Fetch(ctx, s.Client, s.URLs("ok", 0, 1, "latency=100ms")[0])
			answered.Store(true)
		}()
		work.SpinUntil(&answered)
	})
	if result.Err != nil {
		return result.Err
	}
	return w.recordWorkload(ctx, "spinning", sample)
}

func (w *world) classified(name, class string) error {
	busy, ok := w.workload.busy[name]
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
