package taskgroups

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
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
	sc.When(stepkit.Re(`^(-?\d+) tasks run through the group in rounds$`), func(ctx context.Context, n string) error {
		return s.tasksRunInRounds(ctx, n, false)
	})
	sc.When(stepkit.Re(`^(-?\d+) tasks run through the group in rounds, and the root context is cancelled after the first$`), func(ctx context.Context, n string) error {
		return s.tasksRunInRounds(ctx, n, true)
	})
	sc.When(stepkit.Re(`^(-?\d+) tasks are running and holding their slots$`), s.tasksHoldSlots)
	sc.Then(stepkit.Re(`^at most (\d+) tasks were ever running at once$`), s.atMostRunning)
	sc.Then(stepkit.Re(`^at one moment exactly (\d+) tasks were running$`), s.exactlyRunning)
	sc.Then(stepkit.Re(`^the limit check catches (\d+) tasks running at once under a limit of (\d+)$`), s.limitCheckCatches)
	sc.Then(stepkit.Re(`^the check that at one moment exactly (\d+) tasks were running fails, saying at most (\d+) ran at once$`), s.exactlyFails)
	sc.Then(stepkit.Re(`^TryGo refuses a further task$`), s.tryGoRefuses)
	sc.Then(stepkit.Re(`^the check that TryGo refuses a further task fails$`), s.tryGoFails)
	sc.Then(stepkit.Re(`^the group offers no TryGo$`), s.noTryGo)
	sc.Then(stepkit.Re(`^setting its limit to (-?\d+) panics, saying "([^"]+)"$`), s.limitRefused)
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
// and they are all held — reads how many run, lets them go, and goes on until no task runs. No
// timing is involved: a group that runs one task too many shows it in the first round, and the
// ledger counts every task's start, so a task run twice, or never, is seen. With cancel, the
// root is cancelled once the first round has been counted, while Go waits for a slot (or the
// group holds the rest queued): the limit holds on that path too, and the group may skip the
// tasks it has not started.
func (s *state) tasksRunInRounds(ctx context.Context, n string, cancel bool) error {
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
		if round > k+1 { // each round but the last lets at least one task finish: more is a loop
			return fmt.Errorf("after %d rounds the %d tasks have not all run once: the %s keeps starting tasks again", k+1, k, l.group)
		}
		parked, err := harness.AwaitQuiet(ctx, fmt.Sprintf("round %d: the group to start as many tasks as its limit allows", round))
		if err != nil {
			return err
		}
		running := 0
		for _, v := range l.of(tasks) {
			if v.started && !v.finished {
				running++
			}
		}
		if running == 0 {
			select {
			case <-spawned:
				return s.finishRounds(ctx, tasks, parked)
			default:
			}
			return stuck(l.explain("Go is blocked and no task is running, so no slot will ever be freed", l.pending(tasks)), parked)
		}
		if cancel && round == 1 {
			s.group.cancelRoot(errors.New("the step cancels the root after the first round"))
		}
		r.next()
	}
}

