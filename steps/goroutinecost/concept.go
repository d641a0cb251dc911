// Package goroutinecost is the slice for goroutine_cost.feature (R19, with P05): a goroutine is
// cheap enough to have one per task — a fraction of the processor time of an OS thread per task,
// measured in the program built without the race detector (control.go) — and a fixed pool for
// blocking work only makes the tasks wait their turn (the negative control, through the
// I/O-scaling slice's requests and scaling check). It holds the scenario state and steps, the
// control and the goroutine-cost detector. The steps that measure require an @exclusive scenario.
package goroutinecost

import (
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/internal/harness"
)

// goroutineCost is the check that a task on a goroutine of its own costs a fraction of the
// processor time of a task on an OS thread of its own.
const goroutineCost harness.Detector = "goroutine cost"

// Concept is the goroutine-cost slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:      "goroutine cost",
		Features:  []string{"goroutine_cost.feature"},
		Steps:     register,
		Controls:  map[string]concept.Control{controlName: control},
		Detectors: []harness.Detector{goroutineCost},
	}
}
