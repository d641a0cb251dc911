// Package parallelmap is the slice for parallel_map.feature (R16, with P06 and P07): a parallel
// map returns results in input order, whatever order the items finish in; it runs as many items
// at once as it has workers; and mapping CPU-bound items over the cores is faster than one after
// another, given the processors the map holds (measured in the program built without the race
// detector, control.go). It holds the scenario state and steps, the parallel maps of the
// catalogue with their broken twins, the mutants, and the detectors; the parallel-speedup check
// (speedup.go) is also the when-it-pays slice's.
package parallelmap

import (
	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/parmap"
)

// intMap maps ints with up to workers goroutines.
type intMap func(in []int, workers int, f func(int) int) []int

// kind is the catalogue's table of parallel maps.
var kind = catalog.Kind[intMap]{Name: "parallel map"}

// The detectors of the slice; ParallelSpeedup is in speedup.go.
const (
	// inputOrder is the check that result i is item i's.
	inputOrder harness.Detector = "input order"
	// workerLimit is the check that a map runs exactly as many items at once as it has workers.
	workerLimit harness.Detector = "worker limit"
)

// Concept is the parallel-map slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:     "parallel maps",
		Features: []string{"parallel_map.feature"},
		Entries: []catalog.Entry{
			catalog.Reference(kind, "ordered", func() intMap { return parmap.Map[int, int] }),
			catalog.Broken(kind, "completion-order", func() intMap { return parmap.MapInCompletionOrder[int, int] }),
			catalog.Broken(kind, "goroutine per item", func() intMap { return parmap.MapGoroutinePerItem[int, int] }),
			catalog.Broken(kind, "one at a time", func() intMap { return parmap.MapOneAtATime[int, int] }),
		},
		Mutants: []catalog.Mutant{
			catalog.Swap("a broken order in the ordered map", []string{"R16"}, kind, "ordered", "completion-order"),
			catalog.Swap("a parallel map that ignores its worker count", []string{"R16"}, kind, "ordered", "goroutine per item"),
			catalog.Swap("a parallel map that runs one item at a time", []string{"R16"}, kind, "ordered", "one at a time"),
		},
		Controls:  map[string]concept.Control{controlName: control},
		Detectors: []harness.Detector{inputOrder, workerLimit, ParallelSpeedup},
		Steps:     register,
	}
}
