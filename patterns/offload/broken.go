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
