package taskgroups

import (
	"context"
	"sync"

	"github.com/concspec/concspec/patterns/group"
)

// returnsAtFirstError is a NEGATIVE CONTROL (rule R09): the reference group, except that its Wait
// returns the first error the moment a task fails, without waiting for the other tasks, which
// run on outside the group's lifetime. When no task fails it waits for all of them, so only a
// join checked on the paths where a task fails catches it.
type returnsAtFirstError struct {
	*group.Group
	once   sync.Once
	failed chan struct{} // closed when err is set
	err    error
}

func newReturnsAtFirstError(parent context.Context) *returnsAtFirstError {
	return &returnsAtFirstError{Group: group.WithContext(parent), failed: make(chan struct{})}
}

// watch wraps task so that its error is noticed the moment it fails.
func (g *returnsAtFirstError) watch(task func(ctx context.Context) error) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		err := task(ctx)
		if err != nil {
			g.once.Do(func() {
				g.err = err
				close(g.failed)
			})
		}
		return err
	}
}

func (g *returnsAtFirstError) Go(task func(ctx context.Context) error) { g.Group.Go(g.watch(task)) }

func (g *returnsAtFirstError) TryGo(task func(ctx context.Context) error) bool {
	return g.Group.TryGo(g.watch(task))
}

// Wait returns once every task has returned — or, the bug, as soon as one has failed.
func (g *returnsAtFirstError) Wait() error {
	all := make(chan error, 1) // buffered: the goroutine ends once the tasks do, read or not
	go func() { all <- g.Group.Wait() }()
	select {
	case <-g.failed:
		return g.err
	case err := <-all:
		return err
	}
}
