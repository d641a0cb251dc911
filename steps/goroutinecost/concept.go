// Package goroutinecost is the slice for goroutine_cost.feature (R19, with P05): a goroutine is
// cheap enough to have one per task (the time and memory each costs are reported), and a fixed
// pool for blocking work only makes the tasks wait their turn (the negative control). It holds
// the scenario state and steps; the concept has no catalogue entries, mutants or controls. The
// steps that time goroutines and tasks require an @exclusive scenario.
package goroutinecost

import "github.com/concspec/concspec/internal/concept"

// Concept is the goroutine-cost slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:     "goroutine cost",
		Features: []string{"goroutine_cost.feature"},
		Steps:    register,
	}
}
