package offload

import "context"

// InCaller is a NEGATIVE CONTROL: it looks like a pool but runs the work in the goroutine that
// calls Do, so offloading through it offloads nothing.
type InCaller struct{}

// Do runs f at once, in the caller's goroutine.
func (InCaller) Do(_ context.Context, f func()) error {
	f()
	return nil
}

// Close does nothing.
func (InCaller) Close() {}

// NewOversizedPool is a NEGATIVE CONTROL: asked for workers goroutines, it starts one more, so one
// more heavy job than the pool allows competes with everything else for the processors.
func NewOversizedPool(workers int) *Pool {
	return NewPool(max(1, workers) + 1)
}

// ReturnsEarly is a NEGATIVE CONTROL: its Do returns as soon as a worker has taken f, before f
// has run, so the caller goes on as if the work were done.
type ReturnsEarly struct{ *Pool }

// Do hands f to a worker and returns.
func (p ReturnsEarly) Do(ctx context.Context, f func()) error {
	select {
	case p.jobs <- f:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// IgnoresContext is a NEGATIVE CONTROL: its Do waits for a worker whatever becomes of ctx, so a
// request that has given up keeps its handler waiting in the queue.
type IgnoresContext struct{ *Pool }

// Do waits for a worker, then for f.
func (p IgnoresContext) Do(_ context.Context, f func()) error {
	done := make(chan struct{})
	p.jobs <- func() { defer close(done); f() }
	<-done
	return nil
}
