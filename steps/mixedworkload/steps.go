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
				s.accepted <- acceptance{id: id, at: time.Now()}
			}
		})
	}()
	// Whatever happens, the first request's work ends and the layer stops with the scenario.
	if err := harness.Cleanup(ctx, func() { s.stop.Store(true); <-s.done }); err != nil {
		return err
	}
	computing := make(chan struct{})
	s.in <- mixed.Request{ID: 0, Work: func() {
		close(computing)
		for !s.stop.Load() {
			work.Do(1, 10_000)
		}
	}}
	if err := harness.Await(ctx, computing, "the first request's CPU work to start"); err != nil {
		return err
	}
	go func() {
		defer close(s.in)
		for id := 1; id <= k; id++ {
			s.sent[id] = time.Now()
			s.in <- mixed.Request{ID: id, Work: func() {}}
		}
	}()
	return nil
}

// acceptLatency waits for every cheap request to be accepted and records the slowest wait.
func (s *state) acceptLatency(ctx context.Context) error {
	if err := harness.RequireExclusive(ctx, "measures how long cheap requests wait to be accepted"); err != nil {
		return err
	}
	k := len(s.sent) - 1
	var slowest time.Duration
	for range k {
		got := make(chan struct{})
		var a acceptance
		go func() { a = <-s.accepted; close(got) }()
		if err := harness.Await(ctx, got, "every cheap request to be accepted"); err != nil {
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
	return harness.Await(ctx, s.done, "the I/O layer to stop")
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
