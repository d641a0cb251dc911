package steps

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/concspec/concspec/catalog"
	"github.com/concspec/concspec/harness"
	"github.com/concspec/concspec/patterns/pipeline"
	"github.com/cucumber/godog"
)

// pipelineState describes the pipeline a scenario builds and what came out of it.
type pipelineState struct {
	stages, buffer int
	// broken maps a stage number (from 1) to how it is built instead of pipeline.Map.
	broken   map[int]catalog.StageBuilder
	failAt   map[int]int
	received []int
	// produced counts the items the source made; peak is the most ever in flight.
	produced, peak atomic.Int64
	consumed       atomic.Int64
	// settledInFlight is how many items were in flight once the paused pipeline had settled.
	settledInFlight int64
	cancel          context.CancelFunc
	out             <-chan int
	waited          chan struct{}
	waitErr         error
}

func (w *world) registerPipelines(sc *godog.ScenarioContext) {
	sc.Given(re(`^a pipeline of (-?\d+) stages joined by channels with a buffer of (-?\d+)$`), w.thePipeline)
	sc.Given(re(`^stage (\d+) fails on item (\d+)$`), w.stageFails)
	sc.Given(re(`^stage (\d+) ignores cancellation$`), w.stageIgnoresCancel)
	sc.Given(re(`^stage (\d+) queues without bound$`), w.stageUnbounded)
	sc.When(re(`^(-?\d+) items flow through it$`), w.itemsFlow)
	sc.When(re(`^(-?\d+) items are fed to it while the consumer takes (-?\d+) and pauses$`), w.consumerPauses)
	sc.When(re(`^(-?\d+) items are fed to it and the consumer reads until the output closes$`), w.itemsFlow)
	sc.When(re(`^the consumer quits, cancelling the context$`), w.consumerQuits)
	sc.Then(re(`^they come out in the order they went in, each once$`), w.pipelineInOrder)
	sc.Then(re(`^the producer is blocked with at most (\d+) items in flight$`), w.producerBlocked)
	sc.Then(re(`^the backpressure check catches (\d+) items in flight where the pipeline holds at most (\d+)$`), w.backpressureCheckCatches)
	sc.Then(re(`^the pipeline returns "([^"]+)"$`), w.pipelineReturns)
	sc.Then(re(`^the pipeline returns "([^"]+)" with nobody reading its output$`), w.pipelineReturnsUnread)
	sc.Then(re(`^the consumer got items in order, none from item (\d+) on$`), w.consumerGotPrefix)
}

func (w *world) thePipeline(stages, buffer string) error {
	p := &w.pipeline
	var err error
	if p.stages, err = count("the number of stages", stages, 100); err != nil {
		return err
	}
	p.buffer, err = number("the buffer", buffer, 0, 10_000)
	p.broken, p.failAt = map[int]catalog.StageBuilder{}, map[int]int{}
	return err
}

func (w *world) stage(n string) (int, error) {
	if w.pipeline.broken == nil {
		return 0, fmt.Errorf("no pipeline: start with `Given a pipeline of … stages …`")
	}
	return count("the stage number", n, w.pipeline.stages)
}

func (w *world) stageFails(n, item string) error {
	s, err := w.stage(n)
	if err != nil {
		return err
	}
	w.pipeline.failAt[s], err = number("the failing item", item, 0, maxRepeats)
	return err
}

func (w *world) stageIgnoresCancel(n string) error {
	s, err := w.stage(n)
	w.pipeline.broken[s] = implementation(catalog.Stages, "ignores cancellation")
	return err
}

func (w *world) stageUnbounded(n string) error {
	s, err := w.stage(n)
	w.pipeline.broken[s] = implementation(catalog.Stages, "queues without bound")
	return err
}

// capacity is the most items that can be in flight: a buffer per channel (one after the source
// and one after each stage), the item the source and each stage hold while blocked on a send,
// and the one the consumer has taken but not yet counted.
func (p *pipelineState) capacity() int64 {
	return int64((p.stages+1)*p.buffer + p.stages + 2)
}

