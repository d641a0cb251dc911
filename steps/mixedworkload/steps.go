package mixedworkload

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/mixed"
	"github.com/concspec/concspec/patterns/work"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
	"github.com/cucumber/godog"
)

// acceptance is the I/O layer telling that it took request id: queued, or turned away.
type acceptance struct {
	id     int
	queued bool
	// computing says the first request's work was still running when the layer told it.
	computing bool
	// goroutine is the goroutine that told it: the layer's accepting goroutine.
	goroutine int64
	at        time.Time
}

// state is the I/O layer a scenario drives, and what the layer told of each request.
type state struct {
	cat   *catalog.Catalog
	name  string
	layer ioLayer
	// stop ends the first request's work; ended says it has returned.
	stop, ended atomic.Bool
	in          chan mixed.Request
	// cancel cancels the context the layer's Run was given.
	cancel context.CancelFunc
	done   chan struct{}
	told   chan acceptance
	// runner is the goroutine that calls Run, acceptor the one that accepted the first request,
	// computer the one that computed it.
	runner, acceptor, computer int64
	// cheap is how many cheap requests the scenario sends; accepted are those the layer
	// accepted before it blocked again, with how long each waited from its send.
	cheap    int
	accepted []acceptance
	waited   []time.Duration
	// stalled says why the scenario stopped sending cheap requests ("": it sent them all).
	stalled string
	// requests is the ledger of every request, the first at 0; running counts the requests
	// whose work runs now; atReturn is the work left undone when Run returned.
	requests []ledgerEntry
	running  atomic.Int32
	atReturn undone
	// closed says the layer's channel is closed, cancelled that its context was cancelled while
	// the first request computed; returned says a step made Run return while the first request
	// computed, and stuck why Run did not return then (nil: it did); finished says Run has
	// returned and the work it took has ended.
	closed, cancelled, returned, finished bool
	stuck                                 error
}

func register(sc *godog.ScenarioContext, cat *catalog.Catalog) {
	s := &state{cat: cat}
	sc.Given(stepkit.Re(`^the I/O layer "([^"]+)"$`), s.theIOLayer)
	sc.When(stepkit.Re(`^a request whose CPU work runs until released arrives, followed by (-?\d+) cheap requests$`), s.heavyThenCheap)
	sc.Then(stepkit.Re(`^all (\d+) cheap requests are accepted while the first is still computing: (\d+) queued and (\d+) turned away$`), s.acceptedWhileComputing)
	sc.Then(stepkit.Re(`^the check that all (\d+) cheap requests are accepted while the first is still computing fails: (.+)$`), s.acceptedWhileComputingFails)
	sc.When(stepkit.Re(`^the I/O layer's channel is closed while the first request is still computing$`), s.closedWhileComputing)
	sc.When(stepkit.Re(`^the I/O layer's context is cancelled while the first request is still computing$`), s.cancelledWhileComputing)
	sc.Then(stepkit.Re(`^Run returned only once the work of every request it had queued was done$`), s.returnedAfterWork)
	sc.Then(stepkit.Re(`^the check that Run returned only once the work of every request it had queued was done fails: (.+)$`), s.returnedAfterWorkFails)
	sc.Then(stepkit.Re(`^Run returned once its context was cancelled$`), s.returnedAtCancel)
	sc.Then(stepkit.Re(`^the check that Run returned once its context was cancelled fails: (.+)$`), s.returnedAtCancelFails)
	sc.Then(stepkit.Re(`^the work of each queued request ran once, in the pool, and that of each request turned away never ran$`), s.ranAsTold)
	sc.Then(stepkit.Re(`^the check that the work of each queued request ran once, in the pool, and that of each request turned away never ran fails: (.+)$`), s.ranAsToldFails)
}

func (s *state) theIOLayer(name string) error {
	layer, err := catalog.Lookup(s.cat, ioLayerKind, name)
	s.name, s.layer = name, layer
	return err
}

