package whenitpays

import (
	"context"
	"fmt"
	"strconv"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/parallelmap"
	"github.com/concspec/concspec/steps/shared"
)

// sumThreeWays sums n numbers one after another, in c independent chunks and by c workers
// sharing one lock, in the program built without the race detector with one processor per core,
// and records what each way wanted of the processors and how much faster the chunks were.
func (s *state) sumThreeWays(ctx context.Context, n, chunks string) error {
	if err := harness.RequireExclusive(ctx, "measures how long summing one after another, in chunks and under one lock takes"); err != nil {
		return err
	}
	if err := parallelmap.OneCore(ctx); err != nil {
		return err
	}
	k, err := stepkit.Count("the count of numbers", n, 1_000_000_000)
	if err != nil {
		return err
	}
	c, err := stepkit.Count("the number of chunks", chunks, 1000)
	if err != nil {
		return err
	}
	var summed Summed
	if err := shared.MeasureInChild(ctx, &summed, sumsControlName, "-numbers", strconv.Itoa(k), "-workers", strconv.Itoa(c)); err != nil {
		return err
	}
	s.summed = &summed
	settings := map[string]string{"numbers": n, "workers": chunks, "race detector": "off (the program built without it)"}
	if !parallelmap.Known(summed.OneAfterAnother, summed.Chunks, summed.SharedLock) {
		return harness.Skip(ctx, "the kernel gives no per-thread scheduler statistics (/proc/thread-self/schedstat), so what the sums want of the processors cannot be told from what a neighbour leaves them")
	}
	for _, way := range []string{"one after another", "the independent chunks", "the shared lock"} {
		if err := parallelmap.Record(ctx, "summing "+way, s.ways()[way], settings); err != nil {
			return err
		}
	}
	for _, than := range []string{"one after another", "the shared lock"} {
		base := s.ways()[than]
		for _, f := range []harness.Figure{
			{Name: "independent chunks' wall-time speed-up over " + than, Value: parallelmap.WallSpeedup(base, summed.Chunks), Unit: "×"},
			{Name: "independent chunks' speed-up over " + than + ", given the processors each wanted", Value: parallelmap.Speedup(base, summed.Chunks), Unit: "×"},
		} {
			f.Settings = settings
			if err := harness.Record(ctx, f); err != nil {
				return err
			}
		}
	}
	return nil
}

// ways are the sums measured, by the words the steps use for them.
func (s *state) ways() map[string][]parallelmap.Spread {
	return map[string][]parallelmap.Spread{
		"one after another":      s.summed.OneAfterAnother,
		"the independent chunks": s.summed.Chunks,
		"the shared lock":        s.summed.SharedLock,
	}
}

// speedupArgs reads what a speed-up step compares, once the numbers have been summed.
func (s *state) speedupArgs(times string) (float64, error) {
	if s.summed == nil {
		return 0, fmt.Errorf("nothing was summed: start with `When n numbers are summed one after another, …`")
	}
	return strconv.ParseFloat(times, 64)
}

// faster is the parallel-speedup check of way against than.
func (s *state) faster(ctx context.Context, way, times, than string) error {
	least, err := s.speedupArgs(times)
	if err != nil {
		return err
	}
	return parallelmap.CheckFaster(ctx, way, than, s.ways()[than], s.ways()[way], least)
}

// fasterFails is the negative control: the parallel-speedup check fires on workers that share
// one lock.
func (s *state) fasterFails(ctx context.Context, way, times, than string) error {
	least, err := s.speedupArgs(times)
	if err != nil {
		return err
	}
	if parallelmap.CheckSpeedup(ctx, way, than, s.ways()[than], s.ways()[way], least) == nil {
		return fmt.Errorf("the parallel-speedup check did not fire: %s was %.2f times as fast as %s, given the processors each wanted",
			way, parallelmap.Speedup(s.ways()[than], s.ways()[way]), than)
	}
	return nil
}
