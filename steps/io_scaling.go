package steps

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/concspec/concspec/harness"
	"github.com/concspec/concspec/internal/loopback"
	"github.com/concspec/concspec/measure"
	"github.com/concspec/concspec/patterns/fanout"
	"github.com/cucumber/godog"
)

// scalingState is how long one task took and how long n concurrent ones did.
type scalingState struct {
	one, many time.Duration
	n         int
}

func (w *world) registerIOScaling(sc *godog.ScenarioContext) {
	sc.Given(re(`^a loopback HTTP/2 server$`), w.loopbackHTTP2Server)
	sc.When(re(`^1 task and then (-?\d+) concurrent tasks each make a request the server answers after (\d+)ms$`), w.oneThenMany)
	sc.When(re(`^1 task and then (-?\d+) tasks one after another each make a request the server answers after (\d+)ms$`), w.oneThenManyInSequence)
	sc.Then(re(`^the (\d+) tasks took at most (\d+) times as long as one$`), w.scaledNearLinearly)
	sc.Then(re(`^the scaling check catches the (\d+) tasks taking at least (\d+) times as long as one$`), w.didNotScale)
}

func (w *world) loopbackHTTP2Server(ctx context.Context) error {
	s := loopback.StartHTTP2(maxGoroutines)
	w.fanOut.server = s
	return harness.Cleanup(ctx, s.Close)
}

// fetchAllOK fetches urls concurrently and fails unless every answer is a 200.
func fetchAllOK(ctx context.Context, s *loopback.Server, urls []string) error {
	for _, r := range fanout.FetchAll(ctx, s.Client, urls) {
		if r.Err != nil || r.Status != 200 {
			return fmt.Errorf("%s: status %d, error %v", r.URL, r.Status, r.Err)
		}
	}
	return nil
}

func (w *world) oneThenMany(ctx context.Context, n, millis string) error {
	return w.measureScaling(ctx, n, millis, "concurrent", fetchAllOK)
}

// oneThenManyInSequence is the negative control: the same requests, each waiting for the last.
func (w *world) oneThenManyInSequence(ctx context.Context, n, millis string) error {
	return w.measureScaling(ctx, n, millis, "sequential", func(ctx context.Context, s *loopback.Server, urls []string) error {
		for _, u := range urls {
			if err := fetchAllOK(ctx, s, []string{u}); err != nil {
				return err
			}
		}
		return nil
	})
}

// measureScaling times fetch for one request and for n, and records the ratio as a figure; how
// says how the n tasks run ("concurrent" or "sequential").
func (w *world) measureScaling(ctx context.Context, n, millis, how string, fetch func(context.Context, *loopback.Server, []string) error) error {
	r, err := w.requestsTo("the number of tasks", n, 100_000, millis)
	if err != nil {
		return err
	}
	s, k := r.server, r.n
	if err := fetchAllOK(ctx, s, r.urls(1)); err != nil { // warm the connection
		return err
	}
	var failure error
	one := measure.Median(3, func() { failure = fetch(ctx, s, r.urls(1)) })
	if failure != nil {
		return failure
	}
	runs := 3
	if k > 1000 {
		runs = 1 // ten thousand requests under the race detector take seconds: once is enough
	}
	many := measure.Median(runs, func() { failure = fetch(ctx, s, r.urls(k)) })
	if failure != nil {
		return failure
	}
	sc := &w.scaling
	sc.one, sc.many, sc.n = one.Wall, many.Wall, k
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

func (w *world) scaledNearLinearly(n, times string) error {
	ratio, factor, err := w.scalingRatio(n, times)
	if err != nil {
		return err
	}
	if ratio > factor {
		return fmt.Errorf("%s concurrent tasks took %.1f times as long as one (%s against %s), more than %.0f times", n, ratio, w.scaling.many, w.scaling.one, factor)
	}
	return nil
}

func (w *world) didNotScale(n, times string) error {
	ratio, factor, err := w.scalingRatio(n, times)
	if err != nil {
		return err
	}
	if ratio < factor {
		return fmt.Errorf("%s tasks took only %.1f times as long as one (%s against %s): the scaling check would not tell them from concurrent ones", n, ratio, w.scaling.many, w.scaling.one)
	}
	return nil
}

// scalingRatio is how many times as long the n measured tasks took as one.
func (w *world) scalingRatio(n, times string) (ratio, factor float64, err error) {
	f, err := count("the factor", times, 1_000_000)
	if err != nil {
		return 0, 0, err
	}
	sc := &w.scaling
	if strconv.Itoa(sc.n) != n {
		return 0, 0, fmt.Errorf("%d tasks were measured, not %s", sc.n, n)
	}
	return sc.many.Seconds() / sc.one.Seconds(), float64(f), nil
}
