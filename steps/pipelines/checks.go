package pipelines

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
)

// The checks below are the rule's detectors; each positive step runs one, and each negative
// control runs the same one and passes only when it fires on the broken stage.

// orderCheck is the order detector: item i came out i-th, and every item fed came out once.
func (s *state) orderCheck(ctx context.Context) error {
	return harness.Detect(ctx, order, func() error {
		for i, v := range s.received {
			if v != i {
				return fmt.Errorf("item %d came out in position %d", v, i)
			}
		}
		if len(s.received) != s.fed {
			return fmt.Errorf("%d items went in, %d came out", s.fed, len(s.received))
		}
		return nil
	})
}

func (s *state) inOrder(ctx context.Context) error { return s.orderCheck(ctx) }

func (s *state) inOrderFails(ctx context.Context, want string) error {
	return shared.Fired(s.orderCheck(ctx), "order", "the broken stage", want)
}

// backpressureCheck is the backpressure detector: more items in flight than the pipeline can
// hold, either once it settled or at any moment before, means a stage accepted work its
// successors could not take.
func (s *state) backpressureCheck(ctx context.Context) error {
	return harness.Detect(ctx, backpressure, func() error {
		for _, inFlight := range []int64{s.settledInFlight, s.peak.Load()} {
			if inFlight > s.capacity() {
				return fmt.Errorf("%d items in flight where the pipeline holds at most %d", inFlight, s.capacity())
			}
		}
		return nil
	})
}

// stop cancels the pipeline, drains it and waits for it to finish.
func (s *state) stop(ctx context.Context) error {
	s.cancel()
	if err := s.consume(ctx, -1); err != nil {
		return err
	}
	return s.finished(ctx, "the pipeline's wait returns once the consumer has cancelled it and read what was left")
}

func (s *state) producerBlocked(ctx context.Context, most string) error {
	if fmt.Sprint(s.capacity()) != most {
		return fmt.Errorf("this pipeline holds at most %d items, not %s", s.capacity(), most)
	}
	if err := s.backpressureCheck(ctx); err != nil {
		return err
	}
	return s.stop(ctx)
}

func (s *state) backpressureCheckCatches(ctx context.Context, inFlight, most string) error {
	want := fmt.Sprintf("%s items in flight where the pipeline holds at most %s", inFlight, most)
	if err := shared.Fired(s.backpressureCheck(ctx), "backpressure", "the broken stage", want); err != nil {
		return err
	}
	return s.stop(ctx)
}

// bufferingCheck is the buffering detector: once the pipeline has settled behind the paused
// consumer, nothing can move, so the items in flight are exactly those its channels and
// goroutines hold, no fewer and no more.
func (s *state) bufferingCheck(ctx context.Context) error {
	return harness.Detect(ctx, buffering, func() error {
		if s.settledInFlight != s.full() {
			return fmt.Errorf("%d items in flight where the settled pipeline holds exactly %d", s.settledInFlight, s.full())
		}
		return nil
	})
}

// settledPipeline says why the buffering check cannot run: the pipeline has not settled, or the
// scenario states another number than its channels and goroutines hold.
func (s *state) settledPipeline(exactly string) error {
	if !s.settled {
		return fmt.Errorf("the pipeline has not settled: use `When … items are fed to it while the consumer takes … and pauses`")
	}
	if fmt.Sprint(s.full()) != exactly {
		return fmt.Errorf("this pipeline holds exactly %d items once it has settled, not %s", s.full(), exactly)
	}
	return nil
}

func (s *state) settledExactly(ctx context.Context, exactly string) error {
	if err := s.settledPipeline(exactly); err != nil {
		return err
	}
	if err := s.bufferingCheck(ctx); err != nil {
		return fmt.Errorf("every channel should be full and the source and each stage should hold one item, but %w", err)
	}
	return s.stop(ctx)
}

func (s *state) settledExactlyFails(ctx context.Context, exactly, want string) error {
	if err := s.settledPipeline(exactly); err != nil {
		return err
	}
	if err := shared.Fired(s.bufferingCheck(ctx), "buffering", "the broken stage", want); err != nil {
		return err
	}
	return s.stop(ctx)
}

