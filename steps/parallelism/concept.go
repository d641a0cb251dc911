// Package parallelism is the slice for parallelism.feature (R04, R02, P01): concurrency is not
// parallelism. At GOMAXPROCS 1 two CPU-bound goroutines take turns and want one processor; with
// one processor per core they want one each; and a Go program started with GOMAXPROCS unset
// gets a processor for each CPU it may use. It holds the scenario state and steps, the measuring
// control and the control that reports the GOMAXPROCS a program started with (both run in the
// program built without the race detector), and the parallelism and default-GOMAXPROCS
// detectors.
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
		Controls:  map[string]concept.Control{"side-by-side": control, "started-procs": startedControl},
		Detectors: []harness.Detector{parallelRun, defaultProcs},
	}
}
