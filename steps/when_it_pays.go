package steps

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/concspec/concspec/harness"
	"github.com/concspec/concspec/measure"
	"github.com/concspec/concspec/patterns/work"
	"github.com/cucumber/godog"
)

// paysState holds the speed-ups the "when it pays" scenarios measured.
type paysState struct {
	speedup      map[int]float64 // concurrent over sequential, by number of calls
	lockSlowdown float64
	// perItem is one goroutine per item relative to one after another, by work size.
	perItem map[int]float64
	sizes   []int
}

func (w *world) registerWhenItPays(sc *godog.ScenarioContext) {
	sc.When(re(`^1 call and then (-?\d+) calls the server answers after (\d+)ms are made one after another and concurrently$`), w.callsSequentialAndConcurrent)
	sc.Then(re(`^concurrency makes the single call no faster$`), w.noGainForOne)
	sc.Then(re(`^it makes the (\d+) calls at least (\d+) times faster$`), w.gainForMany)
	sc.When(re(`^(-?\d+) numbers are summed in (-?\d+) independent chunks, and by as many workers adding every number to one total under a shared lock$`), w.chunksVersusLock)
	sc.Then(re(`^the shared lock is at least (\d+) times slower$`), w.lockSlower)
	sc.When(re(`^(-?\d+) items of work sized ((?:\d+(?:, | and )?)+) rounds run one after another, one goroutine per item, and in one chunk per core$`), w.tinyWork)
	sc.Then(re(`^for work of (\d+) rounds one goroutine per item is slower than one after another$`), w.perItemSlower)
	sc.Then(re(`^the size from which one goroutine per item stops losing is reported$`), w.crossover)
}

func (w *world) callsSequentialAndConcurrent(ctx context.Context, n, millis string) error {
	r, err := w.requestsTo("the number of calls", n, 10_000, millis)
	if err != nil {
		return err
	}
	s := r.server
	w.pays.speedup = map[int]float64{}
	for _, calls := range []int{1, r.n} {
		urls := r.urls(calls)
		var failure error
		sequential := measure.Median(3, func() {
			for _, url := range urls {
				failure = cmp.Or(failure, fetchAllOK(ctx, s, []string{url}))
			}
		})
		concurrent := measure.Median(3, func() { failure = cmp.Or(failure, fetchAllOK(ctx, s, urls)) })
		if failure != nil {
			return failure
		}
		w.pays.speedup[calls] = sequential.Wall.Seconds() / concurrent.Wall.Seconds()
		if err := harness.Record(ctx, harness.Figure{
			Name: "concurrent calls' speedup over one after another", Value: w.pays.speedup[calls], Unit: "×",
			Settings: map[string]string{"calls": strconv.Itoa(calls), "latency": millis + "ms"},
		}); err != nil {
			return err
		}
	}
	return nil
}

func (w *world) noGainForOne() error {
	if got := w.pays.speedup[1]; got > 1.5 {
		return fmt.Errorf("one call made concurrently was %.2f times faster than made plainly", got)
	}
	return nil
}

func (w *world) gainForMany(n, times string) error {
	k, err := strconv.Atoi(n)
	if err != nil {
		return err
	}
	factor, err := count("the factor", times, 10_000)
	if err != nil {
		return err
	}
	if got, ok := w.pays.speedup[k]; !ok || got < float64(factor) {
		return fmt.Errorf("%s calls made concurrently were %.2f times faster, want at least %d", n, got, factor)
	}
	return nil
}

func (w *world) chunksVersusLock(ctx context.Context, n, chunks string) error {
	k, err := count("the count of numbers", n, 100_000_000)
	if err != nil {
		return err
	}
	c, err := count("the number of chunks", chunks, 1000)
	if err != nil {
		return err
	}
	var independent, locked int64
	chunked := measure.Median(3, func() { independent = sumInChunks(k, c) })
	shared := measure.Median(3, func() { locked = sumUnderOneLock(k, c) })
	if want := int64(k) * int64(k-1) / 2; independent != want || locked != want {
		return fmt.Errorf("the sums are %d (chunks) and %d (shared lock), want %d", independent, locked, want)
	}
	w.pays.lockSlowdown = shared.Wall.Seconds() / chunked.Wall.Seconds()
	return harness.Record(ctx, harness.Figure{
		Name: "summing under one shared lock, relative to independent chunks", Value: w.pays.lockSlowdown, Unit: "×",
		Settings: map[string]string{"numbers": n, "workers": chunks, "GOMAXPROCS": strconv.Itoa(runtime.GOMAXPROCS(0))},
	})
}

