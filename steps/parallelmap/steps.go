package parallelmap

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
	"github.com/cucumber/godog"
)

// state is the parallel map a scenario uses and what it did.
type state struct {
	cat     *catalog.Catalog
	name    string
	workers int
	results []int
	// err is what the map returned beside the results.
	err error
	// atOnce is how many items the map was running when it could start no more.
	atOnce int
	mapped *Mapped
	// atProcs is what was measured at GOMAXPROCS 1 and 2, by GOMAXPROCS.
	atProcs map[int]AtGOMAXPROCS
	// failing is what the map did with items that fail or panic; cancelled is how many of the
	// items that did not fail had seen their context done once the map had dealt with the one
	// that did.
	failing   *failing
	cancelled int
}

func register(sc *godog.ScenarioContext, cat *catalog.Catalog) {
	s := &state{cat: cat}
	sc.Given(stepkit.Re(`^the "([^"]+)" parallel map with (-?\d+) workers$`), s.theMap)
	sc.Given(stepkit.Re(`^the "([^"]+)" parallel map with one worker per core$`), s.theMapPerCore)
	sc.When(stepkit.Re(`^it maps (-?\d+) items that finish in reverse order$`), s.mapReverseFinish)
	sc.When(stepkit.Re(`^it maps (-?\d+) items that each wait until released$`), s.mapHeld)
	sc.When(stepkit.Re(`^it maps (-?\d+) CPU-bound items, and they are mapped one after another too$`), s.mapFaster)
	sc.When(stepkit.Re(`^it maps (\d+) items, and once all have started item 0 (fails|panics) with "([^"]+)"$`), s.mapOneFails)
	sc.When(stepkit.Re(`^it maps 3 items that fail one after another with "([^"]+)", "([^"]+)" and "([^"]+)"$`), s.mapFailInTurn)
	sc.Then(stepkit.Re(`^the results come back in input order$`), s.resultsInOrder)
	sc.Then(stepkit.Re(`^the map returned only once all (\d+) calls had returned$`), s.returnedAfterAll)
	sc.Then(stepkit.Re(`^the check that the map returned only once all (\d+) calls had returned fails: (.+)$`), s.returnedAfterAllFails)
	sc.Then(stepkit.Re(`^the map returns an error that is "([^"]+)"$`), s.returnsError)
	sc.Then(stepkit.Re(`^the check that the map returns an error that is "([^"]+)" fails: (.+)$`), s.returnsErrorFails)
	sc.Then(stepkit.Re(`^the map returns only "([^"]+)"$`), s.returnsOnly)
	sc.Then(stepkit.Re(`^the map returns "([^"]+)", "([^"]+)" and "([^"]+)" joined$`), s.returnsJoined)
	sc.Then(stepkit.Re(`^the map returns no error: it has no way to return one$`), s.returnsNoError)
	sc.Then(stepkit.Re(`^the (\d+) other items observe cancellation$`), s.othersCancelled)
	sc.Then(stepkit.Re(`^the check that the (\d+) other items observe cancellation fails: (.+)$`), s.othersCancelledFails)
	sc.Then(stepkit.Re(`^no other item observes cancellation$`), s.noneCancelled)
	sc.Then(stepkit.Re(`^the map returns the panic "([^"]+)" as an error$`), s.panicAsError)
	sc.Then(stepkit.Re(`^the check that the map returns the panic "([^"]+)" as an error fails: (.+)$`), s.panicAsErrorFails)
	sc.Then(stepkit.Re(`^the panic "([^"]+)" reaches the map's caller$`), s.panicReachesCaller)
	sc.Then(stepkit.Re(`^the order check catches the result of item (\d+) at position (\d+)$`), s.orderCheckCatches)
	sc.Then(stepkit.Re(`^as many items ran at once as the map has workers$`), s.ranAsManyAsWorkers)
	sc.Then(stepkit.Re(`^the check that as many items ran at once as the map has workers fails$`), s.ranAsManyFails)
	sc.Then(stepkit.Re(`^it is at least (\d+(?:\.\d+)?) times faster than one after another, given the processors it wants$`), s.fasterThanOneAfterAnother)
	sc.Then(stepkit.Re(`^the check that it is at least (\d+(?:\.\d+)?) times faster than one after another, given the processors it wants, fails$`), s.fasterFails)
	sc.When(stepkit.Re(`^it maps (-?\d+) CPU-bound items at GOMAXPROCS 1 and at GOMAXPROCS 2, and one after another at each$`), s.mapAtBoth)
	sc.Then(stepkit.Re(`^at GOMAXPROCS (1|2) the map's threads wanted at least (\d+(?:\.\d+)?) processors on average$`), s.wantedAtLeast)
	sc.Then(stepkit.Re(`^at GOMAXPROCS (1|2) the map's threads wanted at most (\d+(?:\.\d+)?) processors on average$`), s.wantedAtMost)
	sc.Then(stepkit.Re(`^the check that at GOMAXPROCS (1|2) the map's threads wanted at least (\d+(?:\.\d+)?) processors on average fails$`), s.wantedAtLeastFails)
}

