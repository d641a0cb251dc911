// Package mixedworkload is the slice for mixed_workload.feature (R06, P03): an I/O layer that
// offloads its CPU work to a bounded pool goes on accepting requests while the pool computes; one
// that computes inline accepts nothing until it is done. It holds the scenario state and steps,
// the I/O layers of the catalogue with their broken twin, and the mutant.
package mixedworkload

import (
	"context"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/patterns/mixed"
)

// ioLayer accepts requests from in until it is closed or ctx is done.
type ioLayer interface {
	Run(ctx context.Context, in <-chan mixed.Request, accepted mixed.Accepted)
}

// ioLayerKind is the catalogue's table of ways of serving a mixed workload.
var ioLayerKind = catalog.Kind[ioLayer]{Name: "I/O layer"}

// Concept is the mixed-workload slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:     "mixed workloads",
		Features: []string{"mixed_workload.feature"},
		Entries: []catalog.Entry{
			catalog.Reference(ioLayerKind, "offloading to a pool of 1 worker", func() ioLayer { return mixed.Offloading{Workers: 1, Queue: 8} }),
			catalog.Broken(ioLayerKind, "computing inline", func() ioLayer { return mixed.Inline{} }),
		},
		Mutants: []catalog.Mutant{
			catalog.Swap("an I/O layer that computes inline", []string{"R06"}, ioLayerKind, "offloading to a pool of 1 worker", "computing inline"),
		},
		Steps: register,
	}
}
