// Package measurefirst is the slice for measure_first.feature (R01, R07): before choosing a
// model, measure whether a workload spends its time waiting or computing, as the processors it
// wants on average (the time its threads run or are ready to run, over wall time), which a busy
// neighbour cannot change. It holds the scenario state and steps, the classification detector,
// and the control that measures each workload in the program built without the race detector;
// the concept has no catalogue entries or mutants. Every step that measures requires an
// @exclusive scenario.
package measurefirst

import (
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/internal/harness"
)

// classification tells a workload that waits from one that computes.
const classification harness.Detector = "I/O- or CPU-bound classification"

// Concept is the measure-first slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:      "measure first",
		Features:  []string{"measure_first.feature"},
		Steps:     register,
		Controls:  map[string]concept.Control{"workload": control},
		Detectors: []harness.Detector{classification},
	}
}
