package goroutinecost

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/internal/measure"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
	"github.com/cucumber/godog"
)

// state is what spawning goroutines and pooling them measured.
type state struct {
	spawned, ran int
	oneEach      time.Duration
	pooled       time.Duration
}

func register(sc *godog.ScenarioContext, _ *catalog.Catalog) {
	s := &state{}
	sc.When(stepkit.Re(`^(-?\d+) goroutines are spawned, each waiting until all have started, and then joined$`), s.spawnMany)
	sc.Then(stepkit.Re(`^every one of them ran, and the time and memory per goroutine are reported$`), s.everyGoroutineRan)
	sc.When(stepkit.Re(`^(-?\d+) tasks that each wait for an answer the server gives after (\d+)ms run with one goroutine each, and then through a fixed pool of (-?\d+) goroutines$`), s.oneEachThenPool)
	sc.Then(stepkit.Re(`^the fixed pool took at least (\d+) times as long$`), s.poolSlower)
}

func (s *state) spawnMany(ctx context.Context, n string) error {
	if err := harness.RequireExclusive(ctx, "measures how long spawning and joining goroutines takes"); err != nil {
		return err
	}
	k, err := stepkit.Count("the number of goroutines", n, 10_000_000)
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
	joined.Wait() // unbounded on purpose: every goroutine has started and is let go, and only returns
	elapsed := time.Since(start)
	s.spawned = k
	for _, r := range ran {
		if r {
			s.ran++
		}
	}
	settings := map[string]string{"goroutines": strconv.Itoa(k), "race detector": strconv.FormatBool(stepkit.RaceEnabled)}
	perGoroutine := float64((during.StackInuse+during.HeapInuse)-(before.StackInuse+before.HeapInuse)) / float64(k)
	if err := harness.Record(ctx, harness.Figure{Name: "memory per parked goroutine (stack and heap in use)", Value: perGoroutine, Unit: "bytes", Settings: settings}); err != nil {
		return err
	}
	return harness.Record(ctx, harness.Figure{Name: "time to spawn, park and join one goroutine", Value: float64(elapsed.Nanoseconds()) / float64(k), Unit: "ns", Settings: settings})
}

func (s *state) everyGoroutineRan() error {
	if s.ran != s.spawned || s.spawned == 0 {
		return fmt.Errorf("%d of %d goroutines ran", s.ran, s.spawned)
	}
	return nil
}

func (s *state) oneEachThenPool(ctx context.Context, n, millis, poolSize string) error {
	if err := harness.RequireExclusive(ctx, "measures how long blocking tasks take with one goroutine each and through a fixed pool"); err != nil {
		return err
	}
	r, err := shared.RequestsTo(ctx, "the number of tasks", n, 10_000, millis)
	if err != nil {
		return err
	}
	k, srv, urls := r.N, r.Server, r.URLs(r.N)
	p, err := stepkit.Count("the pool size", poolSize, k)
	if err != nil {
		return err
	}
	// Each timed run is a shared.Do: the wait around it is bounded by time and costs nothing
	// while it runs, and past the bound the requests' context is cancelled.
	var failure error
	var oneEach, pooled measure.Sample
	err = shared.Do(ctx, "the tasks with one goroutine each", func(ctx context.Context) {
		oneEach = measure.Run(func() { failure = shared.FetchAllOK(ctx, srv, urls) })
	}, shared.RequestsParked(fmt.Sprintf("each of the %d requests is answered after %sms, all at once", k, millis)))
	if err != nil {
		return err // failure is not read: the tasks may still be running
	}
	if failure != nil {
		return failure
	}
	err = shared.Do(ctx, "the tasks through the pool", func(ctx context.Context) {
		pooled = measure.Run(func() {
			jobs := make(chan string)
			errs := make(chan error, k) // room for every task's error: a send never blocks
			var wg sync.WaitGroup
			for range p {
				wg.Go(func() {
					for url := range jobs {
						errs <- shared.FetchAllOK(ctx, srv, []string{url})
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
	}, shared.RequestsParked(fmt.Sprintf("each of the %d requests is answered after %sms, %d at a time", k, millis, p)))
	if err != nil {
		return err // failure is not read: the tasks may still be running
	}
	if failure != nil {
		return failure
	}
	s.oneEach, s.pooled = oneEach.Wall, pooled.Wall
	return harness.Record(ctx, harness.Figure{
		Name: "blocking tasks through a fixed pool, relative to one goroutine each", Value: pooled.Wall.Seconds() / oneEach.Wall.Seconds(), Unit: "×",
		Settings: map[string]string{"tasks": strconv.Itoa(k), "pool": strconv.Itoa(p), "latency": millis + "ms"},
	})
}

func (s *state) poolSlower(times string) error {
	factor, err := stepkit.Count("the factor", times, 10_000)
	if err != nil {
		return err
	}
	if ratio := s.pooled.Seconds() / s.oneEach.Seconds(); ratio < float64(factor) {
		return fmt.Errorf("the fixed pool took %.1f times as long (%s against %s), less than %d times", ratio, s.pooled, s.oneEach, factor)
	}
	return nil
}
