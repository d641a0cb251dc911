package ioscaling

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/internal/loopback"
	"github.com/concspec/concspec/internal/measure"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
	"github.com/cucumber/godog"
)

// state is how long one task took and how long n concurrent ones did.
type state struct {
	one, many time.Duration
	n         int
}

func register(sc *godog.ScenarioContext, _ *catalog.Catalog) {
	s := &state{}
	sc.When(stepkit.Re(`^1 task and then (-?\d+) concurrent tasks each make a request the server answers after (\d+)ms$`), s.oneThenMany)
	sc.When(stepkit.Re(`^1 task and then (-?\d+) tasks one after another each make a request the server answers after (\d+)ms$`), s.oneThenManyInSequence)
	sc.Then(stepkit.Re(`^the (\d+) tasks took at most (\d+) times as long as one$`), s.scaledNearLinearly)
	sc.Then(stepkit.Re(`^the scaling check catches the (\d+) tasks taking at least (\d+) times as long as one$`), s.didNotScale)
}

func (s *state) oneThenMany(ctx context.Context, n, millis string) error {
	return s.measureScaling(ctx, n, millis, "concurrent", shared.FetchAllOK)
}

// oneThenManyInSequence is the negative control: the same requests, each waiting for the last.
func (s *state) oneThenManyInSequence(ctx context.Context, n, millis string) error {
	return s.measureScaling(ctx, n, millis, "sequential", func(ctx context.Context, srv *loopback.Server, urls []string) error {
		for _, u := range urls {
			if err := shared.FetchAllOK(ctx, srv, []string{u}); err != nil {
				return err
			}
		}
		return nil
	})
}

// measureScaling times fetch for one request and for n, and records the ratio as a figure; how
// says how the n tasks run ("concurrent" or "sequential").
func (s *state) measureScaling(ctx context.Context, n, millis, how string, fetch func(context.Context, *loopback.Server, []string) error) error {
	if err := harness.RequireExclusive(ctx, "measures how long one and n I/O-bound tasks take"); err != nil {
		return err
	}
	r, err := shared.RequestsTo(ctx, "the number of tasks", n, 100_000, millis)
	if err != nil {
		return err
	}
	srv, k := r.Server, r.N
	// Each call to the server, timed or not, is a shared.Do: bounded by time, it costs nothing
	// while the requests run, and past the bound their context is cancelled.
	var failure error
	err = shared.Do(ctx, "a first request, to warm the connection", func(ctx context.Context) {
		failure = shared.FetchAllOK(ctx, srv, r.URLs(1))
	}, shared.RequestsParked(fmt.Sprintf("one request is answered after %sms", millis)))
	if err != nil {
		return err // failure is not read: the request may still be running
	}
	if failure != nil {
		return failure
	}
	var one, many measure.Sample
	err = shared.Do(ctx, "one timed task", func(ctx context.Context) {
		one = measure.Median(3, func() { failure = fetch(ctx, srv, r.URLs(1)) })
	}, shared.RequestsParked(fmt.Sprintf("one request is answered after %sms, three times over", millis)))
	if err != nil {
		return err
	}
	if failure != nil {
		return failure
	}
	runs := 3
	if k > 1000 {
		runs = 1 // ten thousand requests under the race detector take seconds: once is enough
	}
	err = shared.DoWithin(ctx, shared.LongBound(ctx), fmt.Sprintf("%d timed %s tasks", k, how), func(ctx context.Context) {
		many = measure.Median(runs, func() { failure = fetch(ctx, srv, r.URLs(k)) })
	}, shared.RequestsParked(fmt.Sprintf("%d %s requests are answered after %sms each, %d times over", k, how, millis, runs)))
	if err != nil {
		return err
	}
	if failure != nil {
		return failure
	}
	s.one, s.many, s.n = one.Wall, many.Wall, k
	settings := map[string]string{"tasks": strconv.Itoa(k), "latency": millis + "ms", "protocol": "HTTP/2 over loopback"}
	if err := harness.Record(ctx, harness.Figure{
		Name: "wall time of n " + how + " I/O-bound tasks relative to one", Value: many.Wall.Seconds() / one.Wall.Seconds(), Unit: "×", Settings: settings,
	}); err != nil || how != "concurrent" {
		return err
	}
	return harness.Record(ctx, harness.Figure{
		Name: "speedup over running the tasks one after another", Value: float64(k) * one.Wall.Seconds() / many.Wall.Seconds(), Unit: "×", Settings: settings,
	})
}

func (s *state) scaledNearLinearly(n, times string) error {
	ratio, factor, err := s.scalingRatio(n, times)
	if err != nil {
		return err
	}
	if ratio > factor {
		return fmt.Errorf("%s concurrent tasks took %.1f times as long as one (%s against %s), more than %.0f times", n, ratio, s.many, s.one, factor)
	}
	return nil
}

func (s *state) didNotScale(n, times string) error {
	ratio, factor, err := s.scalingRatio(n, times)
	if err != nil {
		return err
	}
	if ratio < factor {
		return fmt.Errorf("%s tasks took only %.1f times as long as one (%s against %s): the scaling check would not tell them from concurrent ones", n, ratio, s.many, s.one)
	}
	return nil
}

// scalingRatio is how many times as long the n measured tasks took as one.
func (s *state) scalingRatio(n, times string) (ratio, factor float64, err error) {
	f, err := stepkit.Count("the factor", times, 1_000_000)
	if err != nil {
		return 0, 0, err
	}
	if strconv.Itoa(s.n) != n {
		return 0, 0, fmt.Errorf("%d tasks were measured, not %s", s.n, n)
	}
	return s.many.Seconds() / s.one.Seconds(), float64(f), nil
}
