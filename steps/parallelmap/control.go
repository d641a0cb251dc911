package parallelmap

import (
	"flag"
	"runtime"

	"github.com/concspec/concspec/internal/catalog"
)

// controlName is the child-program control that times a parallel map against one after another.
const controlName = "map-speedup"

// Mapped is what the control measured, by round: the items mapped one after another in the
// calling goroutine, and by the parallel map with one worker per core (GOMAXPROCS set to the
// cores). Each item is measured on its own thread.
type Mapped struct {
	OneAfterAnother []Spread `json:"oneAfterAnother"`
	Map             []Spread `json:"map"`
	Workers         int      `json:"workers"`
}

// control maps CPU-bound items one after another and with the parallel map -map of the child's
// catalogue, in the program built without the race detector, and fails unless both give the
// same results.
func control(cat *catalog.Catalog, args []string) (any, error) {
	flags := flag.NewFlagSet(controlName, flag.ContinueOnError)
	name := flags.String("map", "ordered", "the parallel map of the catalogue")
	n := flags.Int("items", 64, "CPU-bound items")
	spins := flags.Int("spins", 1_000_000, "rounds of computation per item")
	rounds := flags.Int("rounds", 5, "rounds, each mapping the items both ways")
	if err := flags.Parse(args); err != nil {
		return nil, err
	}
	m, err := catalog.Lookup(cat, kind, *name)
	if err != nil {
		return nil, err
	}
	workers := runtime.NumCPU()
	runtime.GOMAXPROCS(workers)
	w := &mapping{name: *name, m: m, items: numbers(*n), spins: *spins, workers: workers}
	ways := Alternate(*rounds, func() Spread { return Measure(w.oneAfterAnother) }, func() Spread { return Measure(w.throughMap) })
	if err := w.check(""); err != nil {
		return nil, err
	}
	return Mapped{OneAfterAnother: ways[0], Map: ways[1], Workers: workers}, nil
}
