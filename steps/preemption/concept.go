// Package preemption is the slice for preemption.feature (R20): since Go 1.14 the runtime
// preempts a tight loop with no function calls, so at GOMAXPROCS 1 the goroutine it waits for
// still runs; with asynchronous preemption off, the loop starves it. It holds the scenario state
// and steps, the child-process control "tight-loop" that spins until another goroutine sets a
// flag, and the loop-ended detector.
package preemption

import (
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/internal/harness"
)

// Concept is the preemption slice. It has no catalogue entries: the loop is the runtime's
// behaviour, not an implementation.
func Concept() concept.Concept {
	return concept.Concept{
		Name:      "preemption of tight loops",
		Features:  []string{"preemption.feature"},
		Controls:  map[string]concept.Control{"tight-loop": control},
		Detectors: []harness.Detector{loopEnded},
		Steps:     register,
	}
}
