package whenitpays

import (
	"context"
	"fmt"
	"regexp"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/internal/measure"
	"github.com/concspec/concspec/patterns/work"
	"github.com/concspec/concspec/steps/internal/stepkit"
)

func (s *state) tinyWork(ctx context.Context, n, sizes string) error {
	if err := harness.RequireExclusive(ctx, "measures how long tiny work takes one after another, one goroutine per item and in chunks"); err != nil {
		return err
	}
	k, err := stepkit.Count("the number of items", n, 1_000_000)
	if err != nil {
		return err
	}
	s.perItem, s.sizes = map[int]float64{}, nil
	for _, text := range numbersIn(sizes) {
		size, err := stepkit.Count("the work size", text, 100_000_000)
		if err != nil {
			return err
		}
		s.sizes = append(s.sizes, size)
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
			wg.Wait() // unbounded on purpose: pure computation, which nothing can block
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
			wg.Wait() // unbounded on purpose: pure computation, which nothing can block
		})
		s.perItem[size] = perItem.Wall.Seconds() / sequential.Wall.Seconds()
		settings := map[string]string{"items": n, "rounds per item": text, "GOMAXPROCS": strconv.Itoa(runtime.GOMAXPROCS(0))}
		for name, d := range map[string]time.Duration{"one goroutine per item": perItem.Wall, "one chunk per core": chunked.Wall} {
			if err := harness.Record(ctx, harness.Figure{
				Name: name + ", relative to one after another", Value: d.Seconds() / sequential.Wall.Seconds(), Unit: "×", Settings: settings,
			}); err != nil {
				return err
			}
		}
	}
	return nil
}

var numberList = regexp.MustCompile(`\d+`)

func numbersIn(list string) []string { return numberList.FindAllString(list, -1) }

func (s *state) perItemSlower(size string) error {
	n, err := strconv.Atoi(size)
	if err != nil {
		return err
	}
	ratio, ok := s.perItem[n]
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
func (s *state) crossover(ctx context.Context) error {
	crossover := 0
	for _, size := range s.sizes {
		if s.perItem[size] <= 1 {
			crossover = size
			break
		}
	}
	settings := map[string]string{"GOMAXPROCS": strconv.Itoa(runtime.GOMAXPROCS(0)), "race detector": strconv.FormatBool(stepkit.RaceEnabled)}
	if crossover == 0 {
		settings["crossover"] = "none: it lost at every size measured"
	}
	return harness.Record(ctx, harness.Figure{
		Name: "work size from which one goroutine per item stops losing", Value: float64(crossover), Unit: "rounds", Settings: settings,
	})
}
