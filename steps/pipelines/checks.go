package pipelines

import (
	"context"
	"fmt"

	"github.com/concspec/concspec/steps/internal/stepkit"
)

func (s *state) pipelineInOrder() error {
	got := s.received
	for i, v := range got {
		if v != i {
			return fmt.Errorf("item %d came out in position %d", v, i)
		}
	}
	if int64(len(got)) != s.produced.Load() {
		return fmt.Errorf("%d items went in, %d came out", s.produced.Load(), len(got))
	}
	return nil
}

// backpressureCheck is the detector: more items in flight than the pipeline can hold, either
// once it settled or at any moment before, means a stage accepted work its successors could not
// take.
func (s *state) backpressureCheck() error {
	for _, inFlight := range []int64{s.settledInFlight, s.peak.Load()} {
		if inFlight > s.capacity() {
			return fmt.Errorf("%d items in flight where the pipeline holds at most %d", inFlight, s.capacity())
		}
	}
	return nil
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
	if err := s.backpressureCheck(); err != nil {
		return err
	}
	return s.stop(ctx)
}

func (s *state) backpressureCheckCatches(ctx context.Context, inFlight, most string) error {
	err := s.backpressureCheck()
	want := fmt.Sprintf("%s items in flight where the pipeline holds at most %s", inFlight, most)
	if err == nil || err.Error() != want {
		return fmt.Errorf("the backpressure check should have said %q; it said: %v", want, err)
	}
	return s.stop(ctx)
}

func (s *state) pipelineReturns(ctx context.Context, want string) error {
	if err := s.consume(ctx, -1); err != nil {
		return err
	}
	if err := s.finished(ctx, "the pipeline's wait returns the first error once the consumer has read the output until it closed"); err != nil {
		return err
	}
	if got := fmt.Sprint(s.waitErr); got != want {
		return fmt.Errorf("the pipeline returned %q, want %q", got, want)
	}
	return nil
}

// pipelineReturnsUnread waits for the pipeline to finish while nobody reads its output: every
// stage must return by itself once the context is cancelled.
func (s *state) pipelineReturnsUnread(ctx context.Context, want string) error {
	if err := s.finished(ctx, "after the cancellation every stage returns by itself, with nobody reading the output"); err != nil {
		return err
	}
	if got := fmt.Sprint(s.waitErr); got != want {
		return fmt.Errorf("the pipeline returned %q, want %q", got, want)
	}
	return nil
}

func (s *state) consumerGotPrefix(item string) error {
	k, err := stepkit.Number("the item", item, 0, stepkit.MaxRepeats)
	if err != nil {
		return err
	}
	for i, v := range s.received {
		if v != i || v >= k {
			return fmt.Errorf("the consumer got %v", s.received)
		}
	}
	return nil
}
