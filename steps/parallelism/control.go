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
// run both goroutines took turns at the work.
type Measured struct {
	Sample      measure.Sample `json:"sample"`
	Interleaved bool           `json:"interleaved"`
}

// Two goroutines of this much work each take about 50ms of one processor, in chunks.
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
	m.Sample = measure.MedianOf(runs, func() measure.Sample {
		p := newProgress()
		sample := measure.Run(func() {
			var wg sync.WaitGroup
			for g := range 2 {
				wg.Go(func() { p.compute(g) })
			}
			wg.Wait() // unbounded on purpose: pure computation, which nothing can block
		})
		m.Interleaved = m.Interleaved && p.interleaved()
		return sample
	})
	return m, nil
}

// progress is two computing goroutines sharing one pile of chunks of work: each takes the next
// chunk until none is left, so they finish within a chunk of each other, and the processors they
// held is not diluted by one finishing early while the other still computes.
//
// Once the pile is empty, and only while one goroutine has taken every chunk, they go on taking
// chunks from a reserve nineteen times the pile. At GOMAXPROCS 1 the scheduler hands the
// processor to the other goroutine when the first has held it for its time slice, and on a busy
// machine the preemption that does it can come late (the thread that preempts waits for a CPU
// too): the reserve gives it the time, and a goroutine that still takes every chunk through
// twenty piles was never made to give up the processor.
type progress struct {
	left, reserve atomic.Int64
	chunks        [2]atomic.Int64
}

func newProgress() *progress {
	p := &progress{}
	p.left.Store(2 * sideBySideRounds / chunkRounds)
	p.reserve.Store(19 * 2 * sideBySideRounds / chunkRounds)
	return p
}

// compute is goroutine g's work: chunks from the pile until it is empty, then from the reserve
// until both goroutines have taken a chunk.
func (p *progress) compute(g int) {
	for p.left.Add(-1) >= 0 || (!p.interleaved() && p.reserve.Add(-1) >= 0) {
		work.Do(uint64(g+1), chunkRounds)
		p.chunks[g].Add(1)
	}
}

// interleaved says whether both goroutines took chunks. At GOMAXPROCS 1 the first to start would
// take them all unless the scheduler took its processor away and gave it to the other: that
// both did proves they took turns.
func (p *progress) interleaved() bool {
	return p.chunks[0].Load() > 0 && p.chunks[1].Load() > 0
}
