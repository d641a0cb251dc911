package parmap

import (
	"context"
	"sync"

	"github.com/concspec/concspec/patterns/group"
)

// MapInCompletionOrder is a NEGATIVE CONTROL: a parallel map that appends each result when it
// arrives, so the results come back in completion order, not input order.
func MapInCompletionOrder[T, U any](ctx context.Context, in []T, workers int, f func(context.Context, T) (U, error)) ([]U, error) {
	var mu sync.Mutex
	out := make([]U, 0, len(in))
	_, err := Map(ctx, in, workers, func(ctx context.Context, item T) (U, error) {
		r, err := f(ctx, item)
		mu.Lock()
		out = append(out, r)
		mu.Unlock()
		return r, err
	})
	return out, err
}

// MapGoroutinePerItem is a NEGATIVE CONTROL: it ignores its worker count and starts a goroutine
// for every element, so a map of a million elements runs a million calls at once.
func MapGoroutinePerItem[T, U any](ctx context.Context, in []T, _ int, f func(context.Context, T) (U, error)) ([]U, error) {
	return mapIn(group.WithContext(ctx), in, len(in), f)
}

// MapOneAtATime is a NEGATIVE CONTROL: it ignores its worker count and calls f on one element
// at a time, so it keeps input order and gains nothing from the cores.
func MapOneAtATime[T, U any](ctx context.Context, in []T, _ int, f func(context.Context, T) (U, error)) ([]U, error) {
	return mapIn(group.WithContext(ctx), in, 1, f)
}

// MapReturningAtFirstError is a NEGATIVE CONTROL: [Map] over a group whose Wait returns the
// first error the moment a call fails, while the other calls run on, outside the map's
// lifetime. When nothing fails it waits as it should.
func MapReturningAtFirstError[T, U any](ctx context.Context, in []T, workers int, f func(context.Context, T) (U, error)) ([]U, error) {
	return mapIn(group.FirstErrorWithContext(ctx), in, workers, f)
}

// MapWithoutCancel is a NEGATIVE CONTROL: [Map] over a group that keeps the first error for the
// caller but cancels nothing, so the other calls run on as if nothing had failed.
func MapWithoutCancel[T, U any](ctx context.Context, in []T, workers int, f func(context.Context, T) (U, error)) ([]U, error) {
	return mapIn(group.NoCancelWithContext(ctx), in, workers, f)
}

// MapSwallowingErrors is a NEGATIVE CONTROL: [Map] over a group whose Wait waits for every call,
// as it should, and then returns nil: a failure or a recovered panic reaches nobody.
func MapSwallowingErrors[T, U any](ctx context.Context, in []T, workers int, f func(context.Context, T) (U, error)) ([]U, error) {
	return mapIn(group.SwallowingWithContext(ctx), in, workers, f)
}
