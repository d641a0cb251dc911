package pipelines

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/pipeline"
	"github.com/concspec/concspec/steps/internal/stepkit"
)

// The cancellation scenarios: a consumer that quits an idle pipeline, and an item sent after the
// consumer quit. Each forces its interleaving: the pipeline settles, then the consumer quits,
// then the source acts.

// quitWhileIdle lets n items flow through a pipeline whose source then waits for more; once
// every item is read and the pipeline has settled, the consumer quits.
func (s *state) quitWhileIdle(ctx context.Context, n string) error {
	k, err := stepkit.Count("the number of items", n, stepkit.MaxRepeats)
	if err != nil {
		return err
	}
	s.fed = k
	goroutines, err := s.start(ctx, quietSource(k))
	if err != nil {
		return err
	}
	if err := s.consume(ctx, k); err != nil {
		return err
	}
	if _, err := harness.AwaitAllParked(ctx, goroutines, "the pipeline's source (waiting for more work) and stages (each waiting for an item)"); err != nil {
		return err
	}
	return s.consumerQuits()
}

// lateItem forces the interleaving in which a stage could forward after the cancellation, in
// rounds fresh pipelines one after another (one when rounds is empty): n items flow through and
// are all read, so every channel has room; the pipeline settles (the source waits at its gate,
// every stage waits to receive); the consumer quits; only then does the source send item n. The
// consumer then reads until the output closes. Each round notes which stage forwarded the item.
func (s *state) lateItem(ctx context.Context, n, rounds string) error {
	k, err := stepkit.Count("the number of items", n, stepkit.MaxRepeats)
	if err != nil {
		return err
	}
	r := 1
	if rounds != "" {
		if r, err = stepkit.Count("the number of pipelines", rounds, 1_000); err != nil {
			return err
		}
	}
	s.fed, s.late = k, k
	for range r {
		s.received, s.lateSeen = nil, make([]atomic.Bool, s.stages+1)
		if err := s.lateRound(ctx, k); err != nil {
			return err
		}
		s.forwards = append(s.forwards, s.forwardedBy())
	}
	return nil
}

// lateRound is one pipeline of lateItem.
func (s *state) lateRound(ctx context.Context, k int) error {
	gate := stepkit.NewGate()
	goroutines, err := s.start(ctx, s.lateSource(k, gate.Wait()))
	if err != nil {
		return err
	}
	// Registered after start's drain, so it runs first: the source is let go before the drain
	// waits for the output to close.
	if err := harness.Cleanup(ctx, gate.Open); err != nil {
		return err
	}
	if err := s.consume(ctx, k); err != nil {
		return err
	}
	if _, err := harness.AwaitAllParked(ctx, goroutines, "the pipeline's source (at its gate) and stages (each waiting for an item)"); err != nil {
		return err
	}
	s.cancel()
	gate.Open()
	if err := s.consume(ctx, -1); err != nil {
		return err
	}
	return s.finished(ctx, "after the cancellation the source sends its last item and returns, and every stage returns once its input is closed")
}

// forwardedBy says which stage passed the late item on ("" if none did): the stage before the
// first one after stage 1 that was handed it, or the last stage if the consumer got it.
func (s *state) forwardedBy() string {
	for i := 2; i <= s.stages; i++ {
		if s.lateSeen[i].Load() {
			return fmt.Sprintf("stage %d forwarded item %d", i-1, s.late)
		}
	}
	if len(s.received) > s.fed {
		return fmt.Sprintf("stage %d forwarded item %d", s.stages, s.received[s.fed])
	}
	return ""
}

// lateSource sends k items with pipeline.Items, waits for gate, and then sends one more item
// without looking at its context, as a source that has not yet noticed the cancellation would.
// The consumer has read every item by then, so the first channel has room for it.
func (s *state) lateSource(k int, gate <-chan struct{}) pipeline.Source {
	first := pipeline.Items(items(k))
	return func(ctx context.Context, out chan<- int) error {
		if err := first(ctx, out); err != nil {
			return err
		}
		<-gate
		out <- s.late
		return ctx.Err()
	}
}

// quietSource sends k items with pipeline.Items and then waits for more work until ctx is done,
// when it ends without a word (nil), as a source that is told to stop may.
func quietSource(k int) pipeline.Source {
	first := pipeline.Items(items(k))
	return func(ctx context.Context, out chan<- int) error {
		if err := first(ctx, out); err != nil {
			return err
		}
		<-ctx.Done()
		return nil
	}
}
