package workerpools

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
)

// state is what one scenario's worker-pool steps share.
type state struct {
	cat   *catalog.Catalog
	name  string
	impl  impl
	limit int
	pool  Pool
	l     *ledger
	// stopCalled says StopAndWait has been called; stopped is closed once it has returned or
	// panicked, and stop says how.
	stopCalled bool
	stopped    chan struct{}
	stop       stopOutcome
	full       *fullOutcome
	late       *lateOutcome
	panics     panicState
	// retry lets a task a full pool refused be offered again (see offerAll); waiting says the
	// offering goroutine is waiting for it.
	retry   chan struct{}
	waiting atomic.Bool
}

// stopOutcome is what StopAndWait did: how many of the tasks the pool took had ended when it
// returned (or panicked), and the value it panicked with.
type stopOutcome struct {
	took, endedAtReturn int
	panicked            any
}

// task is one task the scenario hands the pool.
type task struct {
	name string
	gate *stepkit.Gate
	// Set by the submitter once Submit has returned: whether it took the task, refused it with
	// refusal, or panicked.
	submitted, taken bool
	refusal          error
	submitPanic      any
	// refusals counts the times Submit refused the task before it took it (see offerAll).
	refusals int
	// starts counts the task's starts; ended says it has returned or panicked.
	starts int
	ended  bool
}

// ledger records every task of the scenario, how many run at once and the most that ever did.
type ledger struct {
	mu      sync.Mutex
	tasks   []*task
	running int
	peak    int
	all     *stepkit.Gate // opened when the scenario ends: every held task returns
}

func newLedger() *ledger { return &ledger{all: stepkit.NewGate()} }

// add records a new task, held until its gate or the ledger's opens.
func (l *ledger) add(name string) *task {
	l.mu.Lock()
	defer l.mu.Unlock()
	t := &task{name: name, gate: stepkit.NewGate()}
	l.tasks = append(l.tasks, t)
	return t
}

// body is what the pool runs for t: it counts the start, waits until the step lets it go
// (if held), then panics with value if there is one.
func (l *ledger) body(t *task, held bool, value any) func() {
	return func() {
		l.mu.Lock()
		t.starts++
		l.running++
		l.peak = max(l.peak, l.running)
		l.mu.Unlock()
		defer func() {
			l.mu.Lock()
			defer l.mu.Unlock()
			t.ended = true
			l.running--
		}()
		if held {
			select {
			case <-t.gate.Wait():
			case <-l.all.Wait():
			}
		}
		if value != nil {
			panic(value)
		}
	}
}

// submit hands t to p and records what Submit did; a panic out of Submit is recovered and kept.
func (l *ledger) submit(p Pool, t *task, body func()) {
	var err error
	defer func() {
		v := recover()
		l.mu.Lock()
		defer l.mu.Unlock()
		t.submitted, t.submitPanic = true, v
		t.taken = v == nil && err == nil
		t.refusal = err
		if err != nil {
			t.refusals++
		}
	}()
	err = p.Submit(body)
}

// refused says whether Submit refused t with an error, the last time it was offered.
func (l *ledger) refused(t *task) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return t.refusal != nil && t.submitPanic == nil
}

// view is a consistent copy of the ledger.
type view struct {
	tasks []task
	peak  int
}

func (l *ledger) view() view {
	l.mu.Lock()
	defer l.mu.Unlock()
	v := view{peak: l.peak}
	for _, t := range l.tasks {
		v.tasks = append(v.tasks, *t)
	}
	return v
}

// sum adds f over the tasks of v.
func (v view) sum(f func(task) int) int {
	n := 0
	for _, t := range v.tasks {
		n += f(t)
	}
	return n
}

// count counts the tasks of v for which f holds.
func (v view) count(f func(task) bool) int {
	n := 0
	for _, t := range v.tasks {
		if f(t) {
			n++
		}
	}
	return n
}

// start starts the named pool with limit workers. Whatever the scenario leaves held is let go
// when it ends, and the pool stopped if no step stopped it, before the leak check.
func (s *state) start(ctx context.Context, name string, limit int) error {
	impl, err := catalog.Lookup(s.cat, kind, name)
	if err != nil {
		return err
	}
	s.name, s.impl, s.limit, s.l = name, impl, limit, newLedger()
	s.stopped, s.retry = make(chan struct{}), make(chan struct{})
	s.pool = impl.Start(limit)
	return harness.Cleanup(ctx, func() {
		s.l.all.Open()
		s.startStop()
		_ = harness.Await(ctx, s.stopped, "the pool's StopAndWait to return once the scenario ended")
	})
}

func (s *state) needPool() error {
	if s.pool == nil {
		return fmt.Errorf("no worker pool: start the scenario with a step such as `Given the \"reference\" worker pool of 2 workers`")
	}
	return nil
}

