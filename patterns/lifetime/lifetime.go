// Package lifetime is about who waits for a goroutine: every goroutine needs an owner that
// joins it, hears its error or result, and can stop it.
//
// Contract of the good patterns:
//   - [Collect] runs each task in its own goroutine and returns only when every task has
//     returned, with every result (in completion order). The results channel is buffered for
//     all of them and closed after the wait, so no sender blocks and no result is lost.
//   - [ReceiveOrCancel] waits for a value or for its context, whichever comes first, so the
//     goroutine that calls it can always be stopped.
//   - [WaitForWork] is a task that honours cancellation: it returns ctx's error as soon as ctx
//     is done.
//
// The NEGATIVE CONTROLS in broken.go are the bad patterns the guide warns against; the corpus
// runs them to show that it catches each one.
package lifetime

import (
	"context"
	"sync"
)

// Collect runs every task in its own goroutine and returns all their results.
func Collect[T any](tasks []func() T) []T {
	results := make(chan T, len(tasks))
	var wg sync.WaitGroup
	for _, task := range tasks {
		wg.Go(func() { results <- task() })
	}
	wg.Wait()
	close(results)
	out := make([]T, 0, len(tasks))
	for r := range results {
		out = append(out, r)
	}
	return out
}

// ReceiveOrCancel returns the next value from ch, or ctx's error if ctx is done first.
func ReceiveOrCancel[T any](ctx context.Context, ch <-chan T) (T, error) {
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// WaitForWork waits until work is closed or ctx is done, and returns ctx's error in the latter
// case.
func WaitForWork(ctx context.Context, work <-chan struct{}) error {
	select {
	case <-work:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
