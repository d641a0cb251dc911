package workerpools

import (
	"context"
	"fmt"
	"strings"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
)

// needStopped reports a step that judges StopAndWait before it has been called.
func (s *state) needStopped() error {
	if err := s.needPool(); err != nil {
		return err
	}
	select {
	case <-s.stopped:
		return nil
	default:
		return fmt.Errorf("the %s pool has not been stopped: a step such as `When 5 tasks are submitted, held and let go one at a time, and the pool is stopped while the last ones run` stops it", s.name)
	}
}

// ledgerCheck is the pool-ledger check: once the pool is stopped, every task Submit took ran
// exactly once, and no task it refused (or panicked on) ran.
func (s *state) ledgerCheck(ctx context.Context) error {
	if err := s.needStopped(); err != nil {
		return err
	}
	v := s.l.view()
	return harness.Detect(ctx, ledgerCheck, func() error { return faults(s.name, v.tasks) })
}

// faults lists what the ledger shows wrong with tasks.
func faults(pool string, tasks []task) error {
	var out []string
	for _, t := range tasks {
		switch {
		case !t.submitted:
			out = append(out, fmt.Sprintf("Submit of %s never returned", t.name))
		case t.taken && t.starts == 0:
			out = append(out, fmt.Sprintf("%s was taken by Submit and never ran", t.name))
		case t.taken && t.starts > 1:
			out = append(out, fmt.Sprintf("%s was taken by Submit once and ran %d times", t.name, t.starts))
		case !t.taken && t.starts > 0:
			out = append(out, fmt.Sprintf("%s was refused by Submit (%v) and ran all the same", t.name, refusal(t)))
		}
	}
	if len(out) == 0 {
		return nil
	}
	return fmt.Errorf("the %s pool's ledger: %s", pool, strings.Join(out, "; "))
}

// refusal says how Submit refused t.
func refusal(t task) string {
	if t.submitPanic != nil {
		return fmt.Sprintf("it panicked: %v", t.submitPanic)
	}
	return fmt.Sprintf("it returned %v", t.refusal)
}

// limitCheck is the pool-limit check: never more tasks ran at once than the pool has workers.
func (s *state) limitCheck(ctx context.Context) error {
	if err := s.needPool(); err != nil {
		return err
	}
	peak := s.l.view().peak
	return harness.Detect(ctx, limitCheck, func() error {
		if peak > s.limit {
			return fmt.Errorf("%d tasks ran at once in the %s pool of %d workers", peak, s.name, s.limit)
		}
		return nil
	})
}

// joinCheck is the StopAndWait-join check: when StopAndWait returned (or panicked), every task
// the pool had taken had ended.
func (s *state) joinCheck(ctx context.Context) error {
	if err := s.needStopped(); err != nil {
		return err
	}
	o := s.stop
	return harness.Detect(ctx, stopJoin, func() error {
		if o.endedAtReturn < o.took {
			return fmt.Errorf("the %s pool's StopAndWait returned while %d of the %d tasks it took were still running", s.name, o.took-o.endedAtReturn, o.took)
		}
		return nil
	})
}

// pushBackCheck is the push-back check: while every worker was busy, Submit blocked or refused
// a task before more than 8 were queued.
func (s *state) pushBackCheck(ctx context.Context) error {
	if s.full == nil {
		return fmt.Errorf("no further task met a full pool: start with `When every worker is busy and 10 further tasks are submitted`")
	}
	o := s.full
	return harness.Detect(ctx, pushBack, func() error {
		pushed := o.blocked || o.refusal != nil
		if !pushed || o.queued > 8 {
			return fmt.Errorf("while its %d workers were busy, the %s pool's Submit %s: it never pushed back on the submitter", s.limit, s.name, o)
		}
		return nil
	})
}

// lateCheck is the submit-after-stop check: Submit returned, and the task it was given once
// StopAndWait had returned never ran.
func (s *state) lateCheck(ctx context.Context) error {
	if s.late == nil {
		return fmt.Errorf("no task was submitted after StopAndWait: start with `When the pool is stopped and then a further task is submitted`")
	}
	o := s.late
	return harness.Detect(ctx, afterStop, func() error {
		switch {
		case o.stuck != nil:
			return fmt.Errorf("the %s pool's Submit, called after StopAndWait had returned, never returned: %w", s.name, o.stuck)
		case o.ran:
			return fmt.Errorf("the task submitted after StopAndWait had returned ran: the %s pool started it with nobody left to wait for it", s.name)
		}
		return nil
	})
}

// lateWords says what Submit did once the pool was stopped.
func (o *lateOutcome) String() string {
	switch {
	case o.submitPanic != nil:
		return "panics"
	case o.refusal != nil:
		return "returns an error"
	}
	return "ignores it"
}

// anyLate is the contract's wording: every answer a stopped pool may give.
const anyLate = "returns an error, panics or ignores it"

