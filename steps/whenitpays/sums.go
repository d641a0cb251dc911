package whenitpays

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"sync"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/internal/measure"
	"github.com/concspec/concspec/steps/internal/stepkit"
)

func (s *state) chunksVersusLock(ctx context.Context, n, chunks string) error {
	if err := harness.RequireExclusive(ctx, "measures how long summing in chunks and under one lock takes"); err != nil {
		return err
	}
	k, err := stepkit.Count("the count of numbers", n, 100_000_000)
	if err != nil {
		return err
	}
	c, err := stepkit.Count("the number of chunks", chunks, 1000)
	if err != nil {
		return err
	}
	var independent, locked int64
	chunked := measure.Median(3, func() { independent = sumInChunks(k, c) })
	shared := measure.Median(3, func() { locked = sumUnderOneLock(k, c) })
	if want := int64(k) * int64(k-1) / 2; independent != want || locked != want {
		return fmt.Errorf("the sums are %d (chunks) and %d (shared lock), want %d", independent, locked, want)
	}
	s.lockSlowdown = shared.Wall.Seconds() / chunked.Wall.Seconds()
	return harness.Record(ctx, harness.Figure{
		Name: "summing under one shared lock, relative to independent chunks", Value: s.lockSlowdown, Unit: "×",
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
	wg.Wait() // unbounded on purpose: the workers only add, nothing can block them
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
	wg.Wait() // unbounded on purpose: the workers only add, under a lock held for one addition
	return total
}

func (s *state) lockSlower(times string) error {
	factor, err := stepkit.Count("the factor", times, 10_000)
	if err != nil {
		return err
	}
	if s.lockSlowdown < float64(factor) {
		return fmt.Errorf("the shared lock was only %.2f times slower, want at least %d", s.lockSlowdown, factor)
	}
	return nil
}
