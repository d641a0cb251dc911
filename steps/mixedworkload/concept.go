// Package mixedworkload is the slice for mixed_workload.feature (R06, P03): an I/O layer that
// offloads its CPU work to a bounded pool goes on accepting requests while the pool computes,
// and turns a request away when the pool's queue is full, never running its work; one that
// computes inline accepts nothing until it is done. Its Run returns when its channel is closed
// or its context cancelled, once its workers have finished what it queued. It holds the
// scenario state and steps, the work ledger (ledger.go), the ways of making Run return while
// the pool computes (returns.go), the I/O layers of the catalogue with their broken twins, the
// mutants, and the detectors the rule rests on.
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

// The I/O layer of the reference and those of its broken twins, by their catalogue names.
const (
	offloading          = "offloading to 1 worker with a queue of 8"
	inline              = "computing inline"
	waitingForRoom      = "waiting for room in a queue of 8"
	computingTurnedAway = "computing what a full queue of 8 turns away"
	returningEarly      = "returning before its worker is done"
	ignoringContext     = "ignoring its context"
)

// The detectors of the slice.
const (
	// accepting fires when the I/O layer computes where it accepts, or takes a request without
	// accepting (or turning it away) before it blocks again, while the first request's CPU work
	// runs elsewhere.
	accepting harness.Detector = "I/O layer keeps accepting"
	// workLedger fires when the work of a request the layer queued did not run exactly once, in
	// the pool, or the work of a request it turned away ran at all.
	workLedger harness.Detector = "I/O layer work ledger"
	// joined fires when Run returned while the work of a request it had queued was running or
	// had not started.
	joined harness.Detector = "I/O layer joins its workers"
	// stopsWithContext fires when Run did not return once its context was cancelled.
	stopsWithContext harness.Detector = "I/O layer stops with its context"
)

// Concept is the mixed-workload slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:     "mixed workloads",
		Features: []string{"mixed_workload.feature"},
		Entries: []catalog.Entry{
			catalog.Reference(ioLayerKind, offloading, func() ioLayer { return mixed.Offloading{Workers: 1, Queue: 8} }),
			catalog.Broken(ioLayerKind, inline, func() ioLayer { return mixed.Inline{} }),
			catalog.Broken(ioLayerKind, waitingForRoom, func() ioLayer { return mixed.WaitingForRoom{Workers: 1, Queue: 8} }),
			catalog.Broken(ioLayerKind, computingTurnedAway, func() ioLayer { return mixed.ComputingTurnedAway{Workers: 1, Queue: 8} }),
			catalog.Broken(ioLayerKind, returningEarly, func() ioLayer { return mixed.ReturningEarly{Workers: 1, Queue: 8} }),
			catalog.Broken(ioLayerKind, ignoringContext, func() ioLayer { return mixed.IgnoringContext{Workers: 1, Queue: 8} }),
		},
		Mutants: []catalog.Mutant{
			catalog.Swap("an I/O layer that computes inline", []string{"R06"}, ioLayerKind, offloading, inline),
			catalog.Swap("an I/O layer that blocks on a full queue", []string{"R06"}, ioLayerKind, offloading, waitingForRoom),
			catalog.Swap("an I/O layer that computes what its full queue turns away", []string{"R06"}, ioLayerKind, offloading, computingTurnedAway),
			catalog.Swap("an I/O layer whose Run returns before its workers are done", []string{"R06"}, ioLayerKind, offloading, returningEarly),
			catalog.Swap("an I/O layer whose Run ignores its context", []string{"R06"}, ioLayerKind, offloading, ignoringContext),
		},
		Detectors: []harness.Detector{accepting, workLedger, joined, stopsWithContext},
		Steps:     register,
	}
}
