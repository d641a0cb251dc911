// Package counters is the slice for counters.feature (R18): a counter that many goroutines
// increment loses updates unless something orders them. It holds the scenario state and steps,
// the counters of the catalogue with their broken twin, the mutant, the child-process control
// that lets the race detector watch a counter without failing the corpus itself (and there
// makes the incrementing goroutines overlap, see overlap.go), and two
// detectors: the lost-update check and the race-report check of steps/shared, whose negative
// controls are this feature's and ownership.feature's.
package counters

import (
	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/counter"
	"github.com/concspec/concspec/steps/shared"
)

// kind is the catalogue's table of shared counters.
var kind = catalog.Kind[counter.Counter]{Name: "counter"}

// Entry declares a counter written outside concspec, held to the counter contract.
func Entry(name string, newCounter func() counter.Counter) catalog.Entry {
	return catalog.Reference(kind, name, newCounter)
}

// Concept is the counters slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:     "shared counters",
		Features: []string{"counters.feature"},
		Entries: []catalog.Entry{
			catalog.Reference(kind, "mutex", func() counter.Counter { return &counter.Mutex{} }),
			catalog.Reference(kind, "atomic", func() counter.Counter { return &counter.Atomic{} }),
			catalog.Reference(kind, "owner", func() counter.Counter { return counter.NewOwner() }),
			catalog.Broken(kind, "unsynchronised", func() counter.Counter { return &counter.Unsynchronised{} }),
		},
		Mutants: []catalog.Mutant{
			catalog.Swap("unsynchronised counter", []string{"R18"}, kind, "mutex", "unsynchronised"),
		},
		Detectors: []harness.Detector{lostUpdate, shared.RaceReport},
		Controls:  map[string]concept.Control{"counter": control},
		Steps:     register,
	}
}
