// Package primitives is the slice for primitives.feature (R05): Go's concurrency primitives keep
// their documented guarantees — a channel delivers in order and drains after close, a send on a
// closed channel panics, a nil channel never delivers, sync.Mutex excludes, an atomic Add loses
// nothing, and errgroup joins every task. It holds the scenario state and steps, the locks of the
// catalogue with their broken twin, the mutant, and the detectors of the negative controls: the
// exclusion check and the atomic-update check.
package primitives

import (
	"sync"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/primitives"
)

// lockKind is the catalogue's table of locks guarding a critical section.
var lockKind = catalog.Kind[sync.Locker]{Name: "lock"}

// Concept is the primitives slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:     "Go's primitives",
		Features: []string{"primitives.feature"},
		Entries: []catalog.Entry{
			catalog.Reference(lockKind, "sync.Mutex", func() sync.Locker { return &sync.Mutex{} }),
			catalog.Broken(lockKind, "no lock", func() sync.Locker { return primitives.NoLock{} }),
		},
		Mutants: []catalog.Mutant{
			catalog.Swap("a lock that excludes nothing", []string{"R05"}, lockKind, "sync.Mutex", "no lock"),
		},
		Detectors: []harness.Detector{exclusion, atomicUpdate},
		Steps:     register,
	}
}
