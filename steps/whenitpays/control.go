package whenitpays

import (
	"flag"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/measure"
	"github.com/concspec/concspec/patterns/work"
	"github.com/concspec/concspec/steps/parallelmap"
)

// The child-program controls of the slice.
const (
	sumsControlName     = "sums"
	tinyWorkControlName = "tiny-work"
)

// Summed is what the sums control measured, by round: the numbers summed one after another, in
// independent chunks side by side, and by workers adding each to one total under a shared lock.
// Each worker is measured on its own thread.
type Summed struct {
	OneAfterAnother []parallelmap.Spread `json:"oneAfterAnother"`
	Chunks          []parallelmap.Spread `json:"chunks"`
	SharedLock      []parallelmap.Spread `json:"sharedLock"`
}

// sumsControl sums 0..n-1 the three ways, with GOMAXPROCS set to the cores, and fails unless
// every way gives the right total.
func sumsControl(_ *catalog.Catalog, args []string) (any, error) {
	flags := flag.NewFlagSet(sumsControlName, flag.ContinueOnError)
	numbers := flags.Int("numbers", 1_000_000, "numbers to sum")
	workers := flags.Int("workers", 2, "chunks, and workers sharing the lock")
	rounds := flags.Int("rounds", 5, "rounds, each summing the three ways")
	if err := flags.Parse(args); err != nil {
		return nil, err
	}
	runtime.GOMAXPROCS(runtime.NumCPU())
	n, c := *numbers, max(1, *workers)
	want := int64(n) * int64(n-1) / 2
	var wrong []string
	check := func(way string, total int64) {
		if total != want {
			wrong = append(wrong, fmt.Sprintf("%s summed to %d", way, total))
		}
	}
	ways := parallelmap.Alternate(*rounds, func() parallelmap.Spread {
		var total int64
		defer func() { check("one after another", total) }()
		return parallelmap.SideBySide(1, func(int) { total = sumRange(0, n) })
	}, func() parallelmap.Spread {
		subtotals := make([]int64, c)
		defer func() {
			var total int64
			for _, s := range subtotals {
				total += s
			}
			check("the chunks", total)
		}()
		return parallelmap.SideBySide(c, func(w int) { subtotals[w] = sumRange(w*n/c, (w+1)*n/c) })
	}, func() parallelmap.Spread {
		var mu sync.Mutex
		var total int64
		defer func() { check("the shared lock", total) }()
		return parallelmap.SideBySide(c, func(w int) {
			for i, last := w*n/c, (w+1)*n/c; i < last; i++ {
				mu.Lock()
				total += int64(i)
				mu.Unlock()
			}
		})
	})
	if wrong != nil {
		return nil, fmt.Errorf("the sum of 0..%d is %d, but %v", n-1, want, wrong)
	}
	return Summed{OneAfterAnother: ways[0], Chunks: ways[1], SharedLock: ways[2]}, nil
}

// sumRange sums the numbers from first up to last, without it. It is never inlined, so that one
// after another and the chunks run the same machine code: a loop this tight runs at a speed that
// depends on where in memory its instructions fall.
//
//go:noinline
func sumRange(first, last int) int64 {
	var sum int64
	for i := first; i < last; i++ {
		sum += int64(i)
	}
	return sum
}

// Sized is one work size of the tiny-work control, each way the run with the median wall time.
// Each way's run does the items Reps times over, the same for the three ways, so that each
// sample's processor time is far above what the process's other threads (the collector's
// workers, sysmon) spend beside it; the ratios between the ways are those of one pass.
type Sized struct {
	Rounds          int            `json:"rounds"`
	Reps            int            `json:"reps"`
	OneAfterAnother measure.Sample `json:"oneAfterAnother"`
	PerItem         measure.Sample `json:"perItem"`
	Chunked         measure.Sample `json:"chunked"`
}

// sampleFloor is the least processor time one sample of the tiny-work control should take.
const sampleFloor = 20 * time.Millisecond

// tinyWorkControl runs items of each work size one after another, one goroutine per item, and in
// one chunk per processor (GOMAXPROCS as the program was started with).
func tinyWorkControl(_ *catalog.Catalog, args []string) (any, error) {
	flags := flag.NewFlagSet(tinyWorkControlName, flag.ContinueOnError)
	k := flags.Int("items", 500, "items of work")
	runs := flags.Int("runs", 3, "runs of each way; the median is kept")
	if err := flags.Parse(args); err != nil {
		return nil, err
	}
	var out []Sized
	for _, text := range flags.Args() {
		var size int
		if _, err := fmt.Sscan(text, &size); err != nil || size < 1 {
			return nil, fmt.Errorf("work size %q: a number of rounds of at least 1", text)
		}
		ways := tinyWays(*k, size)
		// The cheapest way sets the repetitions: every way then takes at least sampleFloor.
		reps := 1
		if once := min(measure.Run(ways[0]).CPU, measure.Run(ways[2]).CPU); once < sampleFloor {
			reps = int(min(1000, sampleFloor/max(once, time.Microsecond)+1))
		}
		repeated := func(f func()) func() {
			return func() {
				for range reps {
					f()
				}
			}
		}
		out = append(out, Sized{
			Rounds:          size,
			Reps:            reps,
			OneAfterAnother: measure.Median(*runs, repeated(ways[0])),
			PerItem:         measure.Median(*runs, repeated(ways[1])),
			Chunked:         measure.Median(*runs, repeated(ways[2])),
		})
	}
	return out, nil
}

// tinyWays are k items of work of size rounds done one after another, one goroutine per item,
// and in one chunk per processor.
func tinyWays(k, size int) [3]func() {
	return [3]func(){
		func() {
			for i := range k {
				work.Do(uint64(i), size)
			}
		},
		func() {
			var wg sync.WaitGroup
			for i := range k {
				wg.Go(func() { work.Do(uint64(i), size) })
			}
			wg.Wait()
		},
		func() {
			chunks := runtime.GOMAXPROCS(0)
			var wg sync.WaitGroup
			for c := range chunks {
				first, last := c*k/chunks, (c+1)*k/chunks
				wg.Go(func() {
					for i := first; i < last; i++ {
						work.Do(uint64(i), size)
					}
				})
			}
			wg.Wait()
		},
	}
}
