// Package offloading is the slice for offloading.feature (R17, P03): heavy handlers computing
// inline crowd the cheap requests off the processors, and offloading the heavy work to a small
// pool keeps them fast. It holds the scenario state and steps (including the step that sets
// GOMAXPROCS for a scenario), the pools of the catalogue with their broken twin, and the mutant.
package offloading

import (
	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/patterns/offload"
)

// pool runs CPU-heavy work away from the goroutine that asks for it.
type pool interface {
	offload.Offloader
	Close()
}

// poolKind is the catalogue's table of pools, each made with a number of workers.
var poolKind = catalog.Kind[func(workers int) pool]{Name: "pool"}

// Concept is the offloading slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:     "offloading CPU work",
		Features: []string{"offloading.feature"},
		Entries: []catalog.Entry{
			catalog.Reference(poolKind, "bounded pool", func() func(int) pool {
				return func(n int) pool { return offload.NewPool(n) }
			}),
			catalog.Broken(poolKind, "runs in the caller", func() func(int) pool {
				return func(int) pool { return offload.InCaller{} }
			}),
		},
		Mutants: []catalog.Mutant{
			catalog.Swap("a pool that runs the work in the caller", []string{"R17"}, poolKind, "bounded pool", "runs in the caller"),
		},
		Steps: register,
	}
}
