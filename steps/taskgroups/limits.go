package taskgroups

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"

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

// rounds runs tasks through a limited group so that the number running at once is read at
// moments when nothing moves: the goroutine calling Go is blocked (the group is full) or done,
// and every task admitted so far is running and held. Then that round's tasks are let go, and
// the next round starts once they have returned. No timing is involved: a group that admits one
// task too many shows it in the first round.
type rounds struct {
	mu      sync.Mutex
	hold    chan struct{}
	running atomic.Int64
	peak    atomic.Int64
	// admitted counts the Go calls that have returned.
	admitted atomic.Int64
	arrived  chan struct{}
	left     chan struct{}
}

func (r *rounds) task(context.Context) error {
	n := r.running.Add(1)
	for p := r.peak.Load(); n > p && !r.peak.CompareAndSwap(p, n); p = r.peak.Load() {
	}
	r.mu.Lock()
	hold := r.hold
	r.mu.Unlock()
	r.arrived <- struct{}{}
	<-hold
	r.running.Add(-1)
	r.left <- struct{}{}
	return nil
}

func (r *rounds) releaseRound() {
	r.mu.Lock()
	defer r.mu.Unlock()
	close(r.hold)
	r.hold = make(chan struct{})
}

func (s *state) tasksRunInRounds(ctx context.Context, n string) error {
	if err := s.needGroup(); err != nil {
		return err
	}
	k, err := stepkit.Count("the number of tasks", n, 10_000)
	if err != nil {
		return err
	}
	r := &rounds{hold: make(chan struct{}), arrived: make(chan struct{}, k), left: make(chan struct{}, k)}
	// Tasks still held when the scenario ends (a failed step) are let go by its cleanup.
	if err := harness.Cleanup(ctx, r.releaseRound); err != nil {
		return err
	}
	spawner := make(chan int64, 1)
	go func() {
		spawner <- harness.GoroutineID()
		for range k {
			s.group.group.Go(r.task)
			r.admitted.Add(1)
		}
	}()
	id := <-spawner
	for started, finished := 0, 0; finished < k; {
		if _, err := harness.AwaitParked(ctx, id, "the goroutine starting tasks"); err != nil {
			return err
		}
		admitted := int(r.admitted.Load())
		if admitted == finished {
			runtime.Gosched() // a slot is being freed; the starter is about to move
			continue
		}
		for ; started < admitted; started++ {
			if err := harness.Await(ctx, r.arrived, "the admitted tasks to start"); err != nil {
				return err
			}
		}
		r.releaseRound()
		for ; finished < started; finished++ {
			if err := harness.Await(ctx, r.left, "the released tasks to return"); err != nil {
				return err
			}
		}
	}
	s.limit.peak = r.peak.Load()
	s.group.waitInBackground(nil)
	return s.group.awaitWait(ctx)
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

func (s *state) tasksHoldSlots(ctx context.Context, n string) error {
	if err := s.needGroup(); err != nil {
		return err
	}
	k, err := stepkit.Count("the number of tasks", n, 10_000)
	if err != nil {
		return err
	}
	holding := make(chan struct{}, k)
	for range k {
		s.group.group.Go(func(context.Context) error {
			holding <- struct{}{}
			<-s.group.release.Wait()
			return nil
		})
	}
	for range k {
		if err := harness.Await(ctx, holding, "every task to take its slot"); err != nil {
			return err
		}
	}
	return nil
}

func (s *state) tryGoRefuses(ctx context.Context) error {
	tryGoer, ok := s.group.group.(TryGoer)
	if !ok {
		return fmt.Errorf("the %s group has no TryGo", s.group.name)
	}
	accepted := tryGoer.TryGo(func(context.Context) error { return nil })
	if err := s.group.releaseAndJoin(ctx); err != nil {
		return err
	}
	if accepted {
		return fmt.Errorf("TryGo started a task although every slot of the %s group was taken", s.group.name)
	}
	return s.conform(ctx, harness.Holds, "TryGo refuses a task when the group is full")
}

func (s *state) noTryGo(ctx context.Context) error {
	_, ok := s.group.group.(TryGoer)
	if err := s.group.releaseAndJoin(ctx); err != nil {
		return err
	}
	if ok {
		return fmt.Errorf("the %s group does offer TryGo", s.group.name)
	}
	return s.conform(ctx, harness.Differs, "no TryGo: a caller cannot ask whether a slot is free, only wait for one")
}
