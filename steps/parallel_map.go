package steps

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/concspec/concspec/catalog"
	"github.com/concspec/concspec/harness"
	"github.com/concspec/concspec/patterns/parmap"
	"github.com/concspec/concspec/patterns/work"
	"github.com/cucumber/godog"
)

// mapState is the parallel map a scenario uses and what it returned.
type mapState struct {
	name    string
	workers int
	results []int
}

func (w *world) registerParallelMap(sc *godog.ScenarioContext) {
	sc.Given(re(`^the "([^"]+)" parallel map with (-?\d+) workers$`), w.theMap)
	sc.When(re(`^it maps (-?\d+) items that finish in reverse order$`), w.mapReverseFinish)
	sc.When(re(`^(-?\d+) CPU-bound items are mapped sequentially and then with one worker per core$`), w.mapSpeedup)
	sc.Then(re(`^the results come back in input order$`), w.resultsInOrder)
	sc.Then(re(`^the order check catches the result of item (\d+) at position (\d+)$`), w.orderCheckCatches)
}

func (w *world) theMap(name, workers string) error {
	if _, err := catalog.Lookup("parallel map", catalog.Maps, name); err != nil {
		return err
	}
	n, err := count("the number of workers", workers, maxGoroutines)
	w.parmap.name, w.parmap.workers = name, n
	return err
}

// mapReverseFinish makes item i wait until item i+1 has finished and its worker has delivered
// the result and gone idle, so the last item is delivered first and the first item last: the
// most adversarial completion order there is.
func (w *world) mapReverseFinish(ctx context.Context, n string) error {
	k, err := count("the number of items", n, 10_000)
	if err != nil {
		return err
	}
	if w.parmap.workers < k {
		return fmt.Errorf("reverse finishing needs every item running at once: %d workers for %d items", w.parmap.workers, k)
	}
	entry, err := catalog.Lookup("parallel map", catalog.Maps, w.parmap.name)
	if err != nil {
		return err
	}
	finished := make([]chan struct{}, k+1)
	for i := range finished {
		finished[i] = make(chan struct{})
	}
	close(finished[k])
	items := make([]int, k)
	for i := range items {
		items[i] = i
	}
	workers := make([]int64, k)
	var failure atomic.Pointer[error]
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.parmap.results = entry.New()(items, w.parmap.workers, func(i int) int {
			workers[i] = harness.GoroutineID()
			<-finished[i+1]
			defer close(finished[i])
			if i+1 < k {
				if _, err := harness.AwaitParked(ctx, workers[i+1], "the worker of the next item"); err != nil {
					failure.Store(&err)
				}
			}
			return i
		})
	}()
	if err := harness.Await(ctx, done, "the parallel map to return"); err != nil {
		return err
	}
	if err := failure.Load(); err != nil {
		return *err
	}
	return nil
}

// orderCheck is the detector: it names the first position that holds another item's result.
func (w *world) orderCheck() error {
	for pos, item := range w.parmap.results {
		if item != pos {
			return fmt.Errorf("position %d holds the result of item %d", pos, item)
		}
	}
	return nil
}

func (w *world) resultsInOrder() error {
	return w.orderCheck()
}

func (w *world) orderCheckCatches(item, pos string) error {
	err := w.orderCheck()
	want := fmt.Sprintf("position %s holds the result of item %s", pos, item)
	if err == nil || err.Error() != want {
		return fmt.Errorf("the order check should have said %q; it said: %v", want, err)
	}
	return nil
}

func (w *world) mapSpeedup(ctx context.Context, n string) error {
	k, err := count("the number of items", n, 10_000)
	if err != nil {
		return err
	}
	items := make([]int, k)
	for i := range items {
		items[i] = i
	}
	const rounds = 2_000_000
	f := func(i int) uint64 { return work.Spin(uint64(i), rounds) }
	start := time.Now()
	sequential := make([]uint64, k)
	for i, item := range items {
		sequential[i] = f(item)
	}
	seqWall := time.Since(start)
	procs := runtime.GOMAXPROCS(0)
	start = time.Now()
	parallel := parmap.Map(items, procs, f)
	parWall := time.Since(start)
	if !slices.Equal(sequential, parallel) {
		return fmt.Errorf("the parallel map's results differ from the sequential ones")
	}
	return harness.Record(ctx, harness.Figure{
		Name: "ordered map speedup over sequential", Value: seqWall.Seconds() / parWall.Seconds(), Unit: "×",
		Settings: map[string]string{"items": strconv.Itoa(k), "workers": strconv.Itoa(procs), "rounds per item": strconv.Itoa(rounds)},
	})
}