// returnsCheck is the first-error detector's look at what the pipeline returned, once the
// consumer has read the output until it closed.
func (s *state) returnsCheck(ctx context.Context, want string) error {
	if err := s.consume(ctx, -1); err != nil {
		return err
	}
	if err := s.finished(ctx, "the pipeline's wait returns the first error once the consumer has read the output until it closed"); err != nil {
		return err
	}
	return harness.Detect(ctx, firstError, func() error {
		if got := fmt.Sprint(s.waitErr); got != want {
			return fmt.Errorf("it returned %q", got)
		}
		return nil
	})
}

func (s *state) pipelineReturns(ctx context.Context, want string) error {
	if err := s.returnsCheck(ctx, want); err != nil {
		return fmt.Errorf("the pipeline should return %q, but %w", want, err)
	}
	return nil
}

func (s *state) pipelineReturnsFails(ctx context.Context, want, got string) error {
	return shared.Fired(s.returnsCheck(ctx, want), "first-error", "the broken stage", fmt.Sprintf("it returned %q", got))
}

// consumerGotPrefix is the first error's other half: no item at or past the failing one came
// out, and those before it came in order.
func (s *state) consumerGotPrefix(ctx context.Context, item string) error {
	k, err := stepkit.Number("the item", item, 0, stepkit.MaxRepeats)
	if err != nil {
		return err
	}
	return harness.Detect(ctx, firstError, func() error {
		for i, v := range s.received {
			if v != i || v >= k {
				return fmt.Errorf("the consumer got %v: item %d came out in position %d, after the error on item %d should have stopped every stage", s.received, v, i, k)
			}
		}
		return nil
	})
}

// unreadCheck is the cancellation detector's look at a pipeline whose consumer quit while every
// stage was blocked: with nobody reading its output, every stage must return by itself, at once
// (without taking another item from its input to work on), and the pipeline must return want.
func (s *state) unreadCheck(ctx context.Context, want string) error {
	if s.workedAtQuit == nil {
		return fmt.Errorf("the consumer has not quit: use `When the consumer quits, cancelling the context`")
	}
	return harness.Detect(ctx, cancellation, func() error {
		if err := s.finished(ctx, "after the cancellation every stage returns by itself, with nobody reading the output"); err != nil {
			return err
		}
		for i := 1; i < len(s.worked); i++ {
			if more := s.worked[i].Load() - s.workedAtQuit[i]; more > 0 {
				return fmt.Errorf("stage %d went on to work on %d more items after the cancellation", i, more)
			}
		}
		if got := fmt.Sprint(s.waitErr); got != want {
			return fmt.Errorf("the pipeline returned %q, want %q", got, want)
		}
		return nil
	})
}

func (s *state) pipelineReturnsUnread(ctx context.Context, want string) error {
	return s.unreadCheck(ctx, want)
}

func (s *state) pipelineReturnsUnreadFails(ctx context.Context, want, stage, function string) error {
	err := s.unreadCheck(ctx, want)
	if err == nil {
		return fmt.Errorf("the cancellation check did not fire: every stage returned after the consumer quit")
	}
	if !errors.Is(err, harness.ErrStuck) || !strings.Contains(err.Error(), stage+" is parked at "+function) {
		return fmt.Errorf("the cancellation check fired, but not on %s parked in %s: %w", stage, function, err)
	}
	return nil
}

// forwardCheck is the cancellation detector's look at the late item of every pipeline the
// scenario ran: the first stage may be handed it (the source sent it), but no stage may pass it
// on.
func (s *state) forwardCheck(ctx context.Context) error {
	if len(s.forwards) == 0 {
		return fmt.Errorf("no item was sent after the cancellation: use `When … items flow through it, and 1 more is sent after the consumer quits`")
	}
	return harness.Detect(ctx, cancellation, func() error {
		for i, forward := range s.forwards {
			switch {
			case forward == "":
			case len(s.forwards) > 1:
				return fmt.Errorf("%s (in pipeline %d of %d)", forward, i+1, len(s.forwards))
			default:
				return errors.New(forward)
			}
		}
		return nil
	})
}

func (s *state) nothingForwarded(ctx context.Context) error {
	if err := s.forwardCheck(ctx); err != nil {
		return fmt.Errorf("a cancelled stage must drop what it is handed, even with room to send it, but after the consumer quit %w", err)
	}
	return nil
}

func (s *state) nothingForwardedFails(ctx context.Context, want string) error {
	return shared.Fired(s.forwardCheck(ctx), "cancellation", "the broken stage", want)
}
