package concspec_test

import (
	"context"
	"fmt"

	"github.com/concspec/concspec"
	"github.com/sourcegraph/conc/iter"
)

// ExampleOrderedMap plugs conc's iter.Mapper.MapErr in as an ordered parallel map and lists
// the contract rows it would be held to: it joins every error, cancels nothing (it has no
// context of its own) and raises a panic again in its caller, so the rows that need the
// other capabilities are skipped, with the reason.
func ExampleOrderedMap() {
	ours := concspec.OrderedMap("ourmap", func(ctx context.Context, in []int, limit int, f func(context.Context, int) (int, error)) ([]int, error) {
		return iter.Mapper[int, int]{MaxGoroutines: limit}.MapErr(in, func(item *int) (int, error) { return f(ctx, *item) })
	}, concspec.MapReturnsErrors, concspec.MapRepanics)

	plan, err := concspec.Plan(concspec.Options{
		Corpus:          []string{"parallel_map.feature"},
		Implementations: []concspec.Implementation{ours},
	})
	if err != nil {
		panic(err)
	}
	for _, p := range plan {
		verdict := "runs"
		if p.Skip != "" {
			verdict = "skipped: " + p.Skip
		}
		fmt.Printf("%s — %s\n", p.Scenario, verdict)
	}
	// Unordered output:
	// ourmap: keeps input order when items finish in reverse — runs
	// ourmap: runs as many items at once as it has workers — runs
	// ourmap: when one item fails, the map returns an error that is "boom" — runs
	// ourmap: when one item fails, the 3 other items observe cancellation — skipped: ourmap does not declare map-cancels-on-error, which this scenario needs
	// ourmap: when three items fail in turn, the map returns only "first" — skipped: ourmap does not declare map-first-error-only, which this scenario needs
	// ourmap: when an item panics, the map returns the panic "kaboom" as an error — skipped: ourmap does not declare map-panic-as-error, which this scenario needs
	// ourmap: when an item panics, the panic "kaboom" reaches the map's caller — runs
}
