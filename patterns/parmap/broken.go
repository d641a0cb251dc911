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

// MapGoroutinePerItem is a NEGATIVE CONTROL: it ignores its worker count and starts a goroutine
// for every element, so a map of a million elements runs a million calls at once.
func MapGoroutinePerItem[T, U any](in []T, _ int, f func(T) U) []U {
	out := make([]U, len(in))
	var wg sync.WaitGroup
	for i := range in {
		wg.Go(func() { out[i] = f(in[i]) })
	}
	wg.Wait()
	return out
}

// MapOneAtATime is a NEGATIVE CONTROL: it ignores its worker count and calls f on one element
// at a time, in a goroutine of its own, so it keeps input order and gains nothing from the cores.
func MapOneAtATime[T, U any](in []T, _ int, f func(T) U) []U {
	out := make([]U, len(in))
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range in {
			out[i] = f(in[i])
		}
	})
	wg.Wait()
	return out
}
