// Package parallelmap is the slice for parallel_map.feature (R16, with P06 and P07): a parallel
// map returns results in input order, whatever order the items finish in, and the speedup of
// mapping CPU-bound items over the cores is measured. It holds the scenario state and steps, the
// parallel maps of the catalogue with their broken twin, and the mutant.
package parallelmap

import (
	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/patterns/parmap"
)

// intMap maps ints with up to workers goroutines.
type intMap func(in []int, workers int, f func(int) int) []int

// kind is the catalogue's table of parallel maps.
var kind = catalog.Kind[intMap]{Name: "parallel map"}

// Concept is the parallel-map slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:     "parallel maps",
		Features: []string{"parallel_map.feature"},
		Entries: []catalog.Entry{
			catalog.Reference(kind, "ordered", func() intMap { return parmap.Map[int, int] }),
			catalog.Broken(kind, "completion-order", func() intMap { return parmap.MapInCompletionOrder[int, int] }),
		},
		Mutants: []catalog.Mutant{
			catalog.Swap("a broken order in the ordered map", []string{"R16"}, kind, "ordered", "completion-order"),
		},
		Steps: register,
	}
}
