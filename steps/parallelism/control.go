package parallelism

import (
	"flag"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/measure"
	"github.com/concspec/concspec/patterns/work"
)

// Measured is what the side-by-side control prints: the median of its runs, and whether in every
// run each goroutine made progress while the other was unfinished.
type Measured struct {
	Sample      measure.Sample `json:"sample"`
	Interleaved bool           `json:"interleaved"`
}

// Two goroutines of this much work each take about 50ms of one processor.
const (
	sideBySideRounds = 25_000_000
	chunkRounds      = 1_000_000
	runs             = 5
)

// control runs two CPU-bound goroutines side by side at the GOMAXPROCS it is given, in the
// program built without the race detector, and measures the processors they want and obtain.
func control(_ *catalog.Catalog, args []string) (any, error) {
	flags := flag.NewFlagSet("side-by-side", flag.ContinueOnError)
	procs := flags.Int("procs", 1, "GOMAXPROCS")
	if err := flags.Parse(args); err != nil {
		return nil, err
	}
	runtime.GOMAXPROCS(*procs)
	m := Measured{Interleaved: true}
	m.Sample = measure.Median(runs, func() { m.Interleaved = sideBySide() && m.Interleaved })
	return m, nil
}

// sideBySide runs two CPU-bound goroutines and reports whether the first to finish saw the
// other make progress before it finished: at GOMAXPROCS 1 that proves they took turns.
func sideBySide() (interleaved bool) {
	var progress [2]atomic.Int64
	var sawOther [2]int64
	var finished atomic.Int32
	first := -1
	var mu sync.Mutex
	var wg sync.WaitGroup
	for g := range 2 {
		wg.Go(func() {
			for range sideBySideRounds / chunkRounds {
				work.Do(uint64(g+1), chunkRounds)
				progress[g].Add(1)
			}
			sawOther[g] = progress[1-g].Load()
			if finished.Add(1) == 1 {
				mu.Lock()
				first = g
				mu.Unlock()
			}
		})
	}
	wg.Wait() // unbounded on purpose: pure computation, which nothing can block
	return sawOther[first] > 0 && sawOther[first] < sideBySideRounds/chunkRounds
}
