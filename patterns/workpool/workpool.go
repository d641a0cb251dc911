// Package workpool is a worker pool: a fixed number of workers take the tasks handed to Submit,
// and StopAndWait ends the pool once every task it took has ended. It is the asynchronous
// sibling of patterns/offload, whose Do waits for its one piece of work: Submit returns as soon
// as a worker has the task.
//
// Contract of [Pool]:
//   - never more than limit tasks run at once;
//   - every task Submit took (it returned nil) runs exactly once;
//   - when every worker is busy, Submit waits for one to take the task: the submitter is pushed
//     back, and nothing is queued;
//   - StopAndWait returns only once every task the pool took has ended and its workers have
//     returned: nothing is left running;
//   - a task's panic is recovered: its worker goes on with the next task, and StopAndWait, once
//     every task has ended, panics again with the first panic's value and stack ([*TaskPanic]),
//     so that a panic is never hidden;
//   - once StopAndWait has been called, Submit returns [ErrStopped] and the task never runs.
//
// The NEGATIVE CONTROLS in broken.go each break one clause.
package workpool

import (
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
)

// ErrStopped is what Submit returns once the pool is stopped.
var ErrStopped = errors.New("workpool: the pool is stopped")

// TaskPanic is a task's panic, recovered by its worker and raised again by StopAndWait.
type TaskPanic struct {
	Value any
	Stack []byte
}

func (p *TaskPanic) Error() string {
	return fmt.Sprintf("workpool: a task panicked: %v\n\n%s", p.Value, p.Stack)
}

// Pool runs tasks on at most limit workers.
type Pool struct {
	tasks   chan func()
	stop    chan struct{}
	stopped sync.Once
	workers sync.WaitGroup

	mu       sync.Mutex
	panicked *TaskPanic
}

// New starts a pool of limit workers; a limit below 1 panics.
func New(limit int) *Pool {
	if limit < 1 {
		panic(fmt.Sprintf("workpool: limit must be at least 1, got %d", limit))
	}
	p := &Pool{tasks: make(chan func()), stop: make(chan struct{})}
	for range limit {
		p.workers.Go(p.work)
	}
	return p
}

// work runs the tasks handed to it until the pool stops.
func (p *Pool) work() {
	for {
		select {
		case task := <-p.tasks:
			p.run(task)
		case <-p.stop:
			return
		}
	}
}

// run runs task, keeping its panic for StopAndWait.
func (p *Pool) run(task func()) {
	defer func() {
		if v := recover(); v != nil {
			p.mu.Lock()
			defer p.mu.Unlock()
			if p.panicked == nil {
				p.panicked = &TaskPanic{Value: v, Stack: debug.Stack()}
			}
		}
	}()
	task()
}

// Submit hands task to a worker, waiting for one while every worker is busy. Once the pool is
// stopped it returns ErrStopped and task never runs.
func (p *Pool) Submit(task func()) error {
	select {
	case <-p.stop:
		return ErrStopped
	default:
	}
	select {
	case p.tasks <- task:
		return nil
	case <-p.stop:
		return ErrStopped
	}
}

// StopAndWait stops the pool and returns once every task it took has ended and its workers have
// returned; if a task panicked, it then panics with the first panic.
func (p *Pool) StopAndWait() {
	p.stopped.Do(func() { close(p.stop) })
	p.workers.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.panicked != nil {
		panic(p.panicked)
	}
}
