package concspec

import "github.com/concspec/concspec/steps/semaphores"

// Semaphore is the weighted-semaphore contract, shaped like golang.org/x/sync/semaphore.Weighted
// (which fits it as it is): Acquire(ctx, n) waits for n units or for ctx, TryAcquire(n) takes
// them only if it can at once, Release(n) gives them back.
type Semaphore = semaphores.Semaphore

// Capabilities a semaphore can declare (see [WeightedSemaphore]).
const (
	// Weighted: Acquire, TryAcquire and Release take any number of units up to the weight. A
	// semaphore of single permits (a bulkhead) does not declare it, and the rows that acquire
	// more than one unit at a time are skipped for it.
	Weighted = semaphores.Weighted
	// FIFO: waiters are served in the order they came, so small Acquires cannot starve a large
	// one. A semaphore that does not promise it does not declare it, and the fairness row is
	// skipped for it.
	FIFO = semaphores.FIFO
)

// WeightedSemaphore declares a semaphore: newSemaphore returns one of the given weight.
func WeightedSemaphore(name string, newSemaphore func(weight int64) Semaphore, capabilities ...string) Implementation {
	return Implementation{name: name, column: "semaphore", capabilities: capabilities, entry: semaphores.Entry(name, newSemaphore)}
}
