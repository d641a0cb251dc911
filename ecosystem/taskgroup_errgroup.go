package ecosystem

import (
	"context"

	"github.com/concspec/concspec"
	"golang.org/x/sync/errgroup"
)

// errgroup.WithContext: "The derived Context is canceled the first time a function passed to Go
// returns a non-nil error or the first time Wait returns, whichever occurs first" (with the
// error as its cause: context.WithCancelCause); Wait "returns the first non-nil error"; SetLimit
// bounds the active goroutines and TryGo refuses above the limit. A panic in f is not
// recovered: the source says why it is not propagated to Wait.
//
// The zero errgroup.Group "is valid, has no limit on the number of active goroutines, and does
// not cancel on error": it has no context, so its tasks get the parent's own.
func init() {
	register(
		taskGroup("errgroup.WithContext", (*errgroup.Group)(nil), startErrgroup,
			concspec.CancelsOnError, concspec.ReportsCause, concspec.CancelsOnWait, concspec.FirstErrorOnly, concspec.Bounded, concspec.TryGo),
		taskGroup("errgroup.Group", (*errgroup.Group)(nil), startZeroErrgroup,
			concspec.FirstErrorOnly, concspec.Bounded, concspec.TryGo),
	)
}

// errgroupAdapter hands every task the context errgroup.WithContext derived, or the parent's.
type errgroupAdapter struct {
	g   *errgroup.Group
	ctx context.Context
}

func startErrgroup(parent context.Context, limit int) concspec.Group {
	g, ctx := errgroup.WithContext(parent)
	if limit > 0 {
		g.SetLimit(limit)
	}
	return errgroupAdapter{g: g, ctx: ctx}
}

func startZeroErrgroup(parent context.Context, limit int) concspec.Group {
	g := new(errgroup.Group)
	if limit > 0 {
		g.SetLimit(limit)
	}
	return errgroupAdapter{g: g, ctx: parent}
}

func (a errgroupAdapter) Go(task func(ctx context.Context) error) {
	a.g.Go(func() error { return task(a.ctx) })
}

func (a errgroupAdapter) TryGo(task func(ctx context.Context) error) bool {
	return a.g.TryGo(func() error { return task(a.ctx) })
}

func (a errgroupAdapter) Wait() error { return a.g.Wait() }
