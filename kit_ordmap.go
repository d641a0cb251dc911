package concspec

import (
	"context"

	"github.com/concspec/concspec/steps/parallelmap"
)

// MapFunc is the ordered-parallel-map contract: map in with at most limit calls of f running at
// once, and return f's result for in[i] at position i, whatever order the calls finish in;
// return only once every call of f has returned. The corpus always passes a limit of at least 1.
// A map whose function cannot fail (conc's iter.Map, stream) drops f's error in its adapter and
// declares no error capability; one without a context passes ctx to f as it is.
type MapFunc = func(ctx context.Context, in []int, limit int, f func(ctx context.Context, item int) (int, error)) ([]int, error)

// Capabilities an ordered parallel map can declare beyond the minimal contract (input order
// under the worst completion order, exactly limit calls at once, nothing left running). A map
// that declares neither MapPanicAsError nor MapRepanics is taken to let a panic crash the
// process: the panic rows are skipped for it.
const (
	// MapReturnsErrors: an item's error reaches the caller, errors.Is it.
	MapReturnsErrors = parallelmap.ReturnsErrors
	// MapCancelsOnError: the first error cancels the context every other call holds.
	MapCancelsOnError = parallelmap.CancelsOnError
	// MapFirstErrorOnly: the map returns the first error alone.
	MapFirstErrorOnly = parallelmap.FirstErrorOnly
	// MapPanicAsError: an item's panic is recovered and returned as the map's error.
	MapPanicAsError = parallelmap.PanicAsError
	// MapRepanics: an item's panic is raised again in the map's caller, once every call ended.
	MapRepanics = parallelmap.RepanicsInCaller
)

// OrderedMap declares an ordered parallel map, held to the contract rows of
// parallel_map.feature under its own name. An adapter maps names only, for example conc's
//
//	concspec.OrderedMap("ourmap", func(ctx context.Context, in []int, limit int, f func(context.Context, int) (int, error)) ([]int, error) {
//		return iter.Mapper[int, int]{MaxGoroutines: limit}.MapErr(in, func(item *int) (int, error) { return f(ctx, *item) })
//	}, concspec.MapReturnsErrors, concspec.MapRepanics)
func OrderedMap(name string, mapFn MapFunc, capabilities ...string) Implementation {
	return Implementation{name: name, column: "map", capabilities: capabilities, entry: parallelmap.Entry(name, mapFn)}
}