// start runs the pipeline over n items; it returns the IDs of the goroutines of the source and
// the stages.
func (w *world) start(ctx context.Context, n string) ([]int64, error) {
	p := &w.pipeline
	if p.broken == nil {
		return nil, fmt.Errorf("no pipeline: start with `Given a pipeline of … stages …`")
	}
	k, err := count("the number of items", n, maxRepeats)
	if err != nil {
		return nil, err
	}
	ctx, p.cancel = context.WithCancel(ctx)
	ids := make(chan int64, p.stages+1)
	source := func(ctx context.Context, out chan<- int) error {
		ids <- harness.GoroutineID()
		for i := range k {
			inFlight := p.produced.Add(1) - p.consumed.Load()
			for m := p.peak.Load(); inFlight > m && !p.peak.CompareAndSwap(m, inFlight); m = p.peak.Load() {
			}
			if err := pipeline.Send(ctx, out, i); err != nil {
				return err
			}
		}
		return nil
	}
	var stages []pipeline.Stage
	for s := 1; s <= p.stages; s++ {
		build := implementation(catalog.Stages, "map")
		if b, ok := p.broken[s]; ok {
			build = b
		}
		stage := build(failingAt(s, p.failAt))
		stages = append(stages, func(ctx context.Context, in <-chan int, out chan<- int) error {
			ids <- harness.GoroutineID()
			return stage(ctx, in, out)
		})
	}
	p.out, p.waited = nil, make(chan struct{})
	out, wait := pipeline.Run(ctx, p.buffer, source, stages...)
	p.out = out
	go func() {
		defer close(p.waited)
		p.waitErr = wait()
	}()
	// Whatever the scenario leaves in the pipeline is drained when it ends, so even a stage
	// that ignores cancellation can finish before the leak check.
	if err := harness.Cleanup(ctx, func() {
		p.cancel()
		for range out {
		}
	}); err != nil {
		return nil, err
	}
	goroutines := make([]int64, p.stages+1)
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
func (w *world) consume(ctx context.Context, n int) error {
	p := &w.pipeline
	for n != 0 {
		got := make(chan struct{})
		var v int
		var ok bool
		go func() { v, ok = <-p.out; close(got) }()
		if err := harness.Await(ctx, got, "the next item from the pipeline"); err != nil {
			return err
		}
		if !ok {
			return nil
		}
		p.received = append(p.received, v)
		p.consumed.Add(1)
		n--
	}
	return nil
}

func (w *world) itemsFlow(ctx context.Context, n string) error {
	if _, err := w.start(ctx, n); err != nil {
		return err
	}
	if err := w.consume(ctx, -1); err != nil {
		return err
	}
	return harness.Await(ctx, w.pipeline.waited, "the pipeline to finish")
}

func (w *world) consumerPauses(ctx context.Context, n, take string) error {
	goroutines, err := w.start(ctx, n)
	if err != nil {
		return err
	}
	k, err := number("the items taken", take, 0, maxRepeats)
	if err != nil {
		return err
	}
	if err := w.consume(ctx, k); err != nil {
		return err
	}
	// Once the source and every stage are blocked at the same moment, nothing can move until the
	// consumer reads again: the pipeline has settled.
	if _, err := harness.AwaitAllParked(ctx, goroutines, "the pipeline's source and stages"); err != nil {
		return err
	}
	w.pipeline.settledInFlight = w.pipeline.produced.Load() - w.pipeline.consumed.Load()
	return nil
}

func (w *world) consumerQuits() error {
	if w.pipeline.cancel == nil {
		return fmt.Errorf("no pipeline is running")
	}
	w.pipeline.cancel()
	return nil
}

func (w *world) pipelineInOrder() error {
	got := w.pipeline.received
	for i, v := range got {
		if v != i {
			return fmt.Errorf("item %d came out in position %d", v, i)
		}
	}
	if int64(len(got)) != w.pipeline.produced.Load() {
		return fmt.Errorf("%d items went in, %d came out", w.pipeline.produced.Load(), len(got))
	}
	return nil
}

// backpressureCheck is the detector: more items in flight than the pipeline can hold, either
// once it settled or at any moment before, means a stage accepted work its successors could not
// take.
func (w *world) backpressureCheck() error {
	p := &w.pipeline
	for _, inFlight := range []int64{p.settledInFlight, p.peak.Load()} {
		if inFlight > p.capacity() {
			return fmt.Errorf("%d items in flight where the pipeline holds at most %d", inFlight, p.capacity())
		}
	}
	return nil
}

// stop cancels the pipeline, drains it and waits for it to finish.
func (w *world) stop(ctx context.Context) error {
	w.pipeline.cancel()
	if err := w.consume(ctx, -1); err != nil {
		return err
	}
	return harness.Await(ctx, w.pipeline.waited, "the pipeline to finish")
}

func (w *world) producerBlocked(ctx context.Context, most string) error {
	if fmt.Sprint(w.pipeline.capacity()) != most {
		return fmt.Errorf("this pipeline holds at most %d items, not %s", w.pipeline.capacity(), most)
	}
	if err := w.backpressureCheck(); err != nil {
		return err
	}
	return w.stop(ctx)
}

func (w *world) backpressureCheckCatches(ctx context.Context, inFlight, most string) error {
	err := w.backpressureCheck()
	want := fmt.Sprintf("%s items in flight where the pipeline holds at most %s", inFlight, most)
	if err == nil || err.Error() != want {
		return fmt.Errorf("the backpressure check should have said %q; it said: %v", want, err)
	}
	return w.stop(ctx)
}

func (w *world) pipelineReturns(ctx context.Context, want string) error {
	if err := w.consume(ctx, -1); err != nil {
		return err
	}
	if err := harness.Await(ctx, w.pipeline.waited, "the pipeline to finish"); err != nil {
		return err
	}
	if got := fmt.Sprint(w.pipeline.waitErr); got != want {
		return fmt.Errorf("the pipeline returned %q, want %q", got, want)
	}
	return nil
}

// pipelineReturnsUnread waits for the pipeline to finish while nobody reads its output: every
// stage must return by itself once the context is cancelled.
func (w *world) pipelineReturnsUnread(ctx context.Context, want string) error {
	if err := harness.Await(ctx, w.pipeline.waited, "every stage to return after the cancellation, with nobody reading"); err != nil {
		return err
	}
	if got := fmt.Sprint(w.pipeline.waitErr); got != want {
		return fmt.Errorf("the pipeline returned %q, want %q", got, want)
	}
	return nil
}

func (w *world) consumerGotPrefix(item string) error {
	k, err := number("the item", item, 0, maxRepeats)
	if err != nil {
		return err
	}
	for i, v := range w.pipeline.received {
		if v != i || v >= k {
			return fmt.Errorf("the consumer got %v", w.pipeline.received)
		}
	}
	return nil
}
