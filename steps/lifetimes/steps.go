package lifetimes

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/lifetime"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
	"github.com/cucumber/godog"
)

// lifetimeState follows goroutines whose owner may or may not wait for them. Every goroutine a
// scenario starts here ends once release is closed, which the scenario's cleanup does at the
// latest, so a negative control's leak is let go before the harness's own leak check.
type lifetimeState struct {
	release *stepkit.Gate
	// done is closed when the fire-and-forget task or the receiver has returned.
	done chan struct{}
	// produced counts the results (or errors) tasks handed over; delivered those the caller got.
	produced  atomic.Int64
	delivered int
	tasks     int
	// receiveErr is what the receiver returned; cancel cancels its context.
	receiveErr error
	cancel     context.CancelFunc
}

// state is what one scenario's lifetime steps share.
type state struct {
	cat      *catalog.Catalog
	lifetime lifetimeState
}

// register adds the feature's steps but one: "a task that fails with … is started in the group
// and the group is waited for" needs the scenario's task group, and steps/taskgroups has it.
func register(sc *godog.ScenarioContext, cat *catalog.Catalog) {
	s := &state{cat: cat}
	sc.When(stepkit.Re(`^a task that fails with "([^"]+)" is started fire-and-forget$`), s.taskFiredAndForgotten)
	sc.When(stepkit.Re(`^a goroutine waits to receive from a channel nobody sends to, selecting on its context$`), s.receiverWithContext)
	sc.When(stepkit.Re(`^a goroutine waits to receive from a channel nobody sends to, with no way to stop it$`), s.receiverForever)
	sc.When(stepkit.Re(`^its context is cancelled$`), s.cancelReceiver)
	sc.When(stepkit.Re(`^(-?\d+) tasks hand their results to "(Collect|CollectWithoutWait)"$`), s.collectResults)
	sc.Then(stepkit.Re(`^the leak check reports a goroutine in "([^"]+)"$`), s.leakReported)
	sc.Then(stepkit.Re(`^once the task ends, its error has reached nobody$`), s.errorReachedNobody)
	sc.Then(stepkit.Re(`^the receiver returns "([^"]+)"$`), s.receiverReturned)
	sc.Then(stepkit.Re(`^all (\d+) results arrive$`), s.allResultsArrive)
	sc.Then(stepkit.Re(`^(\d+) of the (\d+) results are reported lost$`), s.resultsLost)
}

// lifetimes sets up the state on first use and lets everything go when the scenario ends.
func (s *state) lifetimes(ctx context.Context) (*lifetimeState, error) {
	l := &s.lifetime
	if l.release == nil {
		l.release, l.done = stepkit.NewGate(), make(chan struct{})
		if err := harness.Cleanup(ctx, l.release.Open); err != nil {
			return nil, err
		}
	}
	return l, nil
}

func (s *state) taskFiredAndForgotten(ctx context.Context, msg string) error {
	l, err := s.lifetimes(ctx)
	if err != nil {
		return err
	}
	lifetime.FireAndForget(func() error {
		defer close(l.done)
		<-l.release.Wait()
		l.produced.Add(1)
		return errors.New(msg)
	})
	return nil
}

func (s *state) leakReported(ctx context.Context, function string) error {
	report, err := harness.Leaks(ctx)
	if err != nil {
		return err
	}
	if report == "" || !strings.Contains(report, function) {
		return fmt.Errorf("the leak check should report a goroutine in %q; it reported: %q", function, report)
	}
	return nil
}

func (s *state) errorReachedNobody(ctx context.Context) error {
	l := &s.lifetime
	l.release.Open()
	if err := shared.Settle(ctx, l.done, "the fire-and-forget task", func(parked []harness.Goroutine) string {
		return "its gate is open, so the task should return at once; but it is parked at " +
			shared.WhereAll(shared.In(parked, "(*state).taskFiredAndForgotten"))
	}); err != nil {
		return err
	}
	// FireAndForget returns nothing: there is no channel, no Wait, no callback through which
	// the error could arrive. The ledger makes the loss visible.
	if lost := l.produced.Load() - int64(l.delivered); lost != 1 {
		return fmt.Errorf("expected exactly one error produced and none delivered; %d lost", lost)
	}
	return nil
}

