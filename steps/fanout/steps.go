package fanout

import (
	"context"
	"fmt"
	"time"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	fetch "github.com/concspec/concspec/patterns/fanout"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
	"github.com/cucumber/godog"
)

// state is what a scenario fetched from the loopback server (shared.Server) and what came back.
type state struct {
	cat     *catalog.Catalog
	urls    []string
	results []fetch.Result
	// atOnce is how many requests were waiting at the server at once, their answers held.
	atOnce int
	child  Result
}

func register(sc *godog.ScenarioContext, cat *catalog.Catalog) {
	s := &state{cat: cat}
	sc.When(stepkit.Re(`^(-?\d+) URLs that each answer after (\d+)ms are fetched concurrently, every (\d+)(?:st|nd|rd|th) of them failing with status 500$`), s.fetchMixed)
	sc.When(stepkit.Re(`^(-?\d+) URLs? that answers? after (\d+)ms and (-?\d+) URLs? that never answers? are fetched with a deadline (\d+)ms away$`), s.fetchWithDeadline)
	sc.When(stepkit.Re(`^the "([^"]+)" fan-out fetches (-?\d+) URLs whose answers are held until no more requests come$`), s.fetchHeld)
	sc.When(stepkit.Re(`^the "([^"]+)" fan-out fetches (-?\d+) URLs in a child process$`), s.fetchInChild)
	sc.Then(stepkit.Re(`^every URL has exactly one result: (\d+) with status 200 and (\d+) with status 500$`), s.statuses)
	sc.Then(stepkit.Re(`^every URL has exactly one result: (\d+) with status 200 and (\d+) cut off with "([^"]+)"$`), s.cutOff)
	sc.Then(stepkit.Re(`^the check that every URL has exactly one result fails: (.+)$`), s.oneResultFails)
	sc.Then(stepkit.Re(`^all (\d+) requests were waiting at the server at once$`), s.allAtOnce)
	sc.Then(stepkit.Re(`^the check that all (\d+) requests were waiting at the server at once fails: (.+)$`), s.allAtOnceFails)
	sc.Then(stepkit.Re(`^once the server is closed, no goroutine is left running$`), serverClosedNoLeaks)
	sc.Then(stepkit.Re(`^the child's leak check finds no goroutine left running$`), s.childLeftNothing)
	sc.Then(stepkit.Re(`^the check that the child's leak check finds no goroutine left running fails: (\d+) goroutines blocked sending in "([^"]+)"$`), s.childLeftNothingFails)
}

func (s *state) fetchMixed(ctx context.Context, n, millis, every string) error {
	srv, err := shared.Server(ctx)
	if err != nil {
		return err
	}
	k, err := stepkit.Count("the number of URLs", n, 10_000)
	if err != nil {
		return err
	}
	query, err := shared.Latency(millis)
	if err != nil {
		return err
	}
	m, err := stepkit.Count("the failure period", every, k)
	if err != nil {
		return err
	}
	for i := range k {
		path := "ok"
		if (i+1)%m == 0 {
			path = "fail"
		}
		s.urls = append(s.urls, srv.URLs(path, i, 1, query)...)
	}
	fanOut, err := catalog.Lookup(s.cat, kind, "wait then close")
	if err != nil {
		return err
	}
	return shared.Do(ctx, "the fan-out over "+n+" URLs", func(ctx context.Context) { s.results = fanOut(ctx, srv.Client, s.urls) },
		fanOutParked(fmt.Sprintf("every one of the %d URLs answers after %sms, so the fan-out should return soon after", k, millis)))
}

// fanOutParked is the diagnosis of a fan-out that has not returned: what was expected, and where
// its goroutines (and the requests they make) are parked.
func fanOutParked(expected string) shared.Diagnosis {
	return func(parked []harness.Goroutine) string {
		return expected + "; but its goroutines are parked at " + shared.WhereAll(shared.In(parked, "fanout.")) +
			": a fan-out must return once every request has ended, and no request may outlive its context"
	}
}

func (s *state) fetchWithDeadline(ctx context.Context, fast, fastMillis, slow, millis string) error {
	srv, err := shared.Server(ctx)
	if err != nil {
		return err
	}
	query, err := shared.Latency(fastMillis)
	if err != nil {
		return err
	}
	f, err := stepkit.Count("the number of fast URLs", fast, 10_000)
	if err != nil {
		return err
	}
	h, err := stepkit.Count("the number of URLs that never answer", slow, 10_000)
	if err != nil {
		return err
	}
	ms, err := stepkit.Count("the deadline in milliseconds", millis, 60_000)
	if err != nil {
		return err
	}
	fanOut, err := catalog.Lookup(s.cat, kind, "wait then close")
	if err != nil {
		return err
	}
	s.urls = append(srv.URLs("ok", 0, f, query), srv.URLs("hang", f, h, "")...)
	read := make(chan struct{}, len(s.urls))
	client := readingClient(srv, read)
	var seen progress
	return shared.Do(ctx, "the fan-out with a deadline", func(ctx context.Context) {
		ctx, stop := withDeadline(ctx, time.Duration(ms)*time.Millisecond, f, h, read, srv, &seen)
		defer stop()
		s.results = fanOut(ctx, client, s.urls)
	}, func(parked []harness.Goroutine) string {
		return fanOutParked(fmt.Sprintf("the deadline passes %sms after the start, once the client has read the %d answers that come after %sms (it has read %d) and the %d requests that never answer are waiting at the server (%d are), so the fan-out should return soon after",
			millis, f, fastMillis, seen.read.Load(), h, seen.hanging.Load()))(parked)
	})
}

func serverClosedNoLeaks(ctx context.Context) error {
	srv, err := shared.Server(ctx)
	if err != nil {
		return err
	}
	err = shared.Do(ctx, "closing the server", func(context.Context) { srv.Close() }, func(parked []harness.Goroutine) string {
		return "closing the server waits for every request in flight to end, and the fan-out has returned, so none should be; but the scenario's goroutines are parked at " +
			shared.WhereAll(parked) + ": a fan-out that returns while its requests go on leaves them to nobody"
	})
	if err != nil {
		return err
	}
	return harness.NoLeaks(ctx)
}