func (s *state) theMap(name, workers string) error {
	if err := catalog.Check(s.cat, kind, name); err != nil {
		return err
	}
	n, err := stepkit.Count("the number of workers", workers, stepkit.MaxGoroutines)
	s.name, s.workers = name, n
	return err
}

func (s *state) theMapPerCore(name string) error {
	return s.theMap(name, fmt.Sprint(runtime.NumCPU()))
}

// mapReverseFinish makes item i wait until item i+1 has finished and its worker has delivered
// the result and gone idle, so the last item is delivered first and the first item last: the
// most adversarial completion order there is.
func (s *state) mapReverseFinish(ctx context.Context, n string) error {
	k, err := stepkit.Count("the number of items", n, 10_000)
	if err != nil {
		return err
	}
	if s.workers < k {
		return fmt.Errorf("reverse finishing needs every item running at once: %d workers for %d items", s.workers, k)
	}
	m, err := catalog.Lookup(s.cat, kind, s.name)
	if err != nil {
		return err
	}
	finished := make([]chan struct{}, k+1)
	for i := range finished {
		finished[i] = make(chan struct{})
	}
	close(finished[k])
	workers := make([]int64, k)
	var started atomic.Int64
	var failure atomic.Pointer[error]
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.results, s.err = m(ctx, numbers(k), s.workers, func(_ context.Context, i int) (int, error) {
			workers[i] = harness.GoroutineID()
			started.Add(1)
			select {
			case <-finished[i+1]:
			case <-ctx.Done(): // the scenario failed: let go
			}
			defer close(finished[i])
			if i+1 < k {
				if _, err := harness.AwaitParked(ctx, workers[i+1], "the worker of the next item"); err != nil {
					failure.Store(&err)
				}
			}
			return i, nil
		})
	}()
	err = shared.Settle(ctx, done, "the "+s.name+" parallel map", func(parked []harness.Goroutine) string {
		return fmt.Sprintf("with %d workers for %d items every item runs at once and item i finishes once item i+1 has, so every item finishes, the first one last; but %d of the items have started, and the map's goroutines are parked at %s: a map that runs fewer items at once than it was given workers, or waits for anything but its items, never gets there",
			s.workers, k, started.Load(), shared.WhereAll(shared.In(parked, "(*state).mapReverseFinish")))
	})
	if err != nil {
		return err
	}
	if err := failure.Load(); err != nil {
		return *err
	}
	return s.noError()
}

// noError fails when a map whose items all succeeded returned an error.
func (s *state) noError() error {
	if s.err != nil {
		return fmt.Errorf("the %s map returned an error although no item failed: %w", s.name, s.err)
	}
	return nil
}

// numbers is 0, 1, …, k-1: items whose result, mapped by identity, says where they belong.
func numbers(k int) []int {
	items := make([]int, k)
	for i := range items {
		items[i] = i
	}
	return items
}

// orderCheck is the input-order check: it names the first position that holds another item's
// result.
func (s *state) orderCheck(ctx context.Context) error {
	return harness.Detect(ctx, inputOrder, func() error {
		for pos, item := range s.results {
			if item != pos {
				return fmt.Errorf("position %d holds the result of item %d", pos, item)
			}
		}
		return nil
	})
}

func (s *state) resultsInOrder(ctx context.Context) error {
	return s.orderCheck(ctx)
}

// orderCheckCatches is the negative control: the input-order check fires, at the position the
// worst completion order puts the last item.
func (s *state) orderCheckCatches(ctx context.Context, item, pos string) error {
	err := s.orderCheck(ctx)
	want := fmt.Sprintf("position %s holds the result of item %s", pos, item)
	if err == nil || err.Error() != want {
		return fmt.Errorf("the order check should have said %q; it said: %v", want, err)
	}
	return nil
}
