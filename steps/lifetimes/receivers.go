package lifetimes

import (
	"context"
	"fmt"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/shared"
)

// receiving is a goroutine waiting for a value nobody sends: done is closed when it has
// returned, after it has put what it returned in returned; cancel cancels its context.
type receiving struct {
	done     chan struct{}
	returned chan error
	cancel   context.CancelFunc
}

// receivers are the catalogue's receivers the steps name.
var receivers = map[string]string{
	"selecting on its context": "select on the context",
	"with no way to stop it":   "receive for ever",
}

// receiverWaits starts a goroutine that waits, through the named receiver, for a value on a
// channel nobody sends to.
func (s *state) receiverWaits(ctx context.Context, how string) error {
	receive, err := catalog.Lookup(s.cat, receiverKind, receivers[how])
	if err != nil {
		return err
	}
	rctx, cancel := context.WithCancel(ctx)
	r := receiving{done: make(chan struct{}), returned: make(chan error, 1), cancel: cancel}
	nobodySends := make(chan int)
	// Nobody sends; the scenario's cleanup closes the channel, so that even a receiver that
	// ignores its context returns before the leak check.
	if err := harness.Cleanup(ctx, func() { close(nobodySends) }); err != nil {
		return err
	}
	go func() {
		defer close(r.done)
		_, err := receive(rctx, nobodySends)
		r.returned <- err // room for it: never blocks
	}()
	s.recv = r
	return nil
}

func (s *state) cancelReceiver() error {
	if s.recv.cancel == nil {
		return fmt.Errorf("no receiver is waiting")
	}
	s.recv.cancel()
	return nil
}

// receiverCheck is rule R12's detector: once its context is cancelled, the receiver returns
// want. A receiver that waits on nothing but the channel is found parked with nothing left in
// the scenario to move it.
func (s *state) receiverCheck(ctx context.Context, want string) error {
	r := s.recv
	if r.done == nil {
		return fmt.Errorf("no receiver is waiting")
	}
	return harness.Detect(ctx, receiverReturns, func() error {
		if err := shared.Settle(ctx, r.done, "the receiver", func(parked []harness.Goroutine) string {
			return "a receiver that selects on its context returns once the context is cancelled; but it is still parked at " +
				shared.WhereAll(shared.In(parked, "(*state).receiverWaits")) +
				" after the cancellation: it waits only on a channel nobody will ever send to, so it has no way out and its goroutine is held for ever"
		}); err != nil {
			return err
		}
		if got := fmt.Sprint(<-r.returned); got != want { // sent before done was closed
			return fmt.Errorf("the receiver returned %q, want %q", got, want)
		}
		return nil
	})
}

func (s *state) receiverReturned(ctx context.Context, want string) error {
	return s.receiverCheck(ctx, want)
}

// receiverCheckFails is the negative control: the receiver check fires on a receiver with no
// way out.
func (s *state) receiverCheckFails(ctx context.Context, want string) error {
	if s.receiverCheck(ctx, want) == nil {
		return fmt.Errorf("the receiver check did not fire: it found the receiver returned %q once its context was cancelled", want)
	}
	return nil
}
