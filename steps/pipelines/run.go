package pipelines

import (
	"context"
	"fmt"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/pipeline"
	"github.com/concspec/concspec/steps/internal/stepkit"
)

// start runs the pipeline over n items; it returns the IDs of the goroutines of the source and
// the stages.
func (s *state) start(ctx context.Context, n string) ([]int64, error) {
	if s.broken == nil {
		return nil, fmt.Errorf("no pipeline: start with `Given a pipeline of … stages …`")
	}
	k, err := stepkit.Count("the number of items", n, stepkit.MaxRepeats)
	if err != nil {
		return nil, err
	}
	var stages []pipeline.Stage
	ids := make(chan int64, s.stages+1)
	for i := 1; i <= s.stages; i++ {
		build, ok := s.broken[i]
		if !ok {
			if build, err = catalog.Lookup(s.cat, stageKind, "map"); err != nil {
				return nil, err
			}
		}
		stage := build(failingAt(i, s.failAt))
		stages = append(stages, func(ctx context.Context, in <-chan int, out chan<- int) error {
			ids <- harness.GoroutineID()
			return stage(ctx, in, out)
		})
	}
	ctx, s.cancel = context.WithCancel(ctx)
	source := func(ctx context.Context, out chan<- int) error {
		ids <- harness.GoroutineID()
		for i := range k {
			inFlight := s.produced.Add(1) - s.consumed.Load()
			for m := s.peak.Load(); inFlight > m && !s.peak.CompareAndSwap(m, inFlight); m = s.peak.Load() {
			}
			if err := pipeline.Send(ctx, out, i); err != nil {
				return err
			}
		}
		return nil
	}
	s.out, s.waited = nil, make(chan struct{})
	out, wait := pipeline.Run(ctx, s.buffer, source, stages...)
	s.out = out
	go func() {
		defer close(s.waited)
		s.waitErr = wait()
	}()
	// Whatever the scenario leaves in the pipeline is drained when it ends, so even a stage
	// that ignores cancellation can finish before the leak check.
	if err := harness.Cleanup(ctx, func() {
		s.cancel()
		for range out {
		}
	}); err != nil {
		return nil, err
	}
	goroutines := make([]int64, s.stages+1)
	for i := range goroutines {
		goroutines[i] = <-ids
	}
	return goroutines, nil
}

// failingAt is the work of stage s: it passes items through, failing on its failing item.
func failingAt(s int, failAt map[int]int) func(int) (int, error) {
	item, fails := failAt[s]
	return func(v int) (int, error) {
		if fails && v == item {
			return 0, fmt.Errorf("stage %d failed on item %d", s, v)
		}
		return v, nil
	}
}

// consume reads up to n items (n < 0: until the output closes).
func (s *state) consume(ctx context.Context, n int) error {
	for n != 0 {
		got := make(chan struct{})
		var v int
		var ok bool
		go func() { v, ok = <-s.out; close(got) }()
		if err := harness.Await(ctx, got, "the next item from the pipeline"); err != nil {
			return err
		}
		if !ok {
			return nil
		}
		s.received = append(s.received, v)
		s.consumed.Add(1)
		n--
	}
	return nil
}

func (s *state) itemsFlow(ctx context.Context, n string) error {
	if _, err := s.start(ctx, n); err != nil {
		return err
	}
	if err := s.consume(ctx, -1); err != nil {
		return err
	}
	return harness.Await(ctx, s.waited, "the pipeline to finish")
}

func (s *state) consumerPauses(ctx context.Context, n, take string) error {
	goroutines, err := s.start(ctx, n)
	if err != nil {
		return err
	}
	k, err := stepkit.Number("the items taken", take, 0, stepkit.MaxRepeats)
	if err != nil {
		return err
	}
	if err := s.consume(ctx, k); err != nil {
		return err
	}
	// Once the source and every stage are blocked at the same moment, nothing can move until the
	// consumer reads again: the pipeline has settled.
	if _, err := harness.AwaitAllParked(ctx, goroutines, "the pipeline's source and stages"); err != nil {
		return err
	}
	s.settledInFlight = s.produced.Load() - s.consumed.Load()
	return nil
}

func (s *state) consumerQuits() error {
	if s.cancel == nil {
		return fmt.Errorf("no pipeline is running")
	}
	s.cancel()
	return nil
}
