// Package parmap is the parallel map for CPU-bound work: the guide's ProcessPoolExecutor.map,
// rayon's par_iter().map().collect(), Parallel.ForEach filling an array.
//
// Contract of [Map]: it calls f once for every element of in, with workers calls running at once
// (never more; fewer only when fewer elements are left), and returns the results in input
// order — result i is f(in[i]) — whatever order the calls finish in. It returns once every call
// has returned. workers < 1 means one.
//
// The NEGATIVE CONTROLS in broken.go each break one clause: [MapInCompletionOrder] collects
// results as they finish, so a slow early element ends up late; [MapGoroutinePerItem] runs every
// call at once, whatever workers says; [MapOneAtATime] runs one call at a time.
package parmap

import "sync"

// Map applies f to every element of in with up to workers goroutines, keeping input order.
func Map[T, U any](in []T, workers int, f func(T) U) []U {
	out := make([]U, len(in))
	indexes := make(chan int)
	var wg sync.WaitGroup
	for range max(1, min(workers, len(in))) {
		wg.Go(func() {
			for i := range indexes {
				out[i] = f(in[i]) // each index is written by exactly one worker
			}
		})
	}
	for i := range in {
		indexes <- i
	}
	close(indexes)
	wg.Wait()
	return out
}
