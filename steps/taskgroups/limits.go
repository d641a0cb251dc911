package taskgroups

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/cucumber/godog"
)

// limitState is what a bounded-concurrency scenario measured.
type limitState struct {
	// peak is the most tasks ever running at once.
	peak int64
}

func (s *state) registerGroupLimits(sc *godog.ScenarioContext) {
	sc.When(stepkit.Re(`^(-?\d+) tasks run through the group in rounds$`), s.tasksRunInRounds)
	sc.When(stepkit.Re(`^(-?\d+) tasks are running and holding their slots$`), s.tasksHoldSlots)
	sc.Then(stepkit.Re(`^at most (\d+) tasks were ever running at once$`), s.atMostRunning)
	sc.Then(stepkit.Re(`^at one moment exactly (\d+) tasks were running$`), s.exactlyRunning)
	sc.Then(stepkit.Re(`^the limit check catches (\d+) tasks running at once under a limit of (\d+)$`), s.limitCheckCatches)
	sc.Then(stepkit.Re(`^TryGo refuses a further task$`), s.tryGoRefuses)
	sc.Then(stepkit.Re(`^the group offers no TryGo$`), s.noTryGo)
}

// rounds holds the tasks of one round until the step lets that round go; a task that starts
// later waits for the next round.
type rounds struct {
	mu   sync.Mutex
	hold chan struct{}
}

// current is the gate of the round now being run.
func (r *rounds) current() <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.hold
}

// next lets the current round go and opens the next.
func (r *rounds) next() {
	r.mu.Lock()
	defer r.mu.Unlock()
	close(r.hold)
	r.hold = make(chan struct{})
}

// tasksRunInRounds runs k tasks through a limited group and counts the tasks running at moments
// when nothing moves, whether the group's Go blocks at the limit (errgroup) or takes every task
// at once and queues those over the limit (a pool). A goroutine submits every task; each round
// the step waits until the scenario is quiet — the group has started every task its limit allows
// and they are all held — reads how many run, lets them go, and goes on until every task has run.
// No timing is involved: a group that runs one task too many shows it in the first round, and the
// ledger counts every task's start, so a task run twice, or never, is seen.
func (s *state) tasksRunInRounds(ctx context.Context, n string) error {
	if err := s.needGroup(); err != nil {
		return err
	}
	k, err := stepkit.Count("the number of tasks", n, 10_000)
	if err != nil {
		return err
	}
	l, r := s.group.ledger, &rounds{hold: make(chan struct{})}
	tasks := make([]*taskRecord, k)
	for i := range tasks {
		tasks[i] = l.add(fmt.Sprintf("task %d", i+1), nil)
	}
	body := func(t *taskRecord) func(context.Context) error {
		return func(context.Context) error {
			l.set(t, doingHeldRound)
			select {
			case <-r.current():
			case <-l.all.Wait(): // the scenario ended
			}
			return nil
		}
	}
	spawned := make(chan struct{})
	s.group.calls = append(s.group.calls, spawned)
	g := s.group.group
	go func() {
		defer close(spawned)
		for _, t := range tasks {
			g.Go(l.run(t, body(t)))
			l.accept(t)
		}
	}()
	for round := 1; ; round++ {
		if round > k { // each round lets at least one task finish: more rounds than tasks is a loop
			return fmt.Errorf("after %d rounds the %d tasks have not all run once: the %s keeps starting tasks again", k, k, l.group)
		}
		parked, err := harness.AwaitQuiet(ctx, fmt.Sprintf("round %d: the group to start as many tasks as its limit allows", round))
		if err != nil {
			return err
		}
		running, done := 0, 0
		for _, v := range l.of(tasks) {
			if v.started && !v.finished {
				running++
			}
			if v.finished {
				done++
			}
		}
		if running == 0 {
			select {
			case <-spawned:
				if done == k {
					return s.finishRounds(ctx)
				}
			default:
			}
			return stuck(l.explain(fmt.Sprintf("only %d of the %d tasks have run, and the group starts no other", done, k), l.pending(tasks)), parked)
		}
		r.next()
	}
}