// finishRounds ends the rounds once no task runs and Go has been handed every task: every task
// Go took has run, or — the ledger's check — was skipped once the group was cancelled. It keeps
// the peak and joins the group.
func (s *state) finishRounds(ctx context.Context, tasks []*taskRecord, parked []harness.Goroutine) error {
	l := s.group.ledger
	err := harness.Detect(ctx, taskLedger, func() error {
		if fault := l.idleFault(tasks); fault != "" {
			return stuck(l.explain("the rounds are over: "+fault, ""), parked)
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.limit.peak = int64(l.peakRunning())
	s.group.startWait()
	return s.awaitWait(ctx)
}

// limitHeld is the limit check: never more tasks ran at once than the limit.
func (s *state) limitHeld(ctx context.Context, most int) error {
	return harness.Detect(ctx, limitCheck, func() error {
		if s.limit.peak > int64(most) {
			return fmt.Errorf("%d tasks ran at once under a limit of %d", s.limit.peak, most)
		}
		return nil
	})
}

func (s *state) atMostRunning(ctx context.Context, n string) error {
	most, err := strconv.Atoi(n)
	if err != nil {
		return err
	}
	if err := s.limitHeld(ctx, most); err != nil {
		return err
	}
	return s.conform(ctx, harness.Holds, fmt.Sprintf("never more than the limit (%d) run at once", most))
}

// limitFilled is the check that the group used its limit: at one moment exactly n tasks ran.
func (s *state) limitFilled(ctx context.Context, n string) error {
	return harness.Detect(ctx, limitReached, func() error {
		if fmt.Sprint(s.limit.peak) != n {
			return fmt.Errorf("at most %d tasks ran at once, want the group to fill all %s slots", s.limit.peak, n)
		}
		return nil
	})
}

func (s *state) exactlyRunning(ctx context.Context, n string) error {
	if err := s.limitFilled(ctx, n); err != nil {
		return err
	}
	return s.conform(ctx, harness.Holds, "the group fills every slot its limit gives")
}

// exactlyFails is the negative control: the check that the limit was reached fires on a group
// that never runs as many tasks as its limit.
func (s *state) exactlyFails(ctx context.Context, n, most string) error {
	err := s.limitFilled(ctx, n)
	want := fmt.Sprintf("at most %s tasks ran at once, want the group to fill all %s slots", most, n)
	if err == nil || err.Error() != want {
		return fmt.Errorf("the %s check should have said %q; it said: %v", limitReached, want, err)
	}
	return nil
}

func (s *state) limitCheckCatches(ctx context.Context, running, limit string) error {
	most, err := strconv.Atoi(limit)
	if err != nil {
		return err
	}
	err = s.limitHeld(ctx, most)
	want := fmt.Sprintf("%s tasks ran at once under a limit of %s", running, limit)
	if err == nil || err.Error() != want {
		return fmt.Errorf("the %s check should have said %q; it said: %v", limitCheck, want, err)
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
	if err := s.tryGoAtTheLimit(ctx); err != nil {
		return err
	}
	return s.conform(ctx, harness.Holds, "TryGo refuses a task when the group is full")
}

// tryGoFails is the negative control: the TryGo check fires on a group whose TryGo takes a task
// though every slot of its limit is taken.
func (s *state) tryGoFails(ctx context.Context) error {
	err := s.tryGoAtTheLimit(ctx)
	if err == nil || !strings.Contains(err.Error(), "TryGo took a task") {
		return fmt.Errorf("the %s check should have found TryGo taking a task in the full %s group; it said: %v", tryGoCheck, s.group.name, err)
	}
	return nil
}

// tryGoAtTheLimit offers TryGo a task while every slot is held, joins the group, and is the
// TryGo check: TryGo refused the task.
func (s *state) tryGoAtTheLimit(ctx context.Context) error {
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
	return harness.Detect(ctx, tryGoCheck, func() error {
		if accepted {
			return fmt.Errorf("TryGo took a task although every slot of the %s group was taken", s.group.name)
		}
		return nil
	})
}

// limitRefused sets the group's limit to n, which must panic with msg: a limit below 1 would
// let no task run, and Go would block for ever.
func (s *state) limitRefused(n, msg string) (err error) {
	if err := s.needGroup(); err != nil {
		return err
	}
	limit, err := stepkit.Number("the limit", n, -stepkit.MaxGoroutines, stepkit.MaxGoroutines)
	if err != nil {
		return err
	}
	g, ok := s.group.group.(interface{ SetLimit(int) })
	if !ok {
		return fmt.Errorf("the %s group has no SetLimit", s.group.name)
	}
	defer func() {
		got := recover()
		if got == nil {
			err = fmt.Errorf("the %s group's SetLimit(%d) returned; it should have panicked with %q", s.group.name, limit, msg)
		} else if fmt.Sprint(got) != msg {
			err = fmt.Errorf("the %s group's SetLimit(%d) panicked with %q, want %q", s.group.name, limit, fmt.Sprint(got), msg)
		}
	}()
	g.SetLimit(limit)
	return nil
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
