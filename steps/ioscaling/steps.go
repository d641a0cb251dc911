package ioscaling

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
	"github.com/cucumber/godog"
)

// state is one task measured alone, and then n; or connections served two ways, by the way.
type state struct {
	one, many Measured
	served    map[string]Served
}

func register(sc *godog.ScenarioContext, _ *catalog.Catalog) {
	s := &state{}
	sc.When(stepkit.Re(`^1 task and then (-?\d+) tasks (concurrently|one after another) each make a request a loopback HTTP/2 server answers after (\d+)ms$`), s.oneThenMany)
	sc.Then(stepkit.Re(`^the (\d+) tasks waited together, as taking at most (\d+) times as long as one requires$`), s.waitedTogether)
	sc.Then(stepkit.Re(`^the check that the (\d+) tasks waited together, as taking at most (\d+) times as long as one requires, fails$`), s.waitedTogetherFails)
	sc.When(stepkit.Re(`^(\d+) concurrent connections to a loopback server whose handler answers after (\d+)ms are handled by a goroutine each and by a pool of (\d+) handlers$`), s.serveBothWays)
	sc.Then(stepkit.Re(`^(a goroutine each|the pool) had all (\d+) connections in service at once$`), s.allAtOnce)
	sc.Then(stepkit.Re(`^the check that (a goroutine each|the pool) had all (\d+) connections in service at once fails$`), s.allAtOnceFails)
	sc.Then(stepkit.Re(`^the pool's busiest handler served (at least|at most) (\d+) connections? one after another$`), s.busiestHandler)
}

// Measure makes each of tasks in turn, runs times each, in the program built without the race
// detector (as a user's binary is built), against a loopback HTTP/2 server of that program that
// answers every request after latency and counts the requests waiting for their answer. What it
// returns is in the order of tasks.
func Measure(ctx context.Context, latency time.Duration, runs int, tasks ...Tasks) ([]Measured, error) {
	if err := harness.RequireExclusive(ctx, "measures how long requests take"); err != nil {
		return nil, err
	}
	list, err := json.Marshal(tasks)
	if err != nil {
		return nil, err
	}
	var out []Measured
	err = shared.MeasureInChild(ctx, &out, controlName, "-latency", latency.String(), "-runs", strconv.Itoa(runs), "-tasks", string(list))
	if err == nil && len(out) != len(tasks) {
		err = fmt.Errorf("the measuring child measured %d ways of making requests, not %d", len(out), len(tasks))
	}
	return out, err
}

// Together is the scaling check: at one moment at least least of m's requests were waiting at
// the server together. n requests that finish s times faster than one after another wait s at a
// time on average, so at least s of them waited together at some moment: a busy machine slows
// the sending, not the waiting, so it cannot take that count away as it takes away a wall-time
// ratio.
func Together(ctx context.Context, m Measured, least int) error {
	return harness.Detect(ctx, Scaling, func() error {
		if m.Together < least {
			return fmt.Errorf("%d requests made %s waited at the server at most %d at a time, fewer than the %d at a time the claim needs: their waits did not overlap",
				m.Tasks.N, m.Tasks.How, m.Together, least)
		}
		return nil
	})
}

// Settings are the conditions m was measured under, for its figures.
func Settings(m Measured, latency string) map[string]string {
	s := map[string]string{
		"requests": strconv.Itoa(m.Tasks.N), "made": m.Tasks.How, "latency": latency,
		"protocol": "HTTP/2 over loopback", "GOMAXPROCS": strconv.Itoa(m.GOMAXPROCS),
		"race detector": "off (the program built without it)",
	}
	if m.Tasks.How == ThroughAPool {
		s["workers"] = strconv.Itoa(m.Tasks.Workers)
	}
	return s
}

func (s *state) oneThenMany(ctx context.Context, n, how, millis string) error {
	k, err := stepkit.Count("the number of tasks", n, 100_000)
	if err != nil {
		return err
	}
	ms, err := stepkit.Number("the latency in milliseconds", millis, 1, 10_000)
	if err != nil {
		return err
	}
	runs := 3
	if k > 1000 {
		runs = 1 // ten thousand requests are enough samples in one run
	}
	measured, err := Measure(ctx, time.Duration(ms)*time.Millisecond, runs, Tasks{How: OneAfterAnother, N: 1}, Tasks{How: how, N: k})
	if err != nil {
		return err
	}
	s.one, s.many = measured[0], measured[1]
	settings := Settings(s.many, millis+"ms")
	ratio := s.many.Sample.Wall.Seconds() / s.one.Sample.Wall.Seconds()
	for _, f := range []harness.Figure{
		{Name: "wall time of n I/O-bound tasks relative to one", Value: ratio, Unit: "×"},
		{Name: "speed-up over making the requests one after another", Value: float64(k) / ratio, Unit: "×"},
		{Name: "most requests waiting at the server at one moment", Value: float64(s.many.Together), Unit: "requests"},
	} {
		f.Settings = settings
		if err := harness.Record(ctx, f); err != nil {
			return err
		}
	}
	return nil
}

// waitedTogether is the scaling check for n tasks that should take at most bound times as long
// as one: at least n/bound of them were waiting at once.
func (s *state) waitedTogether(ctx context.Context, n, bound string) error {
	least, err := s.needed(n, bound)
	if err != nil {
		return err
	}
	return Together(ctx, s.many, least)
}

// waitedTogetherFails is the negative control: the scaling check fires on tasks that wait in
// turn.
func (s *state) waitedTogetherFails(ctx context.Context, n, bound string) error {
	least, err := s.needed(n, bound)
	if err != nil {
		return err
	}
	if Together(ctx, s.many, least) == nil {
		return fmt.Errorf("the scaling check did not fire: %s requests made %s waited up to %d at a time at the server, at least the %d it asks for",
			n, s.many.Tasks.How, s.many.Together, least)
	}
	return nil
}

// needed is how many of n tasks must wait together for n to take at most bound times as long as
// one: n/bound, rounded up.
func (s *state) needed(n, bound string) (int, error) {
	b, err := stepkit.Count("the bound", bound, 1_000_000)
	if err != nil {
		return 0, err
	}
	if strconv.Itoa(s.many.Tasks.N) != n {
		return 0, fmt.Errorf("%d tasks were measured, not %s", s.many.Tasks.N, n)
	}
	return (s.many.Tasks.N + b - 1) / b, nil
}
