// Package ioscaling is the slice for io_scaling.feature (R08, with P06 and P07): n concurrent
// I/O-bound tasks against a loopback HTTP/2 server take about as long as one, while the same
// tasks one after another (the negative control) take n times as long. It holds the scenario
// state and steps; the server step is in steps/shared, and the concept has no catalogue
// entries, mutants or controls. The steps that time the tasks require an @exclusive scenario.
package ioscaling

import "github.com/concspec/concspec/internal/concept"

// Concept is the I/O-scaling slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:     "I/O scaling",
		Features: []string{"io_scaling.feature"},
		Steps:    register,
	}
}
