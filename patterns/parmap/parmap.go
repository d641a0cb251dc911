// Package parmap is the parallel map for CPU-bound work: the guide's ProcessPoolExecutor.map,
// rayon's par_iter().map().collect(), Parallel.ForEach filling an array.
//
// Contract of [Map]: it calls f once for every element of in, with workers calls running at once
// (never more; fewer only when fewer elements are left), and returns the results in input
// order — result i is f's result for in[i] — whatever order the calls finish in. It returns once
// every call has returned, on every path. workers < 1 means one. Every call receives a context
// derived from ctx; the first call to fail (return an error, or panic) cancels it, with that
// error as its cause, and Map returns that first error alone. A panic is recovered and becomes
// a [*group.PanicError] carrying the panic value and the call's stack: it never crashes the
// process. Once the context is done — a call failed, or ctx was cancelled — the elements not yet
// handed to a worker are skipped, and Map returns the first error, or ctx's cause. The workers
// are the tasks of the reference task group ([group.Group]).
//
// The NEGATIVE CONTROLS in broken.go each break one clause: [MapInCompletionOrder] collects
// results as they finish, so a slow early element ends up late; [MapGoroutinePerItem] runs every
// call at once, whatever workers says; [MapOneAtATime] runs one call at a time;
// [MapReturningAtFirstError] returns at the first error while the other calls run on;
// [MapWithoutCancel] lets the other calls run on after a failure, their context live;
// [MapSwallowingErrors] returns no error, whatever failed or panicked.
package parmap

import (
	"context"

	"github.com/concspec/concspec/patterns/group"
)

// Map applies f to every element of in with up to workers calls at once, keeping input order.
func Map[T, U any](ctx context.Context, in []T, workers int, f func(context.Context, T) (U, error)) ([]U, error) {
	return mapIn(group.WithContext(ctx), in, workers, f)
}

// taskGroup is what a map needs of a task group.
type taskGroup interface {
	Context() context.Context
	Go(task func(ctx context.Context) error)
	Wait() error
}

// mapIn maps in with up to workers tasks of g, each taking indexes until there are none left
// and writing the result of each.
func mapIn[T, U any](g taskGroup, in []T, workers int, f func(context.Context, T) (U, error)) ([]U, error) {
	out := make([]U, len(in))
	indexes := make(chan int)
	for range max(1, min(workers, len(in))) {
		g.Go(func(ctx context.Context) error {
			for i := range indexes {
				var err error
				if out[i], err = f(ctx, in[i]); err != nil { // each index is written by exactly one worker
					return err
				}
			}
			return nil
		})
	}
	var skipped error
	for i := range in {
		select {
		case indexes <- i:
			continue
		case <-g.Context().Done(): // a call failed, or ctx was cancelled: skip the rest
			skipped = context.Cause(g.Context())
		}
		break
	}
	close(indexes)
	if err := g.Wait(); err != nil {
		return out, err
	}
	return out, skipped
}
