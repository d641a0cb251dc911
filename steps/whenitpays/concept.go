// Package whenitpays is the slice for when_it_pays.feature (R22, R23, R24, with P07): the
// guide's table of when concurrency and parallelism pay, measured within one run in the program
// built without the race detector, as a user's binary is built — many calls but not one
// (calls.go, through the I/O-scaling slice's requests and scaling check), independent chunks but
// not workers sharing one lock (sums.go), and work big enough to pay for its goroutine
// (batching.go); control.go is what the child program runs. Each claim is decided on a measure a
// busy machine cannot flip: requests waiting together, processors wanted by the work's threads,
// processor time spent. It holds the scenario state and steps, the controls and the detectors.
// Every step that measures requires an @exclusive scenario.
package whenitpays

import (
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/internal/harness"
)

// batching is the check that one goroutine per item costs more processor time than the items in
// batches. The slice's other checks are those of the I/O-scaling and parallel-map slices, whose
// concepts declare them: scaling (R22) and parallel speedup (R23).
const batching harness.Detector = "batching"

// Concept is the when-it-pays slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:      "when it pays",
		Features:  []string{"when_it_pays.feature"},
		Steps:     register,
		Controls:  map[string]concept.Control{sumsControlName: sumsControl, tinyWorkControlName: tinyWorkControl},
		Detectors: []harness.Detector{batching},
	}
}
