// Package goversion is the slice for go_version.feature (R26): the module states the Go it needs,
// the toolchain running the corpus is at least that, release for release, the patterns start
// their goroutines with sync.WaitGroup.Go and never call WaitGroup.Add, and vet's waitgroup
// analyzer finds nothing in them but catches a misplaced WaitGroup.Add. Its steps run the go
// command (`go list`, `go mod edit`, `go vet`) in child processes and type-check the patterns;
// its detectors are the toolchain check, vet's check and the WaitGroup.Go check. It has no
// catalogue entries, mutants or controls.
package goversion

import (
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/internal/harness"
)

// Concept is the Go-version slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:      "the Go the corpus needs",
		Features:  []string{"go_version.feature"},
		Detectors: []harness.Detector{toolchain, vetWaitGroup, waitGroupGo},
		Steps:     register,
	}
}
