// Package lifetimes is the slice for goroutine_lifetimes.feature: every goroutine has an owner
// who waits for it (R10), a task that could block for ever has a way out (R12), and a result is
// collected only after the tasks are waited for (R21). It holds the receivers and collectors of
// the catalogue with their broken twins, their mutants, and the detectors of the three rules:
// the error ledger, the receiver check and the results check. It also declares the bounded-wait
// detector of steps/shared, which has no negative control of its own. The feature's step that
// joins a task in a task group belongs to the task-group slice (steps/taskgroups), which owns
// the group.
package lifetimes

import (
	"context"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/lifetime"
	"github.com/concspec/concspec/steps/shared"
)

// receiver waits for a value from ch, or (if it can be stopped) for ctx.
type receiver func(ctx context.Context, ch <-chan int) (int, error)

// collector runs tasks, each in its own goroutine, and returns the results it collected.
type collector func(tasks []func() int) []int

// The catalogue's tables: the ways of waiting for a value, and of collecting results.
var (
	receiverKind  = catalog.Kind[receiver]{Name: "receiver"}
	collectorKind = catalog.Kind[collector]{Name: "collector"}
)

// Concept is the goroutine-lifetimes slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:     "goroutine lifetimes",
		Features: []string{"goroutine_lifetimes.feature"},
		Entries: []catalog.Entry{
			catalog.Reference(receiverKind, "select on the context", func() receiver { return lifetime.ReceiveOrCancel[int] }),
			catalog.Broken(receiverKind, "receive for ever", func() receiver {
				return func(_ context.Context, ch <-chan int) (int, error) { return lifetime.ReceiveForever(ch), nil }
			}),
			catalog.Reference(collectorKind, "Collect", func() collector { return lifetime.Collect[int] }),
			catalog.Broken(collectorKind, "CollectWithoutWait", func() collector { return lifetime.CollectWithoutWait[int] }),
		},
		Mutants: []catalog.Mutant{
			catalog.Swap("a lost result", []string{"R21"}, collectorKind, "Collect", "CollectWithoutWait"),
			catalog.Swap("a receiver that cannot be stopped", []string{"R12"}, receiverKind, "select on the context", "receive for ever"),
		},
		Detectors: []harness.Detector{errorHeard, receiverReturns, allResultsArrive, shared.BoundedWait},
		Steps:     register,
	}
}
