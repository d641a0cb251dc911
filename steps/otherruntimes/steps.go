package otherruntimes

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/internal/polyglot"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
	"github.com/cucumber/godog"
)

// state is what a program in another runtime printed.
type state struct {
	result polyglot.Result
	ran    bool
}

// measures says what a program measures, if it measures times or processors busy: a scenario
// that runs one must run with nothing beside it. The others (p02_taskgroup.py,
// p04_promise_all.mjs) only count what happened, which a neighbour cannot disturb.
func measures(program string) (string, bool) {
	switch program {
	case "p01_gil.py":
		return "how long asyncio's sleeps take and how many processors threads and processes keep busy", true
	case "p03_event_loop.mjs":
		return "how late the event loop runs a callback", true
	case "P05.java":
		return "how long blocking tasks take on virtual and platform threads", true
	case "p06":
		return "how many processors rayon keeps busy and how long tokio's sleeps take", true
	case "P07.cs":
		return "how long delays take and how many processors Parallel.ForEach keeps busy", true
	}
	return "", false
}

func register(sc *godog.ScenarioContext, _ *catalog.Catalog) {
	s := &state{}
	sc.Given(stepkit.Re(`^a machine with more than one core$`), moreThanOneCore)
	sc.When(stepkit.Re(`^the (Python|Node\.js|Java|Rust|C#) program "([^"]+)" runs(?: with "([^"]*)")?$`), s.runProgram)
	sc.Then(stepkit.Re(`^its "([^"]+)" is at most (\d+(?:\.\d+)?)$`), s.valueAtMost)
	sc.Then(stepkit.Re(`^its "([^"]+)" is at least (\d+(?:\.\d+)?)$`), s.valueAtLeast)
	sc.Then(stepkit.Re(`^its "([^"]+)" is at least (\d+(?:\.\d+)?) times its "([^"]+)"$`), s.valueAtLeastTimes)
	sc.Then(stepkit.Re(`^its "([^"]+)" is "([^"]*)"$`), s.valueIs)
}

func moreThanOneCore(ctx context.Context) error {
	if runtime.NumCPU() == 1 {
		return harness.Skip(ctx, "this machine has one core, so nothing can run in parallel here")
	}
	return nil
}

// runProgram runs the program, skips the scenario when the runtime is not installed, and
// records every number it printed as a figure. A program that measures needs an @exclusive
// scenario.
func (s *state) runProgram(ctx context.Context, rt, program, args string) error {
	if what, ok := measures(program); ok {
		if err := harness.RequireExclusive(ctx, fmt.Sprintf("runs %s, which measures %s", program, what)); err != nil {
			return err
		}
	}
	// The program runs as a child process, bounded as harness.RunChild bounds one: past the
	// bound its context is cancelled, which kills it.
	var res polyglot.Result
	var runErr error
	err := shared.DoWithin(ctx, shared.LongBound(ctx), fmt.Sprintf("the %s program %q", rt, program), func(ctx context.Context) {
		res, runErr = polyglot.Run(ctx, rt, program, strings.Fields(args)...)
	}, func(parked []harness.Goroutine) string {
		return fmt.Sprintf("the %s program %s prints its figures and exits in a few seconds; but it is still running (or still being built), and the step waits at %s",
			rt, program, shared.WhereAll(shared.In(parked, "polyglot.")))
	})
	if err != nil {
		return err // runErr is not read: the program may still be running
	}
	err = runErr
	if missing := (*polyglot.NotInstalled)(nil); errors.As(err, &missing) {
		return harness.Skip(ctx, missing.Error())
	}
	if err != nil {
		return err
	}
	s.result, s.ran = res, true
	for _, k := range slices.Sorted(maps.Keys(res.Values)) {
		if v, ok := res.Values[k].(float64); ok {
			name := strings.Join(strings.Fields(fmt.Sprintf("%s %s %s", rt, program, args)), " ") + ": " + k
			if err := harness.Record(ctx, harness.Figure{Name: name, Value: v, Settings: map[string]string{"runtime": res.Version}}); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *state) number(key string) (float64, error) {
	if !s.ran {
		return 0, fmt.Errorf("no program has run: start with `When the … program \"…\" runs`")
	}
	return s.result.Number(key)
}

func (s *state) valueAtMost(key, bound string) error { return s.bounded(key, bound, "more", 1) }

func (s *state) valueAtLeast(key, bound string) error { return s.bounded(key, bound, "less", -1) }

// bounded fails when the value is on the wrong side of bound: above it (side 1) or below (-1).
func (s *state) bounded(key, bound, word string, side float64) error {
	v, err := s.number(key)
	if err != nil {
		return err
	}
	if limit, _ := strconv.ParseFloat(bound, 64); side*(v-limit) > 0 {
		return fmt.Errorf("%s measured %s = %.3g, %s than %s (%v)", s.result.Runtime, key, v, word, bound, s.result.Values)
	}
	return nil
}

func (s *state) valueAtLeastTimes(key, times, other string) error {
	v, err := s.number(key)
	if err != nil {
		return err
	}
	o, err := s.number(other)
	if err != nil {
		return err
	}
	factor, _ := strconv.ParseFloat(times, 64)
	if v < factor*o {
		return fmt.Errorf("%s measured %s = %.3g and %s = %.3g: not %s times as much (%v)", s.result.Runtime, key, v, other, o, times, s.result.Values)
	}
	return nil
}

// valueIs compares what the program printed, written as JSON would print it.
func (s *state) valueIs(key, want string) error {
	if !s.ran {
		return fmt.Errorf("no program has run")
	}
	got, ok := s.result.Values[key]
	if !ok || fmt.Sprint(got) != want {
		return fmt.Errorf("%s printed %s = %v, want %s (%v)", s.result.Runtime, key, got, want, s.result.Values)
	}
	return nil
}
