// Package semaphores is the slice for semaphores.feature (R19): a weighted semaphore bounds a
// shared resource. Its contract: the weight is never exceeded, a cancelled Acquire leaks no
// unit, a large waiter is not starved by small ones (for a semaphore that declares itself
// first come, first served), and TryAcquire never blocks. It holds the scenario state and
// steps, the semaphores of the catalogue (the reference, golang.org/x/sync's) with their broken
// twins, the mutants, the capabilities an implementation can declare, and the four detectors.
package semaphores

import (
	"context"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/semaphore"
	xsemaphore "golang.org/x/sync/semaphore"
)

// Semaphore is the weighted-semaphore contract, shaped like golang.org/x/sync/semaphore.Weighted.
type Semaphore interface {
	// Acquire takes n units, waiting until they are free or ctx is done; then it returns an
	// error and holds nothing.
	Acquire(ctx context.Context, n int64) error
	// TryAcquire takes n units if it can at once, and reports whether it did; it never waits.
	TryAcquire(n int64) bool
	// Release gives back n units.
	Release(n int64)
}

// Capabilities a contract scenario can need (its @needs: tags), beyond the minimal contract.
const (
	// Weighted: Acquire, TryAcquire and Release take any n up to the weight, not only 1.
	Weighted = "weighted"
	// FIFO: waiters are served in the order they came; an Acquire queues behind anyone waiting.
	FIFO = "fifo"
)

// kind is the catalogue's table of semaphores: each makes a semaphore of a given weight.
var kind = catalog.Kind[func(weight int64) Semaphore]{Name: "semaphore"}

// The detectors of the contract: every check of the feature runs through one of them.
const (
	// weight fires when more units than the weight were held at once.
	weight harness.Detector = "semaphore weight"
	// permitLeak fires when the whole weight cannot be acquired again after a cancelled Acquire
	// and every release, or the cancelled Acquire did not return its context's error.
	permitLeak harness.Detector = "semaphore permit leak"
	// fifo fires when a later, smaller Acquire gets in ahead of a large one that waits.
	fifo harness.Detector = "semaphore FIFO"
	// tryAcquire fires when TryAcquire blocks, or takes units that are not free.
	tryAcquire harness.Detector = "semaphore TryAcquire"
)

// Entry declares a semaphore written outside concspec, held to the semaphore contract.
func Entry(name string, newSemaphore func(weight int64) Semaphore) catalog.Entry {
	return catalog.Reference(kind, name, func() func(int64) Semaphore { return newSemaphore })
}

// Concept is the semaphores slice.
func Concept() concept.Concept {
	ref := func(name string, make func(int64) Semaphore) catalog.Entry {
		return catalog.Reference(kind, name, func() func(int64) Semaphore { return make })
	}
	broken := func(name string, make func(int64) Semaphore) catalog.Entry {
		return catalog.Broken(kind, name, func() func(int64) Semaphore { return make })
	}
	swap := func(name, broken string) catalog.Mutant {
		return catalog.Swap(name, []string{"R19"}, kind, "reference", broken)
	}
	return concept.Concept{
		Name:     "semaphores",
		Features: []string{"semaphores.feature"},
		Entries: []catalog.Entry{
			ref("reference", func(w int64) Semaphore { return semaphore.New(w) }),
			ref("x/sync", func(w int64) Semaphore { return xsemaphore.NewWeighted(w) }),
			broken("over-admits", func(w int64) Semaphore { return semaphore.NewOverAdmitting(w) }),
			broken("leaks-on-cancel", func(w int64) Semaphore { return semaphore.NewLeakingOnCancel(w) }),
			broken("lets-small-ones-barge", func(w int64) Semaphore { return semaphore.NewBarging(w) }),
			broken("blocking-try", func(w int64) Semaphore { return semaphore.NewBlockingTry(w) }),
		},
		Mutants: []catalog.Mutant{
			swap("a semaphore that admits more than its weight", "over-admits"),
			swap("a semaphore whose cancelled Acquire leaks its units", "leaks-on-cancel"),
			swap("a semaphore that lets small Acquires starve a large one", "lets-small-ones-barge"),
			swap("a semaphore whose TryAcquire blocks", "blocking-try"),
		},
		Detectors: []harness.Detector{weight, permitLeak, fifo, tryAcquire},
		Capabilities: map[string]string{
			Weighted: "Acquire, TryAcquire and Release take any number of units up to the weight, not only one",
			FIFO:     "waiters are served in the order they came, so small Acquires cannot starve a large one",
		},
		Steps: register,
	}
}
