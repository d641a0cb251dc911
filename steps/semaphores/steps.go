package semaphores

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
	"github.com/cucumber/godog"
)

// state is the semaphore a scenario drives and what was seen of it.
type state struct {
	cat    *catalog.Catalog
	name   string
	weight int64
	sem    Semaphore
	// mine is how many units the step itself holds, one Acquire(1) each.
	mine int64
	// holding is the units the scenario's Acquires hold now; peak is the most ever held at once.
	holding, peak atomic.Int64
	// crowd is the Acquires the scenario let go in rounds, if it ran any.
	crowd *crowd
	// cancelled is what the cancelled Acquire returned; wasCancelled says one was.
	cancelled    error
	wasCancelled bool
	// first and later are the large Acquire that waited and the small one made after it.
	first, later *acquirer
}

func register(sc *godog.ScenarioContext, cat *catalog.Catalog) {
	s := &state{cat: cat}
	sc.Given(stepkit.Re(`^the "([^"]+)" semaphore of weight (\d+)$`), s.theSemaphore)
	sc.When(stepkit.Re(`^(\d+) goroutines each acquire 1 and hold it until let go, in rounds$`), s.unitsInRounds)
	sc.When(stepkit.Re(`^goroutines acquire the weights (\d+(?:, \d+)*) and hold them until let go, in rounds$`), s.weightsInRounds)
	sc.When(stepkit.Re(`^its whole weight is held$`), s.holdWhole)
	sc.When(stepkit.Re(`^its whole weight is held, and an Acquire of 1 that waits for it is cancelled$`), s.cancelWhileHeld)
	sc.When(stepkit.Re(`^(\d+) of its weight is held, an Acquire of (\d+) waits, and then an Acquire of (\d+) is made$`), s.largeThenSmall)
	sc.Then(stepkit.Re(`^the held weight never exceeded (\d+)$`), s.neverExceeded)
	sc.Then(stepkit.Re(`^the check that the held weight never exceeded (\d+) fails: (.+)$`), s.neverExceededFails)
	sc.Then(stepkit.Re(`^the whole weight can be acquired again$`), s.wholeAgain)
	sc.Then(stepkit.Re(`^the check that the whole weight can be acquired again fails: (.+)$`), s.wholeAgainFails)
	sc.Then(stepkit.Re(`^the Acquire of (\d+) got in before the Acquire of (\d+) made after it$`), s.largeFirst)
	sc.Then(stepkit.Re(`^the check that the Acquire of (\d+) got in before the Acquire of (\d+) made after it fails: (.+)$`), s.largeFirstFails)
	sc.Then(stepkit.Re(`^TryAcquire of 1 refuses at once, and once the weight is released takes it$`), s.tryRefuses)
	sc.Then(stepkit.Re(`^the check that TryAcquire of 1 refuses at once fails: (.+)$`), s.tryRefusesFails)
}

func (s *state) theSemaphore(ctx context.Context, name, w string) error {
	make, err := catalog.Lookup(s.cat, kind, name)
	if err != nil {
		return err
	}
	n, err := stepkit.Count("the weight", w, 1000)
	if err != nil {
		return err
	}
	s.name, s.weight, s.sem = name, int64(n), make(int64(n))
	// Whatever the step holds when the scenario ends is given back.
	return harness.Cleanup(ctx, s.releaseMine)
}

// need fails when no semaphore was given.
func (s *state) need() error {
	if s.sem == nil {
		return fmt.Errorf("no semaphore: start with `Given the \"…\" semaphore of weight …`")
	}
	return nil
}

// take and give count the units the scenario's Acquires hold, and keep the most ever held.
func (s *state) take(n int64) {
	h := s.holding.Add(n)
	for m := s.peak.Load(); h > m && !s.peak.CompareAndSwap(m, h); m = s.peak.Load() {
	}
}

func (s *state) give(n int64) { s.holding.Add(-n) }

// hold acquires k units for the step itself, one Acquire(1) at a time; each must be granted
// at once, the semaphore being free enough.
func (s *state) hold(ctx context.Context, k int64) error {
	if err := s.need(); err != nil {
		return err
	}
	for range k {
		var err error
		call := harness.Call(ctx, fmt.Sprintf("Acquire(1) on the %s semaphore", s.name), func() {
			err = s.sem.Acquire(ctx, 1)
		}, func([]harness.Goroutine) string {
			return fmt.Sprintf("the step holds %d of the weight %d and nobody else holds or waits, so Acquire(1) must be granted at once", s.mine, s.weight)
		})
		if call != nil {
			return call
		}
		if err != nil {
			return fmt.Errorf("Acquire(1) with %d of the weight %d free returned %w", s.weight-s.mine, s.weight, err)
		}
		s.mine++
		s.take(1)
	}
	return nil
}

// releaseMine gives back every unit the step holds.
func (s *state) releaseMine() {
	for ; s.mine > 0; s.mine-- {
		s.give(1)
		s.sem.Release(1)
	}
}

