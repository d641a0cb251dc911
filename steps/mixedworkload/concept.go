// Package mixedworkload is the slice for mixed_workload.feature (R06, P03): an I/O layer that
// offloads its CPU work to a bounded pool goes on accepting requests while the pool computes,
// and turns a request away when the pool's queue is full; one that computes inline accepts
// nothing until it is done. It holds the scenario state and steps, the I/O layers of the
// catalogue with their broken twins, the mutants, and the detector the rule rests on.
package mixedworkload

import (
	"context"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/mixed"
)

// ioLayer accepts requests from in until it is closed or ctx is done.
type ioLayer interface {
	Run(ctx context.Context, in <-chan mixed.Request, accepted mixed.Accepted)
}

// ioLayerKind is the catalogue's table of ways of serving a mixed workload.
var ioLayerKind = catalog.Kind[ioLayer]{Name: "I/O layer"}

// accepting is the detector of the rule: it fires when the I/O layer computes where it accepts,
// or takes a request without accepting (or turning it away) before it blocks again, while the
// first request's CPU work runs elsewhere.
const accepting harness.Detector = "I/O layer keeps accepting"

// Concept is the mixed-workload slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:     "mixed workloads",
		Features: []string{"mixed_workload.feature"},
		Entries: []catalog.Entry{
			catalog.Reference(ioLayerKind, "offloading to 1 worker with a queue of 8", func() ioLayer { return mixed.Offloading{Workers: 1, Queue: 8} }),
			catalog.Broken(ioLayerKind, "computing inline", func() ioLayer { return mixed.Inline{} }),
			catalog.Broken(ioLayerKind, "waiting for room in a queue of 8", func() ioLayer { return mixed.WaitingForRoom{Workers: 1, Queue: 8} }),
		},
		Mutants: []catalog.Mutant{
			catalog.Swap("an I/O layer that computes inline", []string{"R06"}, ioLayerKind, "offloading to 1 worker with a queue of 8", "computing inline"),
			catalog.Swap("an I/O layer that blocks on a full queue", []string{"R06"}, ioLayerKind, "offloading to 1 worker with a queue of 8", "waiting for room in a queue of 8"),
		},
		Detectors: []harness.Detector{accepting},
		Steps:     register,
	}
}
