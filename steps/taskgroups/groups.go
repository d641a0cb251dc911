package taskgroups

import (
	"context"

	"github.com/concspec/concspec/patterns/group"
	"github.com/sourcegraph/conc/pool"
	"golang.org/x/sync/errgroup"
)

// withLimit turns a constructor of a group with SetLimit into a Start that applies the limit.
func withLimit[G interface {
	Group
	SetLimit(int)
}](newGroup func(context.Context) G) func(context.Context, int) Group {
	return func(parent context.Context, limit int) Group { return limited(newGroup(parent), limit) }
}

// limited applies a limit above zero to g.
func limited[G interface{ SetLimit(int) }](g G, limit int) G {
	if limit > 0 {
		g.SetLimit(limit)
	}
	return g
}

// errgroupAdapter passes errgroup's derived context to each task.
type errgroupAdapter struct {
	g   *errgroup.Group
	ctx context.Context
}

func startErrgroup(parent context.Context, limit int) Group {
	g, ctx := errgroup.WithContext(parent)
	return errgroupAdapter{g: limited(g, limit), ctx: ctx}
}

func (a errgroupAdapter) Go(task func(ctx context.Context) error) {
	a.g.Go(func() error { return task(a.ctx) })
}

func (a errgroupAdapter) TryGo(task func(ctx context.Context) error) bool {
	return a.g.TryGo(func() error { return task(a.ctx) })
}

func (a errgroupAdapter) Wait() error { return a.g.Wait() }

// startConc is conc's context pool with cancel-on-error, and optionally first-error-only.
func startConc(parent context.Context, limit int, firstError bool) Group {
	p := pool.New().WithContext(parent).WithCancelOnError()
	if firstError {
		p = p.WithFirstError()
	}
	if limit > 0 {
		p = p.WithMaxGoroutines(limit)
	}
	return p
}

// startFireAndForget ignores the limit: a group that tracks nothing cannot bound anything.
func startFireAndForget(parent context.Context, _ int) Group {
	return group.FireAndForgetWithContext(parent)
}
