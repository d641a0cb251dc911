// Package pipeline is the pattern for inherently sequential work: a chain of stages, each in
// its own goroutine, joined by bounded channels (Go's answer to the guide's "use a
// pipeline/stream, not parallel loops").
//
// Contract of [Run]:
//   - Order: items leave in the order they entered, each once (each stage is one goroutine
//     reading one channel in order).
//   - Backpressure: the channel after the source and the one after each stage each have a
//     buffer of exactly buffer items, so a slow consumer holds everything upstream back. Once it
//     pauses and the pipeline settles, every channel is full and the source and each stage hold
//     the one item they are blocked sending: (stages+1)×buffer + stages + 1 items, never more.
//   - Fail together: the first error of any stage, or the cancellation of ctx, cancels every
//     stage; wait returns that first error once every goroutine has returned.
//   - Cancellation first: once ctx is done, no stage forwards another item, even where there is
//     room to send it ([Send] looks at ctx before it sends).
//   - No leaks: a consumer that stops reading cancels ctx, and every stage, blocked on a send
//     or a receive, returns.
//
// The NEGATIVE CONTROLS in broken.go are a stage that ignores cancellation, one that looks at it
// only when its send would block, one that queues without bound, one that sends its items from
// a stack, and one that skips the items it fails on.
package pipeline

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// Source sends items on out until it has no more or ctx is done.
type Source func(ctx context.Context, out chan<- int) error

// Stage reads items from in and sends results on out until in is closed or ctx is done.
type Stage func(ctx context.Context, in <-chan int, out chan<- int) error

// Run starts source and stages, each in its own goroutine, joined by channels with the given
// buffer. It returns the last stage's output, closed when the pipeline ends, and a wait
// function that returns the first error once every goroutine has returned.
func Run(ctx context.Context, buffer int, source Source, stages ...Stage) (<-chan int, func() error) {
	g, ctx := errgroup.WithContext(ctx)
	first := make(chan int, buffer)
	g.Go(func() error {
		defer close(first)
		return source(ctx, first)
	})
	ch := first
	for _, stage := range stages {
		in, out := ch, make(chan int, buffer)
		g.Go(func() error {
			defer close(out)
			return stage(ctx, in, out)
		})
		ch = out
	}
	return ch, g.Wait
}

// Items is a source that sends the given items in order.
func Items(items []int) Source {
	return func(ctx context.Context, out chan<- int) error {
		for _, v := range items {
			if err := Send(ctx, out, v); err != nil {
				return err
			}
		}
		return nil
	}
}

// Map is a stage that applies f to every item; an error from f stops the pipeline.
func Map(f func(int) (int, error)) Stage {
	return func(ctx context.Context, in <-chan int, out chan<- int) error {
		for v := range in {
			r, err := f(v)
			if err != nil {
				return err
			}
			if err := Send(ctx, out, r); err != nil {
				return err
			}
		}
		return ctx.Err()
	}
}

// Send sends v on out unless ctx is done first. It looks at ctx before it sends: a select on
// both would pick either at random when out has room and ctx is done, and forward an item the
// consumer has given up on.
func Send(ctx context.Context, out chan<- int, v int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case out <- v:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