// finishRounds keeps the peak and joins the group.
func (s *state) finishRounds(ctx context.Context) error {
	s.limit.peak = int64(s.group.ledger.peakRunning())
	s.group.startWait()
	return s.awaitWait(ctx)
}

// limitCheck is the detector: it fails when more tasks than the limit ran at once.
func (s *state) limitCheck(most int) error {
	if s.limit.peak > int64(most) {
		return fmt.Errorf("%d tasks ran at once under a limit of %d", s.limit.peak, most)
	}
	return nil
}

func (s *state) atMostRunning(ctx context.Context, n string) error {
	most, err := strconv.Atoi(n)
	if err != nil {
		return err
	}
	if err := s.limitCheck(most); err != nil {
		return err
	}
	return s.conform(ctx, harness.Holds, fmt.Sprintf("never more than the limit (%d) run at once", most))
}

func (s *state) exactlyRunning(n string) error {
	if fmt.Sprint(s.limit.peak) != n {
		return fmt.Errorf("at most %d tasks ran at once, want the group to fill all %s slots", s.limit.peak, n)
	}
	return nil
}

func (s *state) limitCheckCatches(running, limit string) error {
	most, err := strconv.Atoi(limit)
	if err != nil {
		return err
	}
	err = s.limitCheck(most)
	want := fmt.Sprintf("%s tasks ran at once under a limit of %s", running, limit)
	if err == nil || err.Error() != want {
		return fmt.Errorf("the limit check should have said %q; it said: %v", want, err)
	}
	return nil
}

// tasksHoldSlots starts k tasks that hold their slots until the step lets them go, and returns
// once every one of them runs.
func (s *state) tasksHoldSlots(ctx context.Context, n string) error {
	if err := s.needGroup(); err != nil {
		return err
	}
	k, err := stepkit.Count("the number of tasks", n, 10_000)
	if err != nil {
		return err
	}
	l := s.group.ledger
	tasks := make([]*taskRecord, k)
	for i := range tasks {
		tasks[i] = l.add(fmt.Sprintf("task %d", i+1), nil)
	}
	s.taskGroup.held = tasks
	if err := s.submit(ctx, l, tasks, heldBody(l, doingHeld)); err != nil {
		return err
	}
	return awaitStarted(ctx, l, tasks)
}

// joinHeld calls Wait, lets the held tasks go one at a time once nothing moves, and waits for
// Wait to return.
func (s *state) joinHeld(ctx context.Context) error {
	s.group.startWait()
	if _, err := harness.AwaitQuiet(ctx, "Wait to block while the tasks are held"); err != nil {
		return err
	}
	if err := letGo(ctx, s.group.ledger, s.taskGroup.held); err != nil {
		return err
	}
	return s.awaitWait(ctx)
}

func (s *state) tryGoRefuses(ctx context.Context) error {
	tryGoer, ok := s.group.group.(TryGoer)
	if !ok {
		return fmt.Errorf("the %s group has no TryGo", s.group.name)
	}
	l := s.group.ledger
	t := l.add("the task offered to TryGo", nil)
	var accepted bool
	err := s.call(ctx, l, fmt.Sprintf("the %s group's TryGo", s.group.name), func() {
		accepted = tryGoer.TryGo(l.run(t, func(context.Context) error { return nil }))
		if accepted {
			l.accept(t)
		}
	}, func() (string, string) {
		return "TryGo is blocked, though it must answer at once, taking the task or refusing it", ""
	})
	if err != nil {
		return err
	}
	if err := s.joinHeld(ctx); err != nil {
		return err
	}
	if accepted {
		return fmt.Errorf("TryGo took a task although every slot of the %s group was taken", s.group.name)
	}
	return s.conform(ctx, harness.Holds, "TryGo refuses a task when the group is full")
}

func (s *state) noTryGo(ctx context.Context) error {
	_, ok := s.group.group.(TryGoer)
	if err := s.joinHeld(ctx); err != nil {
		return err
	}
	if ok {
		return fmt.Errorf("the %s group does offer TryGo", s.group.name)
	}
	return s.conform(ctx, harness.Differs, "no TryGo: a caller cannot ask whether a slot is free, only wait for one")
}
