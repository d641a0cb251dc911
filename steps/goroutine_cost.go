package steps

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/concspec/concspec/harness"
	"github.com/concspec/concspec/measure"
	"github.com/cucumber/godog"
)

// costState is what spawning goroutines and pooling them measured.
type costState struct {
	spawned, ran int
	oneEach      time.Duration
	pooled       time.Duration
}

func (w *world) registerGoroutineCost(sc *godog.ScenarioContext) {
	sc.When(re(`^(-?\d+) goroutines are spawned, each waiting until all have started, and then joined$`), w.spawnMany)
	sc.Then(re(`^every one of them ran, and the time and memory per goroutine are reported$`), w.everyGoroutineRan)
	sc.When(re(`^(-?\d+) tasks that each wait for an answer the server gives after (\d+)ms run with one goroutine each, and then through a fixed pool of (-?\d+) goroutines$`), w.oneEachThenPool)
	sc.Then(re(`^the fixed pool took at least (\d+) times as long$`), w.poolSlower)
}

func (w *world) spawnMany(ctx context.Context, n string) error {
	k, err := count("the number of goroutines", n, 10_000_000)
	if err != nil {
		return err
	}
	var before, during runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	release := make(chan struct{})
	var started, joined sync.WaitGroup
	ran := make([]bool, k)
	startedAll := make(chan struct{})
	start := time.Now()
	started.Add(k)
	for i := range k {
		joined.Go(func() {
			ran[i] = true
			started.Done()
			<-release
		})
	}
	go func() { started.Wait(); close(startedAll) }()
	if err := harness.Await(ctx, startedAll, "every goroutine to start"); err != nil {
		close(release)
		return err
	}
	runtime.ReadMemStats(&during)
	close(release)
	joined.Wait()
	elapsed := time.Since(start)
	c := &w.cost
	c.spawned = k
	for _, r := range ran {
		if r {
			c.ran++
		}
	}
	settings := map[string]string{"goroutines": strconv.Itoa(k), "race detector": strconv.FormatBool(raceEnabled)}
	perGoroutine := float64((during.StackInuse+during.HeapInuse)-(before.StackInuse+before.HeapInuse)) / float64(k)
	if err := harness.Record(ctx, harness.Figure{Name: "memory per parked goroutine (stack and heap in use)", Value: perGoroutine, Unit: "bytes", Settings: settings}); err != nil {
		return err
	}
	return harness.Record(ctx, harness.Figure{Name: "time to spawn, park and join one goroutine", Value: float64(elapsed.Nanoseconds()) / float64(k), Unit: "ns", Settings: settings})
}

func (w *world) everyGoroutineRan() error {
	if w.cost.ran != w.cost.spawned || w.cost.spawned == 0 {
		return fmt.Errorf("%d of %d goroutines ran", w.cost.ran, w.cost.spawned)
	}
	return nil
}

func (w *world) oneEachThenPool(ctx context.Context, n, millis, poolSize string) error {
	r, err := w.requestsTo("the number of tasks", n, 10_000, millis)
	if err != nil {
		return err
	}
	k, s, urls := r.n, r.server, r.urls(r.n)
	p, err := count("the pool size", poolSize, k)
	if err != nil {
		return err
	}
	var failure error
	oneEach := measure.Run(func() { failure = fetchAllOK(ctx, s, urls) })
	if failure != nil {
		return failure
	}
	pooled := measure.Run(func() {
		jobs := make(chan string)
		errs := make(chan error, k)
		var wg sync.WaitGroup
		for range p {
			wg.Go(func() {
				for url := range jobs {
					errs <- fetchAllOK(ctx, s, []string{url})
				}
			})
		}
		for _, url := range urls {
			jobs <- url
		}
		close(jobs)
		wg.Wait()
		close(errs)
		for err := range errs {
			failure = cmp.Or(failure, err)
		}
	})
	if failure != nil {
		return failure
	}
	w.cost.oneEach, w.cost.pooled = oneEach.Wall, pooled.Wall
	return harness.Record(ctx, harness.Figure{
		Name: "blocking tasks through a fixed pool, relative to one goroutine each", Value: pooled.Wall.Seconds() / oneEach.Wall.Seconds(), Unit: "×",
		Settings: map[string]string{"tasks": strconv.Itoa(k), "pool": strconv.Itoa(p), "latency": millis + "ms"},
	})
}

func (w *world) poolSlower(times string) error {
	factor, err := count("the factor", times, 10_000)
	if err != nil {
		return err
	}
	if ratio := w.cost.pooled.Seconds() / w.cost.oneEach.Seconds(); ratio < float64(factor) {
		return fmt.Errorf("the fixed pool took %.1f times as long (%s against %s), less than %d times", ratio, w.cost.pooled, w.cost.oneEach, factor)
	}
	return nil
}
