// Package offloading is the slice for offloading.feature (R17, P03): heavy handlers computing
// inline crowd the cheap requests off the processors, and offloading the heavy work to a small
// pool keeps them fast. What the pool promises is checked in this process, under the race
// detector (pool.go): no more heavy jobs compute at once than it has workers, Do and Close wait
// for the work, and Do gives up when its context ends while the work waits for a worker. How
// fast the cheap requests stay is measured in the program built without the race detector
// (latency.go, control.go). It holds the scenario state and steps, the pools of the catalogue
// with their broken twins, the mutants, the control and the detectors.
package offloading

import (
	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/offload"
)

// pool runs CPU-heavy work away from the goroutine that asks for it.
type pool interface {
	offload.Offloader
	Close()
}

// poolKind is the catalogue's table of pools, each made with a number of workers.
var poolKind = catalog.Kind[func(workers int) pool]{Name: "pool"}

// The reference pool and its broken twins, by their catalogue names.
const (
	boundedPool    = "bounded pool"
	inCaller       = "runs in the caller"
	oversized      = "one worker too many"
	returnsEarly   = "returns before the work ran"
	ignoresContext = "ignores its context while queued"
)

// The detectors of the slice.
const (
	// offloadedComputing is the check that, however many heavy requests arrive, only as many
	// heavy jobs compute at once as the pool has workers.
	offloadedComputing harness.Detector = "offloaded computing"
	// offloadWait is the check that Do returns only once its work has run, and Close only once
	// the workers have finished.
	offloadWait harness.Detector = "offload wait"
	// queuedCancel is the check that Do returns its context's error when the context ends while
	// the work waits for a worker.
	queuedCancel harness.Detector = "queued cancellation"
	// responsiveness is the check that cheap requests are faster with the heavy work offloaded
	// than inline.
	responsiveness harness.Detector = "responsiveness"
)

// Concept is the offloading slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:     "offloading CPU work",
		Features: []string{"offloading.feature"},
		Entries: []catalog.Entry{
			catalog.Reference(poolKind, boundedPool, func() func(int) pool {
				return func(n int) pool { return offload.NewPool(n) }
			}),
			catalog.Broken(poolKind, inCaller, func() func(int) pool {
				return func(int) pool { return offload.InCaller{} }
			}),
			catalog.Broken(poolKind, oversized, func() func(int) pool {
				return func(n int) pool { return offload.NewOversizedPool(n) }
			}),
			catalog.Broken(poolKind, returnsEarly, func() func(int) pool {
				return func(n int) pool { return offload.ReturnsEarly{Pool: offload.NewPool(n)} }
			}),
			catalog.Broken(poolKind, ignoresContext, func() func(int) pool {
				return func(n int) pool { return offload.IgnoresContext{Pool: offload.NewPool(n)} }
			}),
		},
		Mutants: []catalog.Mutant{
			catalog.Swap("a pool that runs the work in the caller", []string{"R17"}, poolKind, boundedPool, inCaller),
			catalog.Swap("a pool one worker too large", []string{"R17"}, poolKind, boundedPool, oversized),
			catalog.Swap("a pool whose Do returns before the work ran", []string{"R17"}, poolKind, boundedPool, returnsEarly),
			catalog.Swap("a pool whose Do ignores its context while queued", []string{"R17"}, poolKind, boundedPool, ignoresContext),
		},
		Controls:  map[string]concept.Control{controlName: control},
		Detectors: []harness.Detector{offloadedComputing, offloadWait, queuedCancel, responsiveness},
		Steps:     register,
	}
}
