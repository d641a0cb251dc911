// Package whenitpays is the slice for when_it_pays.feature (R22, R23, R24, with P07): the
// guide's table of when concurrency and parallelism pay, measured within one run — many calls
// but not one (calls.go), independent chunks but not workers sharing one lock (sums.go), and
// work big enough to pay for its goroutine (batching.go). It holds the scenario state and
// steps; the concept has no catalogue entries, mutants or controls. Every step that measures
// requires an @exclusive scenario.
package whenitpays

import "github.com/concspec/concspec/internal/concept"

// Concept is the when-it-pays slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:     "when it pays",
		Features: []string{"when_it_pays.feature"},
		Steps:    register,
	}
}