func (s *state) holdWhole(ctx context.Context) error {
	if err := s.need(); err != nil {
		return err
	}
	return s.hold(ctx, s.weight)
}

func (s *state) unitsInRounds(ctx context.Context, n string) error {
	k, err := stepkit.Count("the number of goroutines", n, 1000)
	if err != nil {
		return err
	}
	weights := make([]int64, k)
	for i := range weights {
		weights[i] = 1
	}
	return s.inRounds(ctx, weights)
}

func (s *state) weightsInRounds(ctx context.Context, list string) error {
	var weights []int64
	for _, w := range strings.Split(list, ", ") {
		n, err := stepkit.Count("a weight", w, 1000)
		if err != nil {
			return err
		}
		weights = append(weights, int64(n))
	}
	return s.inRounds(ctx, weights)
}

// inRounds starts one goroutine per weight, each acquiring it and holding it until let go,
// then lets them go in rounds until every one has acquired and released.
func (s *state) inRounds(ctx context.Context, weights []int64) error {
	if err := s.need(); err != nil {
		return err
	}
	c, err := s.newCrowd(ctx)
	if err != nil {
		return err
	}
	for _, n := range weights {
		c.start(ctx, n)
	}
	return c.letGoInRounds(ctx)
}

// cancelWhileHeld holds the whole weight, makes an Acquire(1) wait for it, cancels that
// Acquire once it waits, and then releases the whole weight.
func (s *state) cancelWhileHeld(ctx context.Context) error {
	if err := s.holdWhole(ctx); err != nil {
		return err
	}
	waitCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	returned := make(chan error, 1)
	go func() { returned <- s.sem.Acquire(waitCtx, 1) }()
	if _, err := harness.AwaitQuiet(ctx, "the Acquire(1) to wait for the held weight"); err != nil {
		return err
	}
	select {
	case err := <-returned:
		return fmt.Errorf("Acquire(1) returned %v at once while the whole weight of %d was held: it did not wait", err, s.weight)
	default:
	}
	cancel()
	err, _, werr := shared.Receive(ctx, returned, "the cancelled Acquire(1) to return", func(parked []harness.Goroutine) string {
		return "an Acquire whose context is cancelled while it waits must return at once; but it is parked at " + shared.WhereAll(parked)
	})
	if werr != nil {
		return werr
	}
	s.cancelled, s.wasCancelled = err, true
	s.releaseMine()
	return nil
}

// largeThenSmall holds held units for the step, makes an Acquire of large wait for the rest,
// then makes an Acquire of small, and lets the step's units and then the Acquires go in rounds.
func (s *state) largeThenSmall(ctx context.Context, held, large, small string) error {
	if err := s.need(); err != nil {
		return err
	}
	var ns [3]int64
	for i, arg := range []string{held, large, small} {
		n, err := stepkit.Number("a weight", arg, 1, int(s.weight))
		if err != nil {
			return err
		}
		ns[i] = int64(n)
	}
	if ns[0]+ns[1] <= s.weight || ns[0]+ns[2] > s.weight {
		return fmt.Errorf("with %d of the weight %d held, the Acquire of %d must have to wait and the Acquire of %d must fit", ns[0], s.weight, ns[1], ns[2])
	}
	if err := s.hold(ctx, ns[0]); err != nil {
		return err
	}
	c, err := s.newCrowd(ctx)
	if err != nil {
		return err
	}
	s.first = c.start(ctx, ns[1])
	if _, err := harness.AwaitQuiet(ctx, fmt.Sprintf("the Acquire of %d to wait", ns[1])); err != nil {
		return err
	}
	if c.acquiredSoFar() > 0 {
		return fmt.Errorf("the Acquire of %d got in with %d of the weight %d held", ns[1], ns[0], s.weight)
	}
	s.later = c.start(ctx, ns[2])
	if _, err := harness.AwaitQuiet(ctx, fmt.Sprintf("the Acquire of %d to get in or wait", ns[2])); err != nil {
		return err
	}
	s.releaseMine()
	return c.letGoInRounds(ctx)
}

// conform records a conformance observation, except for negative controls, which are not
// implementations anyone should use.
func (s *state) conform(ctx context.Context, observed string) error {
	if catalog.IsBroken(s.cat, kind, s.name) {
		return nil
	}
	return harness.Conform(ctx, s.name, harness.Holds, observed)
}

// fired is a negative control's verdict on a detector's check: it must have fired, saying want.
func fired(err error, detector, want string) error {
	switch {
	case err == nil:
		return fmt.Errorf("the %s check did not fire on the broken semaphore; it should have said %q", detector, want)
	case err.Error() != want:
		return fmt.Errorf("the %s check fired, but said %q where it should have said %q", detector, err, want)
	}
	return nil
}

// weightArg checks that a step's weight is the semaphore's.
func (s *state) weightArg(w string) error {
	if err := s.need(); err != nil {
		return err
	}
	if w != strconv.FormatInt(s.weight, 10) {
		return fmt.Errorf("the semaphore's weight is %d, not %s", s.weight, w)
	}
	return nil
}