// heavyThenCheap starts the layer, sends it the first request, whose work computes until the
// scenario releases it, and then the cheap requests one at a time: each is sent once the layer
// takes requests again, and what the layer told of it is read once its accepting goroutine has
// blocked again. Nothing here is timed: the interleaving is forced.
func (s *state) heavyThenCheap(ctx context.Context, n string) error {
	if err := harness.RequireExclusive(ctx, "keeps a processor busy with the first request's CPU work until it is released"); err != nil {
		return err
	}
	if s.layer == nil {
		return fmt.Errorf("no I/O layer: start with `Given the I/O layer \"…\"`")
	}
	k, err := stepkit.Count("the number of cheap requests", n, 10_000)
	if err != nil {
		return err
	}
	s.cheap, s.in, s.done, s.told = k, make(chan mixed.Request), make(chan struct{}), make(chan acceptance, k+1)
	s.requests = make([]ledgerEntry, k+1)
	layerCtx, cancel := context.WithCancel(ctx)
	s.cancel = cancel
	runner := make(chan int64, 1)
	go func() {
		defer close(s.done)
		runner <- harness.GoroutineID()
		s.layer.Run(layerCtx, s.in, func(id int, queued bool) {
			s.tell(id, queued)
			a := acceptance{id: id, queued: queued, computing: !s.ended.Load(), goroutine: harness.GoroutineID(), at: time.Now()}
			select {
			case s.told <- a: // room for every request
			case <-ctx.Done(): // a layer that tells of one twice is not held past the scenario
			}
		})
		s.atReturn = s.undone()
	}()
	// Whatever happens, the first request's work ends and the layer stops with the scenario; the
	// wait is bounded, and a layer that does not stop is left to the leak check.
	if err := harness.Cleanup(ctx, func() {
		cancel()
		s.stop.Store(true)
		_ = harness.Await(ctx, s.done, "the I/O layer to stop")
	}); err != nil {
		return err
	}
	if s.runner, _, err = shared.Receive(ctx, runner, "the goroutine that runs the I/O layer to start", nil); err != nil {
		return err
	}
	acceptor, computer, err := s.first(ctx)
	if err != nil {
		return err
	}
	s.acceptor, s.computer = acceptor, computer
	if computer == acceptor {
		s.stalled = "the first request computes on the goroutine that accepts requests"
		return nil // it takes nothing more until the computing is done
	}
	for id := 1; id <= k; id++ {
		sent := time.Now()
		if err := shared.Send(ctx, s.in, mixed.Request{ID: id, Work: s.work(id, func() {})}, fmt.Sprintf("cheap request %d to the I/O layer", id),
			s.diagnose("the I/O layer's accepting goroutine is free, so it should take the next request at once", takesRequests)); err != nil {
			return err
		}
		if _, err := harness.AwaitParked(ctx, acceptor, "the I/O layer's accepting goroutine to block again"); err != nil {
			return err
		}
		select {
		case a := <-s.told:
			s.accepted, s.waited = append(s.accepted, a), append(s.waited, a.at.Sub(sent))
		default:
			s.stalled = fmt.Sprintf("cheap request %d was taken but not accepted before the layer blocked again", id)
			return nil // the layer takes nothing more until it is unblocked
		}
	}
	return nil
}

// first sends the first request and waits until the layer has accepted it and its work has
// started; it returns the goroutine that accepted it and the one that computes it.
func (s *state) first(ctx context.Context) (acceptor, computer int64, err error) {
	computing := make(chan int64, 1)
	heavy := mixed.Request{ID: 0, Work: s.work(0, func() {
		defer s.ended.Store(true)
		computing <- harness.GoroutineID()
		for !s.stop.Load() {
			work.Do(1, 10_000)
		}
	})}
	if err := shared.Send(ctx, s.in, heavy, "the first request to the I/O layer", s.diagnose("the I/O layer should take the first request from its channel at once", takesRequests)); err != nil {
		return 0, 0, err
	}
	a, _, err := shared.Receive(ctx, s.told, "the I/O layer to accept the first request", s.diagnose("the I/O layer took the first request, so it should accept it", takesRequests))
	if err != nil {
		return 0, 0, err
	}
	if !a.queued {
		return 0, 0, fmt.Errorf("the I/O layer %q turned the first request away, with every worker idle and its queue empty: a layer must take work while it has room for it", s.name)
	}
	computer, _, err = shared.Receive(ctx, computing, "the first request's CPU work to start", s.diagnose("the I/O layer took the first request, so its CPU work should start, inline or in the pool", takesRequests))
	return a.goroutine, computer, err
}

// diagnose says, for a wait on the I/O layer that ran out, what was expected, where the layer's
// goroutines are, and why that breaks the rule.
func (s *state) diagnose(expected, why string) shared.Diagnosis {
	return func(parked []harness.Goroutine) string {
		return fmt.Sprintf("%s; but the I/O layer %q is at %s: %s", expected, s.name, shared.WhereAll(parked), why)
	}
}

// Why a layer's wait that ran out breaks the rule.
const (
	takesRequests  = "a layer must take requests from its channel for as long as it runs"
	returnsAtClose = "a layer must return once its channel is closed or its context is done"
)
