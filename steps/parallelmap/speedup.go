package parallelmap

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"time"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/parmap"
	"github.com/concspec/concspec/patterns/work"
	"github.com/concspec/concspec/steps/internal/stepkit"
)

// mapSpeedup times CPU-bound items mapped sequentially and then over the cores, and records the
// ratio. It measures wall time with every core busy, so its scenario must run alone.
func mapSpeedup(ctx context.Context, n string) error {
	if err := harness.RequireExclusive(ctx, "measures how much faster CPU-bound items are mapped over the cores than one after another"); err != nil {
		return err
	}
	k, err := stepkit.Count("the number of items", n, 10_000)
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
	// Unbounded on purpose: the reference map over pure computation, which nothing can block.
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
