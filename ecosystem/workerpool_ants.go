package ecosystem

import (
	"context"
	"fmt"

	"github.com/concspec/concspec"
	"github.com/panjf2000/ants/v2"
)

// ants.Pool (github.com/panjf2000/ants/v2), "a goroutine pool that limits and recycles a mass of
// goroutines": NewPool(size) runs at most size tasks at once; Submit is the contract's Submit.
//   - survives-panics: Options.PanicHandler "is used to handle panics from each worker
//     goroutine. If nil, the default behavior is to capture the value given to panic and resume
//     normal execution and print that value along with the stack trace of the goroutine".
//   - pushes-back: by default Submit blocks once the pool is full — "you will get blocked with
//     the last Pool.Submit() call once the current Pool runs out of its capacity" — and
//     WithNonblocking(true) makes it refuse instead: "Pool.Submit will never be blocked.
//     ErrPoolOverload will be returned when Pool.Submit cannot be done at once."
//
// StopAndWait is ReleaseContext(context.Background()): "like Release but with a context, it
// waits all workers to exit before the context is done". Release alone "closes this pool" and
// does not wait; ReleaseTimeout(d) is ReleaseContext with a deadline of d, and the contract
// has no deadline to give, so the adapter passes a context that never ends: StopAndWait waits
// as long as the tasks run (the scenario's own bound catches a wait that never ends).
func init() {
	register(
		workerPool("ants.Pool", (*ants.Pool)(nil), startAnts(),
			concspec.SurvivesPanics, concspec.PushesBack),
		workerPool("ants.Pool+Nonblocking", (*ants.Pool)(nil), startAnts(ants.WithNonblocking(true)),
			concspec.SurvivesPanics, concspec.PushesBack),
	)
}

type antsPool struct{ p *ants.Pool }

func startAnts(options ...ants.Option) func(limit int) concspec.Pool {
	return func(limit int) concspec.Pool {
		p, err := ants.NewPool(limit, options...)
		if err != nil {
			panic(fmt.Sprintf("ants.NewPool(%d): %v", limit, err))
		}
		return antsPool{p}
	}
}

func (a antsPool) Submit(task func()) error { return a.p.Submit(task) }

// StopAndWait drops ReleaseContext's error: ErrPoolClosed for a pool already released, and
// never the context's, which never ends.
func (a antsPool) StopAndWait() { _ = a.p.ReleaseContext(context.Background()) }
