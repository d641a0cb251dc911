package parmap

import "sync"

// MapInCompletionOrder is a NEGATIVE CONTROL: a parallel map that appends each result when it
// arrives, so the results come back in completion order, not input order.
func MapInCompletionOrder[T, U any](in []T, workers int, f func(T) U) []U {
	results := make(chan U, len(in))
	indexes := make(chan int)
	var wg sync.WaitGroup
	for range max(1, min(workers, len(in))) {
		wg.Go(func() {
			for i := range indexes {
				results <- f(in[i])
			}
		})
	}
	for i := range in {
		indexes <- i
	}
	close(indexes)
	wg.Wait()
	close(results)
	out := make([]U, 0, len(in))
	for r := range results {
		out = append(out, r)
	}
	return out
}
