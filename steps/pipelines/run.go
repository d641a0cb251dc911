package pipelines

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/pipeline"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
)

// start runs the pipeline with the given source; it returns the IDs of the goroutines of the
// source and the stages, and keeps their names for the diagnoses.
func (s *state) start(ctx context.Context, source pipeline.Source) ([]int64, error) {
	if s.broken == nil {
		return nil, fmt.Errorf("no pipeline: start with `Given a pipeline of … stages …`")
	}
	var stages []pipeline.Stage
	// Each goroutine of the pipeline says who it is as it starts; the channel has room for all,
	// so saying it never blocks.
	members := make(chan member, s.stages+1)
	for i := 1; i <= s.stages; i++ {
		build, ok := s.broken[i]
		if !ok {
			var err error
			if build, err = catalog.Lookup(s.cat, stageKind, "map"); err != nil {
				return nil, err
			}
		}
		stage := build(s.work(i))
		stages = append(stages, func(ctx context.Context, in <-chan int, out chan<- int) error {
			members <- member{harness.GoroutineID(), fmt.Sprintf("stage %d", i)}
			return stage(ctx, in, out)
		})
	}
	ctx, s.cancel = context.WithCancel(ctx)
	s.waited = make(chan struct{})
	out, wait := pipeline.Run(ctx, s.buffer, func(ctx context.Context, out chan<- int) error {
		members <- member{harness.GoroutineID(), "the source"}
		return source(ctx, out)
	}, stages...)
	s.out = out
	go func() {
		defer close(s.waited)
		s.waitErr = wait()
	}()
	// Whatever the scenario leaves in the pipeline is drained when it ends, so even a stage
	// that ignores cancellation can finish before the leak check. The drain is bounded: a stage
	// that never closes its output is left to the leak check, which names where it is parked.
	if err := harness.Cleanup(ctx, func() {
		s.cancel()
		_ = shared.Do(ctx, "draining the pipeline's output until it closes", func(context.Context) {
			for range out {
			}
		}, nil)
	}); err != nil {
		return nil, err
	}
	s.members = map[int64]string{}
	goroutines := make([]int64, s.stages+1)
	for i := range goroutines {
		m, _, err := shared.Receive(ctx, members, "the pipeline's source and stages to start", func([]harness.Goroutine) string {
			return fmt.Sprintf("pipeline.Run started %d of the %d goroutines it must run (the source and one per stage), each in its own goroutine", i, len(goroutines))
		})
		if err != nil {
			return nil, err
		}
		goroutines[i], s.members[m.id] = m.id, m.name
	}
	return goroutines, nil
}

// member is one goroutine of the pipeline: the source or a stage.
type member struct {
	id   int64
	name string
}

// work is what stage i applies to every item: it passes the item through, fails on the stage's
// failing item, and counts the items, noting the late one.
func (s *state) work(i int) func(int) (int, error) {
	item, fails := s.failAt[i]
	late := s.late
	return func(v int) (int, error) {
		s.worked[i].Add(1)
		if v == late {
			s.lateSeen[i].Store(true)
		}
		if fails && v == item {
			return 0, fmt.Errorf("stage %d failed on item %d", i, v)
		}
		return v, nil
	}
}

