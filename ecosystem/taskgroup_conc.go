package ecosystem

import (
	"context"

	"github.com/concspec/concspec"
	"github.com/sourcegraph/conc/pool"
)

// conc's pool (github.com/sourcegraph/conc/pool), as documented on its types:
//   - ErrorPool: "Errors are collected and returned by Wait()" (joined), or "only the first
//     error" WithFirstError; it has no context, so its tasks get the parent's own.
//   - ContextPool: WithCancelOnError "cancel[s] its context as soon as any task returns an error
//     or panics" — with context.WithCancel, so without a cause; Wait cancels the context when
//     the pool is done ("defer p.cancel()" in Wait, "to avoid memory leakage").
//   - every pool: WithMaxGoroutines limits the goroutines, and Go "will block until the task can
//     be started"; there is no TryGo; Wait "propagat[es] any panics", that is panics again
//     instead of returning an error, so none recovers panics in the contract's sense.
func init() {
	register(
		taskGroup("conc.ErrorPool", (*pool.ErrorPool)(nil), startErrorPool(false), concspec.Bounded),
		taskGroup("conc.ErrorPool+FirstError", (*pool.ErrorPool)(nil), startErrorPool(true),
			concspec.FirstErrorOnly, concspec.Bounded),
		taskGroup("conc.ContextPool", (*pool.ContextPool)(nil), startContextPool(false, false),
			concspec.CancelsOnWait, concspec.Bounded),
		taskGroup("conc.ContextPool+CancelOnError", (*pool.ContextPool)(nil), startContextPool(true, false),
			concspec.CancelsOnError, concspec.CancelsOnWait, concspec.Bounded),
		taskGroup("conc.ContextPool+CancelOnError+FirstError", (*pool.ContextPool)(nil), startContextPool(true, true),
			concspec.CancelsOnError, concspec.CancelsOnWait, concspec.FirstErrorOnly, concspec.Bounded),
	)
}

// errorPool hands every task the parent's context: the pool has none of its own.
type errorPool struct {
	p   *pool.ErrorPool
	ctx context.Context
}

func (e errorPool) Go(task func(ctx context.Context) error) {
	e.p.Go(func() error { return task(e.ctx) })
}

func (e errorPool) Wait() error { return e.p.Wait() }

func startErrorPool(firstError bool) func(context.Context, int) concspec.Group {
	return func(parent context.Context, limit int) concspec.Group {
		p := pool.New().WithErrors()
		if firstError {
			p = p.WithFirstError()
		}
		if limit > 0 {
			p = p.WithMaxGoroutines(limit)
		}
		return errorPool{p: p, ctx: parent}
	}
}

func startContextPool(cancelOnError, firstError bool) func(context.Context, int) concspec.Group {
	return func(parent context.Context, limit int) concspec.Group {
		p := pool.New().WithContext(parent)
		if cancelOnError {
			p = p.WithCancelOnError()
		}
		if firstError {
			p = p.WithFirstError()
		}
		if limit > 0 {
			p = p.WithMaxGoroutines(limit)
		}
		return p
	}
}
