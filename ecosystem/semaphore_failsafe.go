package ecosystem

import (
	"context"
	"fmt"

	"github.com/concspec/concspec"
	"github.com/failsafe-go/failsafe-go/bulkhead"
)

// failsafe-go's bulkhead "restricts concurrent executions": a semaphore of single permits, used
// on its own through AcquirePermit ("waiting until one is available or the execution is
// canceled. Returns context.Canceled if the ctx is canceled"), TryAcquirePermit ("returning
// immediately without waiting") and ReleasePermit. bulkhead.New(maxConcurrency) is the weight.
//
// Not weighted: a permit is one unit, so the rows that acquire more than one at a time are
// skipped. Not fifo either: its waiters are goroutines blocked in a select sending on a
// buffered channel (`case b.semaphore <- struct{}{}`), served in whatever order the runtime
// picks, which the library does not promise; the fairness row needs weighted anyway.
func init() {
	register(weightedSemaphore("failsafe.Bulkhead", (*bulkhead.Bulkhead[any])(nil),
		func(weight int64) concspec.Semaphore { return bulkheadSemaphore{bulkhead.New[any](uint(weight))} }))
}

// bulkheadSemaphore names a bulkhead's permits as the contract's units of 1; it is never asked
// for more, not being weighted, and says so if it is.
type bulkheadSemaphore struct{ b bulkhead.Bulkhead[any] }

func (s bulkheadSemaphore) Acquire(ctx context.Context, n int64) error {
	unit(n)
	return s.b.AcquirePermit(ctx)
}

func (s bulkheadSemaphore) TryAcquire(n int64) bool {
	unit(n)
	return s.b.TryAcquirePermit()
}

func (s bulkheadSemaphore) Release(n int64) {
	unit(n)
	s.b.ReleasePermit()
}

// unit panics on a weight other than 1: the contract asks a semaphore that does not declare
// weighted for single units only, and a bulkhead has no other.
func unit(n int64) {
	if n != 1 {
		panic(fmt.Sprintf("failsafe.Bulkhead was asked for %d units; it is not weighted: a permit is one unit", n))
	}
}