// items are the numbers 0 to n-1, the items a scenario feeds its pipeline.
func items(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// counting is a source of k items that counts each before it sends it, and keeps the most ever
// in flight: made but not yet taken by the consumer.
func (s *state) counting(k int) pipeline.Source {
	return func(ctx context.Context, out chan<- int) error {
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
}

// consume reads up to n items (n < 0: until the output closes). An item already waiting is
// taken at once; otherwise the read is a harness.Call, which fails as soon as nothing in the
// pipeline can move to send the next item or close the output.
func (s *state) consume(ctx context.Context, n int) error {
	for n != 0 {
		var v int
		var ok, got bool
		select {
		case v, ok = <-s.out:
			got = true
		default:
		}
		if !got {
			err := harness.Call(ctx, "the consumer's read of the next item", func() {
				select {
				case v, ok = <-s.out:
				case <-ctx.Done():
				}
			}, s.diagnose("the consumer waits for the next item, which the last stage must send, or close its output once every item has passed",
				"the consumer waits for ever"))
			if err != nil {
				return err
			}
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

// finished waits for the pipeline's wait to return, and fails at once when nothing in the
// scenario can make it return any more.
func (s *state) finished(ctx context.Context, expected string) error {
	return shared.Settle(ctx, s.waited, "the pipeline's wait", s.diagnose(expected, stuckAfterCancel))
}

// diagnose says, for a wait on the pipeline that nothing can end, what was expected, which of
// the pipeline's goroutines are still parked and where, and why that blocks the rule. A goroutine
// is named by the ID it gave as it started; one whose ID the view does not show (harness
// Goroutines tells goroutines apart by their frames, so a twin of another scenario may stand in
// for it) is known by its frames: the goroutines pipeline.Run starts.
func (s *state) diagnose(expected, why string) shared.Diagnosis {
	return func(parked []harness.Goroutine) string {
		var stuck []string
		for _, g := range parked {
			if name, ok := s.members[g.ID]; ok {
				stuck = append(stuck, name+" is parked at "+shared.Where(g))
			} else if g.In("pipeline.Run.func") {
				stuck = append(stuck, "a stage or the source is parked at "+shared.Where(g))
			}
		}
		if len(stuck) == 0 {
			return expected + "; the source and every stage have returned, yet nothing came: the scenario's goroutines are parked at " +
				shared.WhereAll(parked)
		}
		slices.Sort(stuck)
		return expected + "; but " + strings.Join(stuck, ", and ") + ": " + why
	}
}

// stuckAfterCancel is why a stage parked after the cancellation breaks the rule.
const stuckAfterCancel = "a stage blocked on a send or a receive must return once its context is cancelled (the consumer quit, or another stage failed), else it holds its goroutine, and the pipeline's wait, for ever"

// itemsFlow feeds n items from pipeline.Items, the pattern's own source, and reads them all.
func (s *state) itemsFlow(ctx context.Context, n string) error {
	k, err := stepkit.Count("the number of items", n, stepkit.MaxRepeats)
	if err != nil {
		return err
	}
	s.fed = k
	if _, err := s.start(ctx, pipeline.Items(items(k))); err != nil {
		return err
	}
	if err := s.consume(ctx, -1); err != nil {
		return err
	}
	return s.finished(ctx, "the pipeline's wait returns once every item has come out and the source and every stage have returned")
}

// consumerPauses feeds n items from the counting source and reads take of them; then it waits
// for the pipeline to settle.
func (s *state) consumerPauses(ctx context.Context, n, take string) error {
	k, err := stepkit.Count("the number of items", n, stepkit.MaxRepeats)
	if err != nil {
		return err
	}
	s.fed = k
	goroutines, err := s.start(ctx, s.counting(k))
	if err != nil {
		return err
	}
	taken, err := stepkit.Number("the items taken", take, 0, stepkit.MaxRepeats)
	if err != nil {
		return err
	}
	if err := s.consume(ctx, taken); err != nil {
		return err
	}
	// Once the source and every stage are blocked at the same moment, nothing can move until the
	// consumer reads again: the pipeline has settled.
	if _, err := harness.AwaitAllParked(ctx, goroutines, "the pipeline's source and stages"); err != nil {
		return err
	}
	s.settledInFlight, s.settled = s.produced.Load()-s.consumed.Load(), true
	return nil
}

// consumerQuits cancels the pipeline, noting how much work each stage had done: the pipeline
// has settled, so nothing moves between the count and the cancellation.
func (s *state) consumerQuits() error {
	if s.cancel == nil {
		return fmt.Errorf("no pipeline is running")
	}
	s.workedAtQuit = make([]int64, len(s.worked))
	for i := range s.worked {
		s.workedAtQuit[i] = s.worked[i].Load()
	}
	s.cancel()
	return nil
}
