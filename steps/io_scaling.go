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
	sc.Then(re(`^the (\d+) tasks took at most (\d+) times as long as one$`), w.scaledNearLinearly)
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
	r, err := w.requestsTo("the number of tasks", n, 100_000, millis)
	if err != nil {
		return err
	}
	s, k := r.server, r.n
	if err := fetchAllOK(ctx, s, r.urls(1)); err != nil { // warm the connection
		return err
	}
	var failure error
	one := measure.Median(3, func() { failure = fetchAllOK(ctx, s, r.urls(1)) })
	if failure != nil {
		return failure
	}
	runs := 3
	if k > 1000 {
		runs = 1 // ten thousand requests under the race detector take seconds: once is enough
	}
	many := measure.Median(runs, func() { failure = fetchAllOK(ctx, s, r.urls(k)) })
	if failure != nil {
		return failure
	}
	sc := &w.scaling
	sc.one, sc.many, sc.n = one.Wall, many.Wall, k
	settings := map[string]string{"tasks": strconv.Itoa(k), "latency": millis + "ms", "protocol": "HTTP/2 over loopback"}
	if err := harness.Record(ctx, harness.Figure{
		Name: "wall time of n concurrent I/O-bound tasks relative to one", Value: many.Wall.Seconds() / one.Wall.Seconds(), Unit: "×", Settings: settings,
	}); err != nil {
		return err
	}
	return harness.Record(ctx, harness.Figure{
		Name: "speedup over running the tasks one after another", Value: float64(k) * one.Wall.Seconds() / many.Wall.Seconds(), Unit: "×", Settings: settings,
	})
}

func (w *world) scaledNearLinearly(n, times string) error {
	factor, err := count("the factor", times, 1_000_000)
	if err != nil {
		return err
	}
	sc := &w.scaling
	if strconv.Itoa(sc.n) != n {
		return fmt.Errorf("%d tasks were measured, not %s", sc.n, n)
	}
	if ratio := sc.many.Seconds() / sc.one.Seconds(); ratio > float64(factor) {
		return fmt.Errorf("%s concurrent tasks took %.1f times as long as one (%s against %s), more than %d times", n, ratio, sc.many, sc.one, factor)
	}
	return nil
}