func (s *state) lateSubmit(ctx context.Context, want string) error {
	if err := s.lateCheck(ctx); err != nil {
		return err
	}
	got := s.late.String()
	if want != anyLate && want != got {
		return fmt.Errorf("after StopAndWait, the %s pool's Submit %s, not %q", s.name, got, want)
	}
	verdict, observed := harness.Holds, "after StopAndWait, Submit returns an error and the task never runs"
	switch got {
	case "panics":
		verdict, observed = harness.Differs, fmt.Sprintf("after StopAndWait, Submit panics (%v) and the task never runs", s.late.submitPanic)
	case "ignores it":
		verdict, observed = harness.Differs, "after StopAndWait, Submit takes the task without a word and it never runs"
	}
	return s.conform(ctx, verdict, observed)
}

// submitAfterStop runs two tasks through the pool, stops it, and then submits a further task:
// Submit must return, and the task must never run.
func (s *state) submitAfterStop(ctx context.Context) error {
	if err := s.needPool(); err != nil {
		return err
	}
	first := s.submitAll(s.tasksNamed(1, 2), func(t *task) func() { return s.l.body(t, false, nil) })
	if err := s.letGo(ctx, first, nil); err != nil {
		return err
	}
	s.startStop()
	if err := s.settleStop(ctx); err != nil {
		return err
	}
	if s.stop.panicked != nil {
		return fmt.Errorf("the %s pool's StopAndWait panicked with %v, though no task panicked", s.name, s.stop.panicked)
	}
	t := s.l.add("the task submitted after StopAndWait")
	out := &lateOutcome{}
	s.late = out
	done := s.submitAll([]*task{t}, func(t *task) func() { return s.l.body(t, false, nil) })
	out.stuck = settle(ctx, done, "Submit, called after StopAndWait had returned")
	// Whatever Submit did with the task, it has had every chance to run once nothing moves.
	if _, err := harness.AwaitQuiet(ctx, "a task submitted after StopAndWait to run, if it will"); err != nil {
		return err
	}
	v := s.l.view()
	last := v.tasks[len(v.tasks)-1]
	out.ran, out.refusal, out.submitPanic = last.starts > 0, last.refusal, last.submitPanic
	return nil
}

// settleStop waits for StopAndWait to return, failing at once if nothing can make it.
func (s *state) settleStop(ctx context.Context) error {
	return settle(ctx, s.stopped, fmt.Sprintf("the %s pool's StopAndWait", s.name))
}

// settle waits for done, failing at once, saying where the scenario's goroutines are parked,
// if nothing in the scenario can close it.
func settle(ctx context.Context, done <-chan struct{}, what string) error {
	return shared.Settle(ctx, done, what, func(parked []harness.Goroutine) string {
		return "no task of the scenario is held any more, so it should return; but the scenario's goroutines are at " + shared.WhereAll(parked)
	})
}

// ranOnce asserts that the n tasks of the scenario were all taken and ran exactly once.
func (s *state) ranOnce(ctx context.Context, n string) error {
	k, err := stepkit.Count("the number of tasks", n, 1000)
	if err != nil {
		return err
	}
	if err := s.ledgerCheck(ctx); err != nil {
		return err
	}
	v := s.l.view()
	if taken := v.count(func(t task) bool { return t.taken }); taken != k || len(v.tasks) != k {
		return fmt.Errorf("the %s pool took %d of the scenario's %d tasks, not %d", s.name, taken, len(v.tasks), k)
	}
	if refused := v.sum(func(t task) int { return t.refusals }); refused > 0 {
		return s.conform(ctx, harness.Holds, fmt.Sprintf("every task Submit takes runs exactly once; it refused %d offers while every worker was busy, and took each task offered again once a worker was free", refused))
	}
	return s.conform(ctx, harness.Holds, "every task Submit takes runs exactly once")
}

// atMost asserts the limit, which the row states as the number of workers.
func (s *state) atMost(ctx context.Context, n string) error {
	if n != fmt.Sprint(s.limit) {
		return fmt.Errorf("the pool has %d workers, and the step says %s", s.limit, n)
	}
	if err := s.limitCheck(ctx); err != nil {
		return err
	}
	return s.conform(ctx, harness.Holds, fmt.Sprintf("never more tasks at once than its %d workers", s.limit))
}

// stopWaited asserts that StopAndWait returned only after the n tasks had ended.
func (s *state) stopWaited(ctx context.Context, n string) error {
	if err := s.joinCheck(ctx); err != nil {
		return err
	}
	if took := fmt.Sprint(s.stop.took); took != n {
		return fmt.Errorf("the %s pool took %s tasks before StopAndWait, not %s", s.name, took, n)
	}
	if s.stop.panicked != nil {
		return fmt.Errorf("the %s pool's StopAndWait panicked with %v, though no task panicked", s.name, s.stop.panicked)
	}
	return s.conform(ctx, harness.Holds, "StopAndWait returns only once every task the pool took has ended")
}
