package links

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
	"github.com/cucumber/godog"
)

// state is the link a scenario drives and what it took while the consumer was paused.
type state struct {
	cat      *catalog.Catalog
	name     string
	impl     linkImpl
	capacity int
	link     Link
	// items is how many the producer was to send; sent counts those the link took.
	items int
	sent  atomic.Int64
	// taken is how many the consumer read before it paused; held is how many the link held
	// once the scenario settled with the consumer paused, and finished says the producer had
	// sent them all by then.
	taken    int
	held     int64
	finished bool
	producer chan struct{}
}

func register(sc *godog.ScenarioContext, cat *catalog.Catalog) {
	s := &state{cat: cat}
	sc.Given(stepkit.Re(`^the "([^"]+)" channel link with a capacity of (\d+)$`), s.theLink)
	sc.When(stepkit.Re(`^(\d+) items are sent through it while the consumer takes (\d+) and pauses$`), s.consumerPauses)
	sc.Then(stepkit.Re(`^the producer is held back once the link holds (\d+) items, unless the link declares itself unbounded$`), s.heldBack)
	sc.Then(stepkit.Re(`^the check that the producer is held back once the link holds (\d+) items fails: (.+)$`), s.heldBackFails)
}

func (s *state) theLink(name, capacity string) error {
	impl, err := catalog.Lookup(s.cat, kind, name)
	if err != nil {
		return err
	}
	s.name, s.impl = name, impl
	s.capacity, err = stepkit.Number("the capacity", capacity, 0, 10_000)
	return err
}

// consumerPauses opens the link, has a producer send n items (counting each the link took)
// and close its input, has the consumer read take of them, and waits until nothing in the
// scenario moves: the producer is held back, or has sent everything.
func (s *state) consumerPauses(ctx context.Context, n, take string) error {
	if s.impl.Open == nil {
		return fmt.Errorf("no link: start with `Given the \"…\" channel link with a capacity of …`")
	}
	var err error
	if s.items, err = stepkit.Count("the number of items", n, 100_000); err != nil {
		return err
	}
	if s.taken, err = stepkit.Number("the items taken", take, 0, s.items); err != nil {
		return err
	}
	s.link = s.impl.Open(ctx, s.capacity)
	s.producer = make(chan struct{})
	in := s.link.In()
	go func() {
		defer close(s.producer)
		for i := range s.items {
			select {
			case in <- i:
				s.sent.Add(1)
			case <-ctx.Done():
				return
			}
		}
		close(in)
	}()
	for range s.taken {
		if _, err := s.read(ctx); err != nil {
			return err
		}
	}
	if _, err := harness.AwaitQuiet(ctx, "the producer and the link to settle with the consumer paused"); err != nil {
		return err
	}
	s.held = s.sent.Load() - int64(s.taken)
	select {
	case <-s.producer:
		s.finished = true
	default:
	}
	return nil
}

// read takes the next item from the link's output, and reports false once it is closed.
func (s *state) read(ctx context.Context) (bool, error) {
	var ok bool
	err := harness.Call(ctx, "the consumer's read from the link", func() {
		select {
		case _, ok = <-s.link.Out():
		case <-ctx.Done():
		}
	}, func(parked []harness.Goroutine) string {
		return fmt.Sprintf("the producer sends %d items and then closes the link's input, so the consumer's read must get an item or see the output closed; but the scenario's goroutines are parked at %s",
			s.items, shared.WhereAll(parked))
	})
	return ok, err
}

// drain reads the rest until the output closes, and waits for the producer to return.
func (s *state) drain(ctx context.Context) error {
	for {
		ok, err := s.read(ctx)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
	}
	return shared.Settle(ctx, s.producer, "the producer to return", func(parked []harness.Goroutine) string {
		return "the output is closed, so the producer has sent everything and closed the input; but it is parked at " + shared.WhereAll(parked)
	})
}

// backpressureCheck is the detector: a link that does not declare itself unbounded holds no
// more than its capacity while the consumer is paused, so the producer is held back.
func (s *state) backpressureCheck(ctx context.Context, most string) error {
	if s.producer == nil {
		return fmt.Errorf("no items were sent: use `When … items are sent through it while the consumer takes … and pauses`")
	}
	if most != strconv.Itoa(s.capacity) {
		return fmt.Errorf("the link's capacity is %d, not %s", s.capacity, most)
	}
	return harness.Detect(ctx, backpressure, func() error {
		if s.held <= int64(s.capacity) && !s.finished {
			return nil
		}
		took := fmt.Sprintf("the link took %d items while the consumer was paused, where its capacity is %d", s.held, s.capacity)
		if s.finished {
			took += fmt.Sprintf(", and the producer sent all %d", s.items)
		}
		return fmt.Errorf("%s", took)
	})
}

// heldBack is the contract's row: a link that declares itself unbounded is reported with what it
// took — a difference the rule allows, not a failure — and any other must hold the producer back.
// Either way the row records what the link took as a figure.
func (s *state) heldBack(ctx context.Context, most string) error {
	verdict := harness.Holds
	observed := fmt.Sprintf("pushes back: with the consumer paused, the producer waited once the link held %d items", s.held)
	switch {
	case !s.impl.Unbounded:
		if err := s.backpressureCheck(ctx, most); err != nil {
			return fmt.Errorf("the link must hold the producer back once it holds its capacity, or declare itself %s; but %w", Unbounded, err)
		}
	case most != strconv.Itoa(s.capacity):
		return fmt.Errorf("the link's capacity is %d, not %s", s.capacity, most)
	case s.finished || s.held > int64(s.capacity):
		verdict = harness.Differs
		observed = fmt.Sprintf("no backpressure: the link took %d items while the consumer was paused (asked for a capacity of %d)", s.held, s.capacity)
	}
	if err := harness.Record(ctx, harness.Figure{
		Name: "items a link took while the consumer was paused", Value: float64(s.held), Unit: "items",
		Settings: map[string]string{
			"link": s.name, "capacity": strconv.Itoa(s.capacity), "items sent": strconv.Itoa(s.items),
			"verdict": string(verdict) + ": " + observed,
		},
	}); err != nil {
		return err
	}
	if err := s.conform(ctx, verdict, observed); err != nil {
		return err
	}
	return s.drain(ctx)
}

func (s *state) heldBackFails(ctx context.Context, most, want string) error {
	err := s.backpressureCheck(ctx, most)
	switch {
	case err == nil:
		return fmt.Errorf("the backpressure check did not fire on the %s link; it should have said %q", s.name, want)
	case err.Error() != want:
		return fmt.Errorf("the backpressure check fired, but said %q where it should have said %q", err, want)
	}
	return s.drain(ctx)
}

// conform records a conformance observation, except for negative controls, which are not
// implementations anyone should use.
func (s *state) conform(ctx context.Context, verdict harness.Verdict, observed string) error {
	if catalog.IsBroken(s.cat, kind, s.name) {
		return nil
	}
	return harness.Conform(ctx, s.name, verdict, observed)
}
