// Package parallelmap is the slice for parallel_map.feature (R16, with P06 and P07, and the
// failure rows of R11, R13 and R14): a parallel map returns results in input order, whatever
// order the items finish in; it runs as many items at once as its limit; what a failing or
// panicking item does to the map and to the other items, and that the map returns only once
// every call has; and mapping CPU-bound items over the cores is faster than one after another,
// given the processors the map holds (measured in the program built without the race detector,
// control.go); and at GOMAXPROCS 1 and 2, the map's wall-time speed-up as a figure and the
// processors its threads want as the verdict (gomaxprocs.go). It holds the scenario state and steps, the parallel maps of the catalogue (the
// reference, conc's iter and stream, errgroup with an index; maps.go) with their broken twins,
// the mutants, the detectors, and the capabilities a team's map can declare ([Entry]); the
// parallel-speedup check (speedup.go) is also the when-it-pays slice's.
package parallelmap

import (
	"context"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/parmap"
)

// Func is the ordered-parallel-map contract: map in with at most limit calls of f running at
// once, and return f's result for in[i] at position i. limit is at least 1.
type Func func(ctx context.Context, in []int, limit int, f func(ctx context.Context, item int) (int, error)) ([]int, error)

// kind is the catalogue's table of parallel maps.
var kind = catalog.Kind[Func]{Name: "parallel map"}

// Capabilities a contract scenario can need (its @needs: tags), beyond the minimal contract:
// input order, the limit, and nothing left running.
const (
	ReturnsErrors    = "map-returns-errors"
	CancelsOnError   = "map-cancels-on-error"
	FirstErrorOnly   = "map-first-error-only"
	PanicAsError     = "map-panic-as-error"
	RepanicsInCaller = "map-repanics"
)

// The detectors of the slice; ParallelSpeedup is in speedup.go, mapParallelism in gomaxprocs.go.
const (
	// inputOrder is the check that result i is item i's.
	inputOrder harness.Detector = "input order"
	// workerLimit is the check that a map runs exactly as many items at once as it has workers.
	workerLimit harness.Detector = "worker limit"
	// mapJoin is the check that the map returned, or let a panic through, only once every call
	// of f it started had returned.
	mapJoin harness.Detector = "map join"
	// mapError is the check on the error the map returns when an item fails.
	mapError harness.Detector = "map's error"
	// mapCancel is the check that a failure cancels the context the other calls hold.
	mapCancel harness.Detector = "map sibling cancellation"
	// mapPanic is the check on what a panicking item does: the row's outcome, the map's error
	// or a panic raised again in the map's caller.
	mapPanic harness.Detector = "map panic"
)

// Entry declares a parallel map written outside concspec, held to the ordered-map contract.
func Entry(name string, m Func) catalog.Entry {
	return catalog.Reference(kind, name, func() Func { return m })
}

// Concept is the parallel-map slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:     "parallel maps",
		Features: []string{"parallel_map.feature"},
		Entries: []catalog.Entry{
			catalog.Reference(kind, "ordered", func() Func { return parmap.Map[int, int] }),
			catalog.Reference(kind, "conc-iter", func() Func { return concIterMap }),
			catalog.Reference(kind, "conc-iter-err", func() Func { return concIterMapErr }),
			catalog.Reference(kind, "conc-stream", func() Func { return concStreamMap }),
			catalog.Reference(kind, "errgroup-index", func() Func { return errgroupMap }),
			catalog.Broken(kind, "completion-order", func() Func { return parmap.MapInCompletionOrder[int, int] }),
			catalog.Broken(kind, "goroutine per item", func() Func { return parmap.MapGoroutinePerItem[int, int] }),
			catalog.Broken(kind, "one at a time", func() Func { return parmap.MapOneAtATime[int, int] }),
			catalog.Broken(kind, "returns-at-first-error", func() Func { return parmap.MapReturningAtFirstError[int, int] }),
			catalog.Broken(kind, "no-cancel", func() Func { return parmap.MapWithoutCancel[int, int] }),
			catalog.Broken(kind, "swallows-errors", func() Func { return parmap.MapSwallowingErrors[int, int] }),
		},
		Mutants: []catalog.Mutant{
			catalog.Swap("a broken order in the ordered map", []string{"R16"}, kind, "ordered", "completion-order"),
			catalog.Swap("a parallel map that ignores its worker count", []string{"R16"}, kind, "ordered", "goroutine per item"),
			catalog.Swap("a parallel map that runs one item at a time", []string{"R16"}, kind, "ordered", "one at a time"),
			catalog.Swap("a parallel map that returns at the first error", []string{"R16"}, kind, "ordered", "returns-at-first-error"),
			catalog.Swap("a parallel map whose failure cancels nothing", []string{"R16"}, kind, "ordered", "no-cancel"),
			catalog.Swap("a parallel map that swallows errors and panics", []string{"R16"}, kind, "ordered", "swallows-errors"),
		},
		Controls:  map[string]concept.Control{controlName: control, gomaxprocsControl: mapAtGOMAXPROCS},
		Detectors: []harness.Detector{inputOrder, workerLimit, mapJoin, mapError, mapCancel, mapPanic, ParallelSpeedup, mapParallelism},
		Capabilities: map[string]string{
			ReturnsErrors:    "an item's error reaches the caller: the map returns an error that is errors.Is it",
			CancelsOnError:   "the first error cancels the context every other call of the map holds, while they run",
			FirstErrorOnly:   "the map returns the first error alone, not every error joined",
			PanicAsError:     "an item's panic is recovered and the map returns it as an error, once every call has returned",
			RepanicsInCaller: "an item's panic is raised again in the goroutine that called the map, once every call has returned",
		},
		Steps: register,
	}
}
