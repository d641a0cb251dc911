// Package otherruntimes is the slice for other_runtimes.feature (P01–P07): the rules the guide
// states for Python, Node.js, Java, Rust and C#, each run in its own runtime by a small program
// (internal/polyglot) that prints what it measured or saw. A runtime the machine lacks skips the
// scenario. The programs that measure times or processors need their scenario to run alone
// (@exclusive); the ones that only count what happened do not. Its claims run through its
// detectors: the parallelism measure (processors wanted, which a busy neighbour cannot change),
// the overlap of waits, the cancellation of the other tasks on a failure, and the event loop
// left free. It has no catalogue entries, mutants or controls: what it shows is the runtimes'.
package otherruntimes

import (
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/internal/harness"
)

// Concept is the other-runtimes slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:      "the other runtimes",
		Features:  []string{"other_runtimes.feature"},
		Steps:     register,
		Detectors: []harness.Detector{parallelism, overlap, stopping, loopFree},
	}
}
