package steps

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/concspec/concspec/catalog"
	"github.com/concspec/concspec/harness"
	"github.com/concspec/concspec/patterns/lifetime"
	"github.com/cucumber/godog"
)

// lifetimeState follows goroutines whose owner may or may not wait for them. Every goroutine a
// scenario starts here ends once release is closed, which the scenario's cleanup does at the
// latest, so a negative control's leak is let go before the harness's own leak check.
type lifetimeState struct {
	release *gate
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

func (w *world) registerGoroutineLifetimes(sc *godog.ScenarioContext) {
	sc.When(re(`^a task that fails with "([^"]+)" is started in the group and the group is waited for$`), w.taskJoined)
	sc.When(re(`^a task that fails with "([^"]+)" is started fire-and-forget$`), w.taskFiredAndForgotten)
	sc.When(re(`^a goroutine waits to receive from a channel nobody sends to, selecting on its context$`), w.receiverWithContext)
	sc.When(re(`^a goroutine waits to receive from a channel nobody sends to, with no way to stop it$`), w.receiverForever)
	sc.When(re(`^its context is cancelled$`), w.cancelReceiver)
	sc.When(re(`^(-?\d+) tasks hand their results to "(Collect|CollectWithoutWait)"$`), w.collectResults)
	sc.Then(re(`^the leak check reports a goroutine in "([^"]+)"$`), w.leakReported)
	sc.Then(re(`^once the task ends, its error has reached nobody$`), w.errorReachedNobody)
	sc.Then(re(`^the receiver returns "([^"]+)"$`), w.receiverReturned)
	sc.Then(re(`^all (\d+) results arrive$`), w.allResultsArrive)
	sc.Then(re(`^(\d+) of the (\d+) results are reported lost$`), w.resultsLost)
}

// lifetimes sets up the state on first use and lets everything go when the scenario ends.
func (w *world) lifetimes(ctx context.Context) (*lifetimeState, error) {
	l := &w.lifetime
	if l.release == nil {
		l.release, l.done = newGate(), make(chan struct{})
		if err := harness.Cleanup(ctx, l.release.open); err != nil {
			return nil, err
		}
	}
	return l, nil
}

func (w *world) taskJoined(ctx context.Context, msg string) error {
	if err := w.needGroup(); err != nil {
		return err
	}
	w.group.group.Go(func(context.Context) error { return errors.New(msg) })
	w.group.waitInBackground(nil)
	return nil
}

func (w *world) taskFiredAndForgotten(ctx context.Context, msg string) error {
	l, err := w.lifetimes(ctx)
	if err != nil {
		return err
	}
	lifetime.FireAndForget(func() error {
		defer close(l.done)
		<-l.release.wait()
		l.produced.Add(1)
		return errors.New(msg)
	})
	return nil
}

func (w *world) leakReported(ctx context.Context, function string) error {
	report, err := harness.Leaks(ctx)
	if err != nil {
		return err
	}
	if report == "" || !strings.Contains(report, function) {
		return fmt.Errorf("the leak check should report a goroutine in %q; it reported: %q", function, report)
	}
	return nil
}

func (w *world) errorReachedNobody(ctx context.Context) error {
	l := &w.lifetime
	l.release.open()
	if err := harness.Await(ctx, l.done, "the fire-and-forget task to end"); err != nil {
		return err
	}
	// FireAndForget returns nothing: there is no channel, no Wait, no callback through which
	// the error could arrive. The ledger makes the loss visible.
	if lost := l.produced.Load() - int64(l.delivered); lost != 1 {
		return fmt.Errorf("expected exactly one error produced and none delivered; %d lost", lost)
	}
	return nil
}

func (w *world) receiverWithContext(ctx context.Context) error {
	l, err := w.lifetimes(ctx)
	if err != nil {
		return err
	}
	rctx, cancel := context.WithCancel(ctx)
	l.cancel = cancel
	nobodySends := make(chan int)
	go func() {
		defer close(l.done)
		_, l.receiveErr = implementation(catalog.Receivers, "select on the context")(rctx, nobodySends)
	}()
	return nil
}

func (w *world) receiverForever(ctx context.Context) error {
	l, err := w.lifetimes(ctx)
	if err != nil {
		return err
	}
	go func() {
		defer close(l.done)
		lifetime.ReceiveForever(l.release.wait()) // nobody sends; the scenario's cleanup closes it
	}()
	return nil
}

func (w *world) cancelReceiver() error {
	if w.lifetime.cancel == nil {
		return fmt.Errorf("no receiver with a context is waiting")
	}
	w.lifetime.cancel()
	return nil
}

func (w *world) receiverReturned(ctx context.Context, want string) error {
	if err := harness.Await(ctx, w.lifetime.done, "the receiver to return"); err != nil {
		return err
	}
	if got := fmt.Sprint(w.lifetime.receiveErr); got != want {
		return fmt.Errorf("the receiver returned %q, want %q", got, want)
	}
	return nil
}

// collectResults runs n tasks through a collector. The tasks may return only once the
// collector is blocked (or has returned, which is the bug), so a collector that does not wait
// cannot get lucky.
func (w *world) collectResults(ctx context.Context, n, collector string) error {
	l, err := w.lifetimes(ctx)
	if err != nil {
		return err
	}
	k, err := count("the number of tasks", n, maxGoroutines)
	if err != nil {
		return err
	}
	entry, err := catalog.Lookup("collector", catalog.Collectors, collector)
	if err != nil {
		return err
	}
	collect := entry.New()
	l.tasks = k
	allProduced := make(chan struct{})
	tasks := make([]func() int, k)
	for i := range tasks {
		tasks[i] = func() int {
			<-l.release.wait()
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
	if _, err := harness.AwaitParked(ctx, <-id, collector); err != nil {
		return err
	}
	l.release.open()
	if err := harness.Await(ctx, collected, collector+" to return"); err != nil {
		return err
	}
	return harness.Await(ctx, allProduced, "every task to hand over its result")
}

func (w *world) allResultsArrive(n string) error {
	l := &w.lifetime
	if fmt.Sprint(l.delivered) != n || l.delivered != l.tasks {
		return fmt.Errorf("%d of %d results arrived, want all %s", l.delivered, l.tasks, n)
	}
	return nil
}

func (w *world) resultsLost(lost, total string) error {
	l := &w.lifetime
	got := l.produced.Load() - int64(l.delivered)
	if fmt.Sprint(got) != lost || fmt.Sprint(l.tasks) != total {
		return fmt.Errorf("%d of %d results were lost, want %s of %s", got, l.tasks, lost, total)
	}
	return nil
}
