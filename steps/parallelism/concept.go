// Package parallelism is the slice for parallelism.feature (R04, R02, P01): concurrency is not
// parallelism. At GOMAXPROCS 1 two CPU-bound goroutines take turns and want one processor; with
// one processor per core they want one each. It holds the scenario state and steps, the
// measuring control (run in the program built without the race detector) and the parallelism
// detector.
package parallelism

import (
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/internal/harness"
)

// Concept is the parallelism slice. It has no catalogue entries: what it shows is the
// runtime's, not an implementation's.
func Concept() concept.Concept {
	return concept.Concept{
		Name:      "concurrency and parallelism",
		Features:  []string{"parallelism.feature"},
		Steps:     register,
		Controls:  map[string]concept.Control{"side-by-side": control},
		Detectors: []harness.Detector{parallelRun},
	}
}