// startStop calls StopAndWait, once, in a goroutine of its own, and notes, the moment it
// returns or panics, how many of the tasks the pool took had ended.
func (s *state) startStop() {
	if s.stopCalled {
		return
	}
	s.stopCalled = true
	go func() {
		defer close(s.stopped)
		defer func() {
			v := recover()
			view := s.l.view()
			s.stop = stopOutcome{
				took:          view.count(func(t task) bool { return t.taken }),
				endedAtReturn: view.count(func(t task) bool { return t.taken && t.ended }),
				panicked:      v,
			}
		}()
		s.pool.StopAndWait()
	}()
}

// submitAll hands the tasks to the pool one after another from a goroutine of its own, and
// returns a channel closed once every Submit has returned.
func (s *state) submitAll(tasks []*task, body func(*task) func()) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, t := range tasks {
			s.l.submit(s.pool, t, body(t))
		}
	}()
	return done
}

// offerAll is submitAll for the rows in which every task must be run: a full pool may refuse a
// task (a legal answer), and a caller then offers it again once a worker is free. The offering
// goroutine waits on s.retry, which letGo sends once a task it let go has ended and the pool has
// settled, or when no task runs at all; a pool that refuses a task then, with no task running,
// refuses a task it has room for, and letGo fails.
func (s *state) offerAll(ctx context.Context, tasks []*task, body func(*task) func()) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, t := range tasks {
			for s.l.submit(s.pool, t, body(t)); s.l.refused(t); s.l.submit(s.pool, t, body(t)) {
				s.waiting.Store(true)
				select {
				case <-s.retry:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return done
}

// letGo lets the running tasks go one at a time, each once nothing in the scenario moves,
// until submitted is closed and no task runs. It fails at once when Submit is blocked while no
// task runs: nothing can free a worker for it.
func (s *state) letGo(ctx context.Context, submitted <-chan struct{}, until func(view) bool) error {
	opened, idleRetry := false, false
	for {
		if _, err := harness.AwaitQuiet(ctx, fmt.Sprintf("the %s pool to start what it will", s.name)); err != nil {
			return err
		}
		v := s.l.view()
		if until != nil && until(v) {
			return nil
		}
		var next *task
		s.l.mu.Lock()
		for _, t := range s.l.tasks {
			if t.starts > 0 && !t.ended {
				next = t
				break
			}
		}
		s.l.mu.Unlock()
		if s.waiting.Load() && (opened || next == nil) {
			if next == nil && idleRetry {
				return fmt.Errorf("the %s pool refused a task while no task ran: it turns work away that it has room for", s.name)
			}
			// A refused task waits, and a worker is free: the one whose task was let go, or all.
			s.waiting.Store(false)
			opened, idleRetry = false, next == nil
			select {
			case s.retry <- struct{}{}:
			case <-ctx.Done():
				return ctx.Err()
			}
			continue
		}
		if next != nil {
			next.gate.Open()
			opened, idleRetry = true, false
			continue
		}
		select {
		case <-submitted:
			return nil
		default:
			return fmt.Errorf("%w: Submit has not returned and no task runs, so no worker can free itself for it: the %s pool takes no more tasks; its goroutines are at %s",
				harness.ErrStuck, s.name, where(ctx))
		}
	}
}

// stopWhileRunning calls StopAndWait once every Submit has returned, while tasks still run, then
// lets them go one at a time, so that a StopAndWait that returns before they end is caught.
func (s *state) stopWhileRunning(ctx context.Context, submitted <-chan struct{}) error {
	if err := s.letGo(ctx, submitted, func(v view) bool {
		select {
		case <-submitted:
			return true
		default:
			return false
		}
	}); err != nil {
		return err
	}
	s.startStop()
	if err := s.letGo(ctx, submitted, func(view) bool {
		select {
		case <-s.stopped:
			return true
		default:
			return false
		}
	}); err != nil {
		return err
	}
	// A StopAndWait that returned early left tasks running: let them go too.
	if err := s.letGo(ctx, submitted, nil); err != nil {
		return err
	}
	return shared.Settle(ctx, s.stopped, fmt.Sprintf("the %s pool's StopAndWait", s.name), func([]harness.Goroutine) string {
		return "every task has been let go, so StopAndWait should return; but the scenario's goroutines are at " + where(ctx)
	})
}

// where says where the scenario's goroutines are parked.
func where(ctx context.Context) string {
	gs, err := harness.Goroutines(ctx)
	if err != nil {
		return "(unknown: " + err.Error() + ")"
	}
	return shared.WhereAll(gs)
}

// tasksNamed makes n tasks named "task 1", "task 2", …, starting at first.
func (s *state) tasksNamed(first, n int) []*task {
	out := make([]*task, n)
	for i := range out {
		out[i] = s.l.add(fmt.Sprintf("task %d", first+i))
	}
	return out
}
