package ecosystem

import (
	"github.com/concspec/concspec"
	"golang.org/x/sync/semaphore"
)

// semaphore.Weighted "provides a way to bound concurrent access to a resource. The callers can
// request access with a given non-negative weight": weighted. Acquire blocks "until resources
// are available or ctx is done. On success, returns nil. On failure, returns ctx.Err() and leaves
// the semaphore unchanged"; TryAcquire acquires "without blocking". It fits the contract as it
// is: the contract was shaped after it.
//
// fifo is in its code, not its doc comments: Acquire takes free units only when
// `s.waiters.Len() == 0` and otherwise queues at the back (`s.waiters.PushBack(w)`), and
// notifyWaiters serves the front waiter only, stopping at the first that does not fit: "If we
// allow the readers to jump ahead in the queue, the writer will starve".
func init() {
	register(weightedSemaphore("semaphore.Weighted", (*semaphore.Weighted)(nil),
		func(weight int64) concspec.Semaphore { return semaphore.NewWeighted(weight) },
		concspec.Weighted, concspec.FIFO))
}
