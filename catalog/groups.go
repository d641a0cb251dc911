package catalog

import (
	"context"

	"github.com/concspec/concspec/patterns/gather"
	"github.com/concspec/concspec/patterns/group"
	"github.com/sourcegraph/conc/pool"
	"golang.org/x/sync/errgroup"
)

// Group is the task-group contract the structured-concurrency features check: start tasks that
// take a context and return an error, then wait for all of them.
type Group interface {
	Go(task func(ctx context.Context) error)
	Wait() error
}

// TryGoer is a Group that can refuse a task when it is at its limit.
type TryGoer interface {
	TryGo(task func(ctx context.Context) error) bool
}

// PanicHandling says what a group does with a panic in one of its tasks.
type PanicHandling string

const (
	// PanicBecomesError: the panic is recovered and Wait returns it as an error.
	PanicBecomesError PanicHandling = "becomes an error"
	// PanicRepanicsInWait: the panic is recovered in the task and raised again by Wait.
	PanicRepanicsInWait PanicHandling = "re-panics in Wait"
	// PanicCrashes: nothing recovers it and the process dies; only a child process can show it.
	PanicCrashes PanicHandling = "crashes the process"
)

// GroupImpl is one task-group implementation.
type GroupImpl struct {
	// Start returns a group whose tasks receive a context derived from parent; a limit above
	// zero bounds the tasks running at once.
	Start func(parent context.Context, limit int) Group
	// Panics says what the group does with a task's panic, so that the corpus runs a crashing
	// group's panic only in a child process.
	Panics PanicHandling
	// NegativeControl marks a known-broken variant.
	NegativeControl bool
}

// Groups are the task groups, by name.
var Groups = map[string]GroupImpl{
	"reference": {Start: withLimit(group.WithContext), Panics: PanicBecomesError},
	"errgroup":  {Start: startErrgroup, Panics: PanicCrashes},
	"conc": {Start: func(parent context.Context, limit int) Group {
		return startConc(parent, limit, false)
	}, Panics: PanicRepanicsInWait},
	"conc-first-error": {Start: func(parent context.Context, limit int) Group {
		return startConc(parent, limit, true)
	}, Panics: PanicRepanicsInWait},
	"gather":           {Start: withLimit(gather.New), Panics: PanicCrashes},
	"returns-early":    {Start: withLimit(group.EarlyWithContext), Panics: PanicBecomesError, NegativeControl: true},
	"exceeds-limit":    {Start: withLimit(group.ExceedingWithContext), Panics: PanicBecomesError, NegativeControl: true},
	"no-cancel":        {Start: withLimit(group.NoCancelWithContext), Panics: PanicBecomesError, NegativeControl: true},
	"swallows-errors":  {Start: withLimit(group.SwallowingWithContext), Panics: PanicBecomesError, NegativeControl: true},
	"leaks-goroutine":  {Start: withLimit(group.LeakingWithContext), Panics: PanicBecomesError, NegativeControl: true},
	"fire-and-forget":  {Start: startFireAndForget, Panics: PanicBecomesError, NegativeControl: true},
	"crashes-on-panic": {Start: withLimit(group.CrashingWithContext), Panics: PanicCrashes, NegativeControl: true},
}

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
