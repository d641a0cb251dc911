// Package parallelism is the slice for parallelism.feature (R04, R02, P01): concurrency is not
// parallelism. At GOMAXPROCS 1 two CPU-bound goroutines take turns but keep one processor busy;
// with one processor per core they run side by side. It holds the scenario state and steps.
package parallelism

import (
	"github.com/concspec/concspec/internal/concept"
)

// Concept is the parallelism slice. It has no catalogue entries: what it shows is the
// runtime's, not an implementation's.
func Concept() concept.Concept {
	return concept.Concept{
		Name:     "concurrency and parallelism",
		Features: []string{"parallelism.feature"},
		Steps:    register,
	}
}
