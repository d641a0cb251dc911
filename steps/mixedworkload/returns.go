package mixedworkload

import (
	"context"
	"errors"
	"fmt"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/shared"
)

// closedWhileComputing closes the layer's channel while the first request computes, then lets
// the first request go and waits for Run to return.
func (s *state) closedWhileComputing(ctx context.Context) error {
	if err := s.whileComputing("its channel is closed"); err != nil {
		return err
	}
	close(s.in)
	s.closed = true
	return s.releaseAndReturn(ctx, "its channel is closed")
}

// cancelledWhileComputing cancels the context Run was given while the first request computes
// and its channel stays open, then lets the first request go and waits for Run to return.
func (s *state) cancelledWhileComputing(ctx context.Context) error {
	if err := s.whileComputing("its context is cancelled"); err != nil {
		return err
	}
	s.cancel()
	s.cancelled = true
	return s.releaseAndReturn(ctx, "its context is cancelled")
}

// whileComputing says whether Run can be made to return while the first request computes: the
// first request must compute on a goroutine other than Run's, and Run must not have been made
// to return already.
func (s *state) whileComputing(what string) error {
	switch {
	case s.in == nil:
		return fmt.Errorf("no request was sent: start with `When a request whose CPU work runs until released arrives, …` before %s", what)
	case s.computer == s.runner:
		return fmt.Errorf("the I/O layer %q computes the first request on the goroutine that runs it, so Run cannot be made to return while it computes", s.name)
	case s.returned || s.finished:
		return fmt.Errorf("the I/O layer %q has already been made to return", s.name)
	}
	return nil
}

// releaseAndReturn gives Run the chance to return too early — it waits until the goroutine that
// runs it has blocked or returned, while the first request still computes — and only then lets
// the first request go and waits for Run. Nothing is timed: the work Run left undone when it
// returned is counted at its return (atReturn), and Run is stuck when it is still parked once
// every goroutine of the scenario is. A Run stuck after a cancel is let go by closing its channel.
func (s *state) releaseAndReturn(ctx context.Context, why string) error {
	if _, err := harness.AwaitParked(ctx, s.runner, "the goroutine that runs the I/O layer, once "+why); err != nil {
		return err
	}
	s.stop.Store(true)
	s.returned = true
	s.stuck = shared.Settle(ctx, s.done, "the I/O layer's Run", s.diagnose("the first request is released and "+why+", so Run should return once its workers have finished", returnsAtClose))
	if s.stuck != nil && s.closed {
		return s.stuck // nothing more can make it return
	}
	return s.finish(ctx)
}

// joinCheck is the join detector: when Run returned, no work of a request it had queued was
// running or still to start.
func (s *state) joinCheck(ctx context.Context) error {
	if !s.returned {
		return fmt.Errorf("the layer's Run was not made to return while the first request computed: add `When the I/O layer's channel is closed while the first request is still computing`")
	}
	u := s.atReturn
	return harness.Detect(ctx, joined, func() error {
		if u.running > 0 || u.notStarted > 0 {
			return fmt.Errorf("the layer's Run returned before the work of the requests it had queued was done: %d still running, %d not yet started", u.running, u.notStarted)
		}
		return nil
	})
}

func (s *state) returnedAfterWork(ctx context.Context) error {
	if err := s.joinCheck(ctx); err != nil {
		return fmt.Errorf("the I/O layer %q should return only once its workers have finished the work it took, but %w", s.name, err)
	}
	return nil
}

func (s *state) returnedAfterWorkFails(ctx context.Context, want string) error {
	return shared.Fired(s.joinCheck(ctx), "join", fmt.Sprintf("the I/O layer %q", s.name), want)
}

// contextCheck is the context detector: once its context was cancelled and the first request
// released, Run returned, its channel still open.
func (s *state) contextCheck(ctx context.Context) error {
	if !s.cancelled {
		return fmt.Errorf("the layer's context was not cancelled while the first request computed: add `When the I/O layer's context is cancelled while the first request is still computing`")
	}
	stuck := s.stuck
	return harness.Detect(ctx, stopsWithContext, func() error {
		switch {
		case errors.Is(stuck, harness.ErrStuck):
			return fmt.Errorf("the layer's Run did not return when its context was cancelled, and nothing in the scenario could make it")
		case stuck != nil:
			return fmt.Errorf("the layer's Run had not returned within the bound after its context was cancelled")
		}
		return nil
	})
}

func (s *state) returnedAtCancel(ctx context.Context) error {
	err := s.contextCheck(ctx)
	switch {
	case err != nil && s.stuck != nil:
		return fmt.Errorf("the I/O layer %q should return once its context is cancelled, but %w: %w", s.name, err, s.stuck)
	case err != nil:
		return fmt.Errorf("the I/O layer %q should return once its context is cancelled, but %w", s.name, err)
	}
	return nil
}

func (s *state) returnedAtCancelFails(ctx context.Context, want string) error {
	return shared.Fired(s.contextCheck(ctx), "context", fmt.Sprintf("the I/O layer %q", s.name), want)
}