func (s *state) receiverWithContext(ctx context.Context) error {
	l, err := s.lifetimes(ctx)
	if err != nil {
		return err
	}
	receive, err := catalog.Lookup(s.cat, receiverKind, "select on the context")
	if err != nil {
		return err
	}
	rctx, cancel := context.WithCancel(ctx)
	l.cancel = cancel
	nobodySends := make(chan int)
	// Nobody sends; the scenario's cleanup closes the channel, so that even a receiver that
	// ignores its context returns before the leak check once the scenario has failed.
	if err := harness.Cleanup(ctx, func() { close(nobodySends) }); err != nil {
		return err
	}
	go func() {
		defer close(l.done)
		_, l.receiveErr = receive(rctx, nobodySends)
	}()
	return nil
}

func (s *state) receiverForever(ctx context.Context) error {
	l, err := s.lifetimes(ctx)
	if err != nil {
		return err
	}
	go func() {
		defer close(l.done)
		lifetime.ReceiveForever(l.release.Wait()) // nobody sends; the scenario's cleanup closes it
	}()
	return nil
}

func (s *state) cancelReceiver() error {
	if s.lifetime.cancel == nil {
		return fmt.Errorf("no receiver with a context is waiting")
	}
	s.lifetime.cancel()
	return nil
}

func (s *state) receiverReturned(ctx context.Context, want string) error {
	if s.lifetime.done == nil {
		return fmt.Errorf("no receiver is waiting")
	}
	if err := shared.Settle(ctx, s.lifetime.done, "the receiver", func(parked []harness.Goroutine) string {
		return "a receiver that selects on its context returns once the context is cancelled; but it is still parked at " +
			shared.WhereAll(shared.In(parked, "(*state).receiverWithContext")) +
			" after the cancellation: it waits only on a channel nobody will ever send to, so it has no way out and its goroutine is held for ever"
	}); err != nil {
		return err
	}
	if got := fmt.Sprint(s.lifetime.receiveErr); got != want {
		return fmt.Errorf("the receiver returned %q, want %q", got, want)
	}
	return nil
}

// collectResults runs n tasks through a collector. The tasks may return only once the
// collector is blocked (or has returned, which is the bug), so a collector that does not wait
// cannot get lucky.
func (s *state) collectResults(ctx context.Context, n, collector string) error {
	l, err := s.lifetimes(ctx)
	if err != nil {
		return err
	}
	k, err := stepkit.Count("the number of tasks", n, stepkit.MaxGoroutines)
	if err != nil {
		return err
	}
	collect, err := catalog.Lookup(s.cat, collectorKind, collector)
	if err != nil {
		return err
	}
	l.tasks = k
	allProduced := make(chan struct{})
	tasks := make([]func() int, k)
	for i := range tasks {
		tasks[i] = func() int {
			<-l.release.Wait()
			if l.produced.Add(1) == int64(k) {
				close(allProduced)
			}
			return i
		}
	}
	collected := make(chan struct{})
	id := make(chan int64, 1)
	go func() {
		defer close(collected)
		id <- harness.GoroutineID()
		l.delivered = len(collect(tasks))
	}()
	// The goroutine above says its ID before anything else, into a buffer with room for it: the
	// receive below cannot block.
	if _, err := harness.AwaitParked(ctx, <-id, collector); err != nil {
		return err
	}
	l.release.Open()
	if err := shared.Settle(ctx, collected, collector, func(parked []harness.Goroutine) string {
		return fmt.Sprintf("every task is let go, so %s should return once the %d of them have handed over their results (%d have); but it is parked at %s: a collector must wait for exactly the tasks it started, and for nothing else",
			collector, k, l.produced.Load(), shared.WhereAll(shared.In(parked, "(*state).collectResults")))
	}); err != nil {
		return err
	}
	return shared.Settle(ctx, allProduced, "every task's hand-over of its result", func(parked []harness.Goroutine) string {
		return fmt.Sprintf("every task is let go, so each should hand over its result and return; but %d of %d have, and the others are parked at %s",
			l.produced.Load(), k, shared.WhereAll(shared.In(parked, "(*state).collectResults")))
	})
}

func (s *state) allResultsArrive(n string) error {
	l := &s.lifetime
	if fmt.Sprint(l.delivered) != n || l.delivered != l.tasks {
		return fmt.Errorf("%d of %d results arrived, want all %s", l.delivered, l.tasks, n)
	}
	return nil
}

func (s *state) resultsLost(lost, total string) error {
	l := &s.lifetime
	got := l.produced.Load() - int64(l.delivered)
	if fmt.Sprint(got) != lost || fmt.Sprint(l.tasks) != total {
		return fmt.Errorf("%d of %d results were lost, want %s of %s", got, l.tasks, lost, total)
	}
	return nil
}
