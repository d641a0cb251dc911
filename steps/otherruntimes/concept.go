// Package otherruntimes is the slice for other_runtimes.feature (P01–P07, R01 in Java, and R18's
// counters in Java and C#), rust_ownership.feature (R18 in Rust) and runtime_versions.feature (R26's version table), and
// for python_runtime.feature and node_runtime.feature, which show what those two runtimes do
// themselves: gather's exceptions, a counter shared by threads, pools, forgotten awaits, worker
// threads and unhandled rejections. The rules the guide states for Python, Node.js, Java, Rust
// and C# each run in their own runtime by a small program (internal/polyglot) that prints what
// it measured or saw, or, for Rust's ownership, compiled by rustc to see whether it compiles. A
// runtime the machine lacks skips the scenario. The programs that measure times or processors
// need their scenario to run alone (@exclusive); the ones that only count what happened do not.
// Its claims run through its detectors: the parallelism measure (processors wanted, which a busy
// neighbour cannot change), the overlap of waits, the cancellation of the other tasks on a
// failure, the event loop left free, a shared counter's exact count, Java's pinned virtual
// threads as JFR records them, pinned waits taking turns on one carrier, rustc accepting a
// program, and a runtime new enough for a milestone. It has no catalogue entries, mutants or
// controls: what it shows is the runtimes'.
package otherruntimes

import (
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/internal/harness"
)

// Concept is the other-runtimes slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:      "the other runtimes",
		Features:  append([]string{"other_runtimes.feature", "rust_ownership.feature", "runtime_versions.feature"}, behaviourFeatures...),
		Steps:     register,
		Detectors: []harness.Detector{parallelism, overlap, stopping, loopFree, exactCount, pinning, tookTurns, accepted, newEnough},
	}
}
