package thirdparty

import (
	"context"
	"sync"
)

// TaskGroup runs tasks that share a context: the first task to fail cancels the others, with
// its error as the cause, and Wait returns that error alone once every task has returned. A
// limit above zero bounds how many run at once; TryGo refuses a task when the group is full.
// A panic in a task is not recovered.
type TaskGroup struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	wg     sync.WaitGroup
	slots  chan struct{}
	once   sync.Once
	err    error
}

// NewTaskGroup returns a group whose tasks get a context derived from parent.
func NewTaskGroup(parent context.Context, limit int) *TaskGroup {
	ctx, cancel := context.WithCancelCause(parent)
	g := &TaskGroup{ctx: ctx, cancel: cancel}
	if limit > 0 {
		g.slots = make(chan struct{}, limit)
	}
	return g
}

// Go starts task, waiting for a free slot when the group is limited.
func (g *TaskGroup) Go(task func(ctx context.Context) error) {
	if g.slots != nil {
		g.slots <- struct{}{}
	}
	g.start(task)
}

// TryGo starts task if a slot is free, and reports whether it did.
func (g *TaskGroup) TryGo(task func(ctx context.Context) error) bool {
	if g.slots != nil {
		select {
		case g.slots <- struct{}{}:
		default:
			return false
		}
	}
	g.start(task)
	return true
}

func (g *TaskGroup) start(task func(ctx context.Context) error) {
	g.wg.Go(func() {
		defer g.release()
		if err := task(g.ctx); err != nil {
			g.once.Do(func() {
				g.err = err
				g.cancel(err)
			})
		}
	})
}

func (g *TaskGroup) release() {
	if g.slots != nil {
		<-g.slots
	}
}

// Wait waits for every task and returns the first error.
func (g *TaskGroup) Wait() error {
	g.wg.Wait()
	g.cancel(g.err)
	return g.err
}
