package parallelmap

import (
	"cmp"
	"flag"
	"fmt"
	"runtime"
	"slices"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/internal/measure"
)

// gomaxprocsControl is the child-program control that maps CPU-bound items at GOMAXPROCS 1 and 2.
const gomaxprocsControl = "map-at-gomaxprocs"

// mapParallelism is the check that the threads running a parallel map's items wanted at least so
// many processors on average: that the items ran side by side.
const mapParallelism harness.Detector = "map parallelism"

// AtGOMAXPROCS is what the control measured at one GOMAXPROCS, by round: the items one after
// another in the calling goroutine, and through the parallel map.
type AtGOMAXPROCS struct {
	GOMAXPROCS      int     `json:"gomaxprocs"`
	OneAfterAnother []Round `json:"oneAfterAnother"`
	Map             []Round `json:"map"`
}

// Round is one way of mapping the items, measured once: what the threads that ran the items
// wanted and obtained (Spread), and what the whole process held and obtained, with the
// machine's CPU pressure (Sample).
type Round struct {
	Spread Spread         `json:"spread"`
	Sample measure.Sample `json:"sample"`
}

// median is the round with the median of what key says of the rounds.
func median(rounds []Round, key func(Round) float64) Round {
	if len(rounds) == 0 {
		return Round{}
	}
	sorted := slices.SortedFunc(slices.Values(rounds), func(a, b Round) int { return cmp.Compare(key(a), key(b)) })
	return sorted[len(sorted)/2]
}

// MapWanted is the round of the map whose threads wanted the median number of processors.
func (a AtGOMAXPROCS) MapWanted() Round {
	return median(a.Map, func(r Round) float64 { return r.Spread.Wanted() })
}

// WallSpeedup is how many times faster than one after another the map was in wall time: the
// median over the rounds of each round's ratio.
func (a AtGOMAXPROCS) WallSpeedup() float64 {
	var ratios []float64
	for r := range min(len(a.OneAfterAnother), len(a.Map)) {
		if a.Map[r].Spread.Wall > 0 {
			ratios = append(ratios, a.OneAfterAnother[r].Spread.Wall.Seconds()/a.Map[r].Spread.Wall.Seconds())
		}
	}
	if len(ratios) == 0 {
		return 0
	}
	slices.Sort(ratios)
	return ratios[len(ratios)/2]
}

// measureRound runs work once, through Measure, within measure.Run.
func measureRound(work func(do func(piece func()))) Round {
	var r Round
	r.Sample = measure.Run(func() { r.Spread = Measure(work) })
	return r
}

// mapAtGOMAXPROCS maps CPU-bound items one after another and with the parallel map -map of the
// child's catalogue (with -workers workers), at each GOMAXPROCS of -procs in turn, in alternating
// rounds, in the program built without the race detector; it fails unless both ways give the
// same results.
func mapAtGOMAXPROCS(cat *catalog.Catalog, args []string) (any, error) {
	flags := flag.NewFlagSet(gomaxprocsControl, flag.ContinueOnError)
	name := flags.String("map", "ordered", "the parallel map of the catalogue")
	workers := flags.Int("workers", runtime.NumCPU(), "the map's workers")
	n := flags.Int("items", 64, "CPU-bound items")
	spins := flags.Int("spins", 1_000_000, "rounds of computation per item")
	rounds := flags.Int("rounds", 5, "rounds at each GOMAXPROCS, each mapping the items both ways")
	if err := flags.Parse(args); err != nil {
		return nil, err
	}
	m, err := catalog.Lookup(cat, kind, *name)
	if err != nil {
		return nil, err
	}
	w := &mapping{name: *name, m: m, items: numbers(*n), spins: *spins, workers: *workers}
	var out []AtGOMAXPROCS
	for _, procs := range []int{1, 2} {
		runtime.GOMAXPROCS(procs)
		at := AtGOMAXPROCS{GOMAXPROCS: procs}
		for range max(1, *rounds) {
			at.OneAfterAnother = append(at.OneAfterAnother, measureRound(w.oneAfterAnother))
			at.Map = append(at.Map, measureRound(w.throughMap))
			if err := w.check(fmt.Sprintf(" at GOMAXPROCS %d", procs)); err != nil {
				return nil, err
			}
		}
		out = append(out, at)
	}
	return out, nil
}
