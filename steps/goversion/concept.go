// Package goversion is the slice for go_version.feature (R26): the module states the Go it needs,
// the toolchain running the corpus is at least that, the patterns start goroutines with
// sync.WaitGroup.Go, and vet's waitgroup analyzer finds nothing in them but catches a misplaced
// WaitGroup.Add. Its steps run the go command (`go list -m`, `go vet`) in child processes; it has
// no catalogue entries, mutants or controls.
package goversion

import "github.com/concspec/concspec/internal/concept"

// Concept is the Go-version slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:     "the Go the corpus needs",
		Features: []string{"go_version.feature"},
		Steps:    register,
	}
}