// sumInChunks sums 0..n-1 in c chunks, each worker with its own subtotal.
func sumInChunks(n, c int) int64 {
	subtotals := make([]int64, c)
	var wg sync.WaitGroup
	for w := range c {
		wg.Go(func() {
			var sum int64
			for i := w * n / c; i < (w+1)*n/c; i++ {
				sum += int64(i)
			}
			subtotals[w] = sum
		})
	}
	wg.Wait()
	var total int64
	for _, s := range subtotals {
		total += s
	}
	return total
}

// sumUnderOneLock sums 0..n-1 with c workers that add every number to one total under a lock.
func sumUnderOneLock(n, c int) int64 {
	var mu sync.Mutex
	var total int64
	var wg sync.WaitGroup
	for w := range c {
		wg.Go(func() {
			for i := w * n / c; i < (w+1)*n/c; i++ {
				mu.Lock()
				total += int64(i)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return total
}

func (w *world) lockSlower(times string) error {
	factor, err := count("the factor", times, 10_000)
	if err != nil {
		return err
	}
	if w.pays.lockSlowdown < float64(factor) {
		return fmt.Errorf("the shared lock was only %.2f times slower, want at least %d", w.pays.lockSlowdown, factor)
	}
	return nil
}

func (w *world) tinyWork(ctx context.Context, n, sizes string) error {
	k, err := count("the number of items", n, 1_000_000)
	if err != nil {
		return err
	}
	p := &w.pays
	p.perItem, p.sizes = map[int]float64{}, nil
	for _, text := range numbersIn(sizes) {
		size, err := count("the work size", text, 100_000_000)
		if err != nil {
			return err
		}
		p.sizes = append(p.sizes, size)
		sequential := measure.Median(3, func() {
			for i := range k {
				work.Do(uint64(i), size)
			}
		})
		perItem := measure.Median(3, func() {
			var wg sync.WaitGroup
			for i := range k {
				wg.Go(func() { work.Do(uint64(i), size) })
			}
			wg.Wait()
		})
		chunked := measure.Median(3, func() {
			chunks := runtime.GOMAXPROCS(0)
			var wg sync.WaitGroup
			for c := range chunks {
				wg.Go(func() {
					for i := c * k / chunks; i < (c+1)*k/chunks; i++ {
						work.Do(uint64(i), size)
					}
				})
			}
			wg.Wait()
		})
		p.perItem[size] = perItem.Wall.Seconds() / sequential.Wall.Seconds()
		settings := map[string]string{"items": n, "rounds per item": text, "GOMAXPROCS": strconv.Itoa(runtime.GOMAXPROCS(0))}
		for name, s := range map[string]time.Duration{"one goroutine per item": perItem.Wall, "one chunk per core": chunked.Wall} {
			if err := harness.Record(ctx, harness.Figure{
				Name: name + ", relative to one after another", Value: s.Seconds() / sequential.Wall.Seconds(), Unit: "×", Settings: settings,
			}); err != nil {
				return err
			}
		}
	}
	return nil
}

var numberList = regexp.MustCompile(`\d+`)

func numbersIn(list string) []string { return numberList.FindAllString(list, -1) }

func (w *world) perItemSlower(size string) error {
	n, err := strconv.Atoi(size)
	if err != nil {
		return err
	}
	ratio, ok := w.pays.perItem[n]
	if !ok {
		return fmt.Errorf("work of %s rounds was not measured", size)
	}
	if ratio <= 1 {
		return fmt.Errorf("for work of %s rounds one goroutine per item took %.2f times as long as one after another: not slower", size, ratio)
	}
	return nil
}

// crossover reports the smallest measured size from which one goroutine per item is no slower
// than one after another (0 when it loses at every size measured).
func (w *world) crossover(ctx context.Context) error {
	crossover := 0
	for _, size := range w.pays.sizes {
		if w.pays.perItem[size] <= 1 {
			crossover = size
			break
		}
	}
	settings := map[string]string{"GOMAXPROCS": strconv.Itoa(runtime.GOMAXPROCS(0)), "race detector": strconv.FormatBool(raceEnabled)}
	if crossover == 0 {
		settings["crossover"] = "none: it lost at every size measured"
	}
	return harness.Record(ctx, harness.Figure{
		Name: "work size from which one goroutine per item stops losing", Value: float64(crossover), Unit: "rounds", Settings: settings,
	})
}
