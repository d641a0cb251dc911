package mixedworkload

import (
	"context"
	"errors"
	"fmt"
	"strings"
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

// acceptance is when the I/O layer accepted cheap request id.
type acceptance struct {
	id int
	at time.Time
}

// state is the I/O layer a scenario drives.
type state struct {
	cat      *catalog.Catalog
	name     string
	layer    ioLayer
	stop     atomic.Bool // ends the CPU work of the first request
	accepted chan acceptance
	// firstAccepted is closed when the first cheap request is accepted.
	firstAccepted chan struct{}
	sent          []time.Time
	in            chan mixed.Request
	done          chan struct{}
}

func register(sc *godog.ScenarioContext, cat *catalog.Catalog) {
	s := &state{cat: cat}
	sc.Given(stepkit.Re(`^the I/O layer "([^"]+)"$`), s.theIOLayer)
	sc.When(stepkit.Re(`^a request whose CPU work runs until released arrives, followed by (-?\d+) cheap requests$`), s.heavyThenCheap)
	sc.Then(stepkit.Re(`^all (\d+) cheap requests are accepted while the first is still computing$`), s.acceptedWhileComputing)
	sc.Then(stepkit.Re(`^(\d+)ms later no cheap request has been accepted, and the bounded wait says so$`), s.notAcceptedWhileComputing)
}

func (s *state) theIOLayer(name string) error {
	layer, err := catalog.Lookup(s.cat, ioLayerKind, name)
	s.name, s.layer = name, layer
	return err
}

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
	s.in, s.done, s.accepted = make(chan mixed.Request), make(chan struct{}), make(chan acceptance, k)
	s.firstAccepted, s.sent = make(chan struct{}), make([]time.Time, k+1)
	go func() {
		defer close(s.done)
		s.layer.Run(ctx, s.in, func(id int, _ bool) {
			if id == 1 {
				close(s.firstAccepted)
			}
			if id > 0 {
				select {
				case s.accepted <- acceptance{id: id, at: time.Now()}: // room for every cheap request
				case <-ctx.Done(): // a layer that accepts one twice is not held past the scenario
				}
			}
		})
	}()
	// Whatever happens, the first request's work ends and the layer stops with the scenario; the
	// wait is bounded, and a layer that does not stop is left to the leak check.
	if err := harness.Cleanup(ctx, func() {
		s.stop.Store(true)
		_ = harness.Await(ctx, s.done, "the I/O layer to stop")
	}); err != nil {
		return err
	}
	// The waits of this scenario are bounded by time, never by polling: the first request keeps
	// a processor busy on purpose, and how long the cheap ones wait is measured.
	computing := make(chan struct{})
	first := mixed.Request{ID: 0, Work: func() {
		close(computing)
		for !s.stop.Load() {
			work.Do(1, 10_000)
		}
	}}
	if err := shared.Send(ctx, s.in, first, "the first request to the I/O layer", s.diagnose("the I/O layer should take the first request from its channel at once", takesRequests)); err != nil {
		return err
	}
	if err := shared.Await(ctx, computing, "the first request's CPU work to start", s.diagnose("the I/O layer took the first request, so its CPU work should start, inline or in the pool", takesRequests)); err != nil {
		return err
	}
	go s.sendCheap(ctx, k)
	return nil
}

// sendCheap sends the k cheap requests, noting when each was sent, and closes the layer's
// channel; it gives up when the scenario ends.
func (s *state) sendCheap(ctx context.Context, k int) {
	defer close(s.in)
	for id := 1; id <= k; id++ {
		s.sent[id] = time.Now()
		select {
		case s.in <- mixed.Request{ID: id, Work: func() {}}:
		case <-ctx.Done(): // the scenario ended: nobody takes the rest
			return
		}
	}
}

// diagnose says, for a wait on the I/O layer that ran out, what was expected, where the layer's
// goroutines (every goroutine of the scenario but the sender's) are, and where the sender is.
func (s *state) diagnose(expected, why string) shared.Diagnosis {
	return func(parked []harness.Goroutine) string {
		var layer, sender []harness.Goroutine
		for _, g := range parked {
			if g.In("(*state).sendCheap") {
				sender = append(sender, g)
			} else {
				layer = append(layer, g)
			}
		}
		return fmt.Sprintf("%s; but the I/O layer %q is at %s, and the sender of the cheap requests at %s: %s",
			expected, s.name, shared.WhereAll(layer), shared.WhereAll(sender), why)
	}
}

// Why a layer's wait that ran out breaks the rule.
const (
	takesRequests  = "a layer must take requests from its channel for as long as it runs"
	acceptsInline  = "a layer that computes where it accepts accepts nothing until the computing is done"
	returnsAtClose = "a layer must return once its channel is closed or its context is done"
)

// acceptLatency waits for every cheap request to be accepted and records the slowest wait.
func (s *state) acceptLatency(ctx context.Context) error {
	if err := harness.RequireExclusive(ctx, "measures how long cheap requests wait to be accepted"); err != nil {
		return err
	}
	k := len(s.sent) - 1
	var slowest time.Duration
	for i := range k {
		a, _, err := shared.Receive(ctx, s.accepted, "every cheap request to be accepted",
			s.diagnose(fmt.Sprintf("the I/O layer should accept each of the %d cheap requests as it comes (%d accepted so far)", k, i), acceptsInline))
		if err != nil {
			return err
		}
		slowest = max(slowest, a.at.Sub(s.sent[a.id]))
	}
	return harness.Record(ctx, harness.Figure{
		Name: "slowest acceptance of a cheap request", Value: slowest.Seconds(), Unit: "s",
		Settings: map[string]string{"I/O layer": s.name, "cheap requests": fmt.Sprint(k)},
	})
}

func (s *state) finishMixed(ctx context.Context) error {
	s.stop.Store(true)
	return shared.Await(ctx, s.done, "the I/O layer to stop", s.diagnose("the first request's work is released and every cheap request is sent, so the I/O layer should see its channel closed and return", returnsAtClose))
}

func (s *state) acceptedWhileComputing(ctx context.Context, n string) error {
	if fmt.Sprint(len(s.sent)-1) != n {
		return fmt.Errorf("%s cheap requests expected, %d were sent", n, len(s.sent)-1)
	}
	if err := s.acceptLatency(ctx); err != nil {
		return err
	}
	if s.stop.Load() {
		return fmt.Errorf("the first request's work had already ended")
	}
	return s.finishMixed(ctx)
}

func (s *state) notAcceptedWhileComputing(ctx context.Context, millis string) error {
	ms, err := stepkit.Count("the wait in milliseconds", millis, 60_000)
	if err != nil {
		return err
	}
	err = harness.AwaitWithin(s.firstAccepted, time.Duration(ms)*time.Millisecond, "a cheap request to be accepted")
	if !errors.Is(err, harness.ErrBoundExceeded) || !strings.Contains(err.Error(), "still waiting for a cheap request to be accepted") {
		return fmt.Errorf("the bounded wait should have reported that no cheap request was accepted; it said: %v", err)
	}
	s.stop.Store(true)
	if err := s.acceptLatency(ctx); err != nil {
		return err
	}
	return s.finishMixed(ctx)
}
