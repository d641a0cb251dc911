package ecosystem

import (
	"context"

	"github.com/samber/lo/parallel"
)

// lo's parallel Map (github.com/samber/lo/parallel): "Map manipulates a slice and transforms it
// to a slice of another type. `transform` is called in parallel. Result keep the same order."
// It takes no limit — a goroutine per item (`for i, item := range collection { go func(…) … }`)
// — so the adapter has none to pass it; its transform returns no error, so the adapter drops
// f's; it recovers nothing, so no panic capability; and it has no context, so f gets the
// caller's.
func init() {
	register(orderedMap("lo-parallel.Map", parallel.Map[int, int], loMap))
}

func loMap(ctx context.Context, in []int, _ int, f func(context.Context, int) (int, error)) ([]int, error) {
	return parallel.Map(in, func(item int, _ int) int {
		r, _ := f(ctx, item) // its transform returns no error
		return r
	}), nil
}
