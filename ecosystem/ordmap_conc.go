package ecosystem

import (
	"context"

	"github.com/concspec/concspec"
	"github.com/sourcegraph/conc/iter"
	"github.com/sourcegraph/conc/stream"
)

// conc's ordered maps (github.com/sourcegraph/conc), the limit as their goroutine limit. None
// has a context: f gets the caller's ctx as it is.
//   - iter.Mapper.MapErr "applies f to each element of the input, returning the mapped result
//     and a combined error of all returned errors" (map-returns-errors; joined, so not
//     map-first-error-only) and "uses up to the configured Mapper's maximum number of
//     goroutines".
//   - iter.Mapper.Map "applies f to each element of input, returning the mapped result": its
//     function returns no error, so the adapter drops f's and declares no error capability.
//   - stream.Stream: "Each task will be executed concurrently in the stream's associated Pool,
//     and the callbacks will be executed sequentially in the order the tasks were submitted";
//     each task's callback appends its result. No error either.
//
// map-repanics, all three: iter's Map and MapErr run their workers on a conc.WaitGroup
// (Iterator.ForEachIdx: `wg.Go(task)` … `wg.Wait()`), whose Wait "will block until all
// goroutines spawned with Go exit and will propagate any panics spawned in a child goroutine";
// and a stream
// "In the case of panic during execution of a task or a callback, all other tasks and callbacks
// will still execute. The panic will be propagated to the caller when Wait() is called."
//
// The corpus has the same three in its catalogue (conc-iter-err, conc-iter, conc-stream) on
// its in-corpus rows; these are they on the contract rows.
func init() {
	register(
		orderedMap("iter.Mapper.MapErr", iter.Mapper[int, int]{}, mapErr, concspec.MapReturnsErrors, concspec.MapRepanics),
		orderedMap("iter.Mapper.Map", iter.Mapper[int, int]{}, mapNoErr, concspec.MapRepanics),
		orderedMap("stream.Stream", (*stream.Stream)(nil), streamMap, concspec.MapRepanics),
	)
}

func mapErr(ctx context.Context, in []int, limit int, f func(context.Context, int) (int, error)) ([]int, error) {
	return iter.Mapper[int, int]{MaxGoroutines: limit}.MapErr(in, func(item *int) (int, error) { return f(ctx, *item) })
}

func mapNoErr(ctx context.Context, in []int, limit int, f func(context.Context, int) (int, error)) ([]int, error) {
	return iter.Mapper[int, int]{MaxGoroutines: limit}.Map(in, func(item *int) int {
		r, _ := f(ctx, *item) // Map's function returns no error
		return r
	}), nil
}

func streamMap(ctx context.Context, in []int, limit int, f func(context.Context, int) (int, error)) ([]int, error) {
	s := stream.New().WithMaxGoroutines(limit)
	out := make([]int, 0, len(in))
	for _, item := range in {
		s.Go(func() stream.Callback {
			r, _ := f(ctx, item) // a stream's task returns no error
			return func() { out = append(out, r) }
		})
	}
	s.Wait()
	return out, nil
}
