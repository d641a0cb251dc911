package steps

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/concspec/concspec/catalog"
	"github.com/concspec/concspec/harness"
	"github.com/concspec/concspec/patterns/mixed"
	"github.com/concspec/concspec/patterns/work"
	"github.com/cucumber/godog"
)

// acceptance is when the I/O layer accepted cheap request id.
type acceptance struct {
	id int
	at time.Time
}

// mixedState is the I/O layer a scenario drives.
type mixedState struct {
	name     string
	layer    catalog.IOLayer
	stop     atomic.Bool // ends the CPU work of the first request
	accepted chan acceptance
	// firstAccepted is closed when the first cheap request is accepted.
	firstAccepted chan struct{}
	sent          []time.Time
	in            chan mixed.Request
	done          chan struct{}
}

func (w *world) registerMixedWorkload(sc *godog.ScenarioContext) {
	sc.Given(re(`^the I/O layer "([^"]+)"$`), w.theIOLayer)
	sc.When(re(`^a request whose CPU work runs until released arrives, followed by (-?\d+) cheap requests$`), w.heavyThenCheap)
	sc.Then(re(`^all (\d+) cheap requests are accepted while the first is still computing$`), w.acceptedWhileComputing)
	sc.Then(re(`^(\d+)ms later no cheap request has been accepted, and the bounded wait says so$`), w.notAcceptedWhileComputing)
}

func (w *world) theIOLayer(name string) error {
	entry, err := catalog.Lookup("I/O layer", catalog.IOLayers, name)
	w.mixed.name, w.mixed.layer = name, entry.New()
	return err
}

func (w *world) heavyThenCheap(ctx context.Context, n string) error {
	m := &w.mixed
	if m.layer == nil {
		return fmt.Errorf("no I/O layer: start with `Given the I/O layer \"…\"`")
	}
	k, err := count("the number of cheap requests", n, 10_000)
	if err != nil {
		return err
	}
	m.in, m.done, m.accepted = make(chan mixed.Request), make(chan struct{}), make(chan acceptance, k)
	m.firstAccepted, m.sent = make(chan struct{}), make([]time.Time, k+1)
	go func() {
		defer close(m.done)
		m.layer.Run(ctx, m.in, func(id int, _ bool) {
			if id == 1 {
				close(m.firstAccepted)
			}
			if id > 0 {
				m.accepted <- acceptance{id: id, at: time.Now()}
			}
		})
	}()
	// Whatever happens, the first request's work ends and the layer stops with the scenario.
	if err := harness.Cleanup(ctx, func() { m.stop.Store(true); <-m.done }); err != nil {
		return err
	}
	computing := make(chan struct{})
	m.in <- mixed.Request{ID: 0, Work: func() {
		close(computing)
		for !m.stop.Load() {
			work.Do(1, 10_000)
		}
	}}
	if err := harness.Await(ctx, computing, "the first request's CPU work to start"); err != nil {
		return err
	}
	go func() {
		defer close(m.in)
		for id := 1; id <= k; id++ {
			m.sent[id] = time.Now()
			m.in <- mixed.Request{ID: id, Work: func() {}}
		}
	}()
	return nil
}

// acceptLatency waits for every cheap request to be accepted and records the slowest wait.
func (w *world) acceptLatency(ctx context.Context) error {
	m := &w.mixed
	k := len(m.sent) - 1
	var slowest time.Duration
	for range k {
		got := make(chan struct{})
		var a acceptance
		go func() { a = <-m.accepted; close(got) }()
		if err := harness.Await(ctx, got, "every cheap request to be accepted"); err != nil {
			return err
		}
		slowest = max(slowest, a.at.Sub(m.sent[a.id]))
	}
	return harness.Record(ctx, harness.Figure{
		Name: "slowest acceptance of a cheap request", Value: slowest.Seconds(), Unit: "s",
		Settings: map[string]string{"I/O layer": m.name, "cheap requests": fmt.Sprint(k)},
	})
}

func (w *world) finishMixed(ctx context.Context) error {
	w.mixed.stop.Store(true)
	return harness.Await(ctx, w.mixed.done, "the I/O layer to stop")
}

func (w *world) acceptedWhileComputing(ctx context.Context, n string) error {
	if fmt.Sprint(len(w.mixed.sent)-1) != n {
		return fmt.Errorf("%s cheap requests expected, %d were sent", n, len(w.mixed.sent)-1)
	}
	if err := w.acceptLatency(ctx); err != nil {
		return err
	}
	if w.mixed.stop.Load() {
		return fmt.Errorf("the first request's work had already ended")
	}
	return w.finishMixed(ctx)
}

func (w *world) notAcceptedWhileComputing(ctx context.Context, millis string) error {
	ms, err := count("the wait in milliseconds", millis, 60_000)
	if err != nil {
		return err
	}
	err = harness.AwaitWithin(w.mixed.firstAccepted, time.Duration(ms)*time.Millisecond, "a cheap request to be accepted")
	if !errors.Is(err, harness.ErrBoundExceeded) || !strings.Contains(err.Error(), "still waiting for a cheap request to be accepted") {
		return fmt.Errorf("the bounded wait should have reported that no cheap request was accepted; it said: %v", err)
	}
	w.mixed.stop.Store(true)
	if err := w.acceptLatency(ctx); err != nil {
		return err
	}
	return w.finishMixed(ctx)
}
