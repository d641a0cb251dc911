// Package measurefirst is the slice for measure_first.feature (R01, R07): before choosing a
// model, measure whether a workload spends its time waiting or computing, as processors busy on
// average (CPU time over wall time). It holds the scenario state and steps; the concept has no
// catalogue entries, mutants or controls. Every step that measures requires an @exclusive
// scenario.
package measurefirst

import "github.com/concspec/concspec/internal/concept"

// Concept is the measure-first slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:     "measure first",
		Features: []string{"measure_first.feature"},
		Steps:    register,
	}
}
