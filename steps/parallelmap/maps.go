package parallelmap

import (
	"context"

	"github.com/sourcegraph/conc/iter"
	"github.com/sourcegraph/conc/stream"
	"golang.org/x/sync/errgroup"
)

// The catalogue's maps from other libraries, each a thin adapter that maps names and adds no
// WaitGroup, recover or cancellation of its own. conc's iter and stream have no context: the
// calls get the caller's own.

// concIterMap is conc's iter.Mapper.Map with MaxGoroutines as the limit. Its function returns
// no error: the adapter drops f's, so the map declares no error capability and no row hands it
// a failure it claims to report.
func concIterMap(ctx context.Context, in []int, limit int, f func(context.Context, int) (int, error)) ([]int, error) {
	return iter.Mapper[int, int]{MaxGoroutines: limit}.Map(in, func(item *int) int {
		r, _ := f(ctx, *item)
		return r
	}), nil
}

// concIterMapErr is conc's iter.Mapper.MapErr with MaxGoroutines as the limit.
func concIterMapErr(ctx context.Context, in []int, limit int, f func(context.Context, int) (int, error)) ([]int, error) {
	return iter.Mapper[int, int]{MaxGoroutines: limit}.MapErr(in, func(item *int) (int, error) { return f(ctx, *item) })
}

// concStreamMap is conc's stream.Stream with WithMaxGoroutines as the limit: each task returns
// the callback that appends its result, and the stream runs the callbacks in the order the
// tasks were submitted. Its tasks return no error: the adapter drops f's.
func concStreamMap(ctx context.Context, in []int, limit int, f func(context.Context, int) (int, error)) ([]int, error) {
	s := stream.New().WithMaxGoroutines(limit)
	out := make([]int, 0, len(in))
	for _, item := range in {
		s.Go(func() stream.Callback {
			r, _ := f(ctx, item)
			return func() { out = append(out, r) }
		})
	}
	s.Wait()
	return out, nil
}

// errgroupMap is the map most Go code writes by hand: errgroup.WithContext with SetLimit, each
// task writing the result of its own index.
func errgroupMap(ctx context.Context, in []int, limit int, f func(context.Context, int) (int, error)) ([]int, error) {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(limit)
	out := make([]int, len(in))
	for i, item := range in {
		g.Go(func() (err error) {
			out[i], err = f(ctx, item)
			return err
		})
	}
	return out, g.Wait()
}
