package steps

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/concspec/concspec/harness"
	"github.com/concspec/concspec/polyglot"
	"github.com/cucumber/godog"
)

// polyglotState is what a program in another runtime printed.
type polyglotState struct {
	result polyglot.Result
	ran    bool
}

func (w *world) registerOtherRuntimes(sc *godog.ScenarioContext) {
	sc.Given(re(`^a machine with more than one core$`), moreThanOneCore)
	sc.When(re(`^the (Python|Node\.js|Java|Rust|C#) program "([^"]+)" runs(?: with "([^"]*)")?$`), w.runProgram)
	sc.Then(re(`^its "([^"]+)" is at most (\d+(?:\.\d+)?)$`), w.valueAtMost)
	sc.Then(re(`^its "([^"]+)" is at least (\d+(?:\.\d+)?)$`), w.valueAtLeast)
	sc.Then(re(`^its "([^"]+)" is at least (\d+(?:\.\d+)?) times its "([^"]+)"$`), w.valueAtLeastTimes)
	sc.Then(re(`^its "([^"]+)" is "([^"]*)"$`), w.valueIs)
}

func moreThanOneCore(ctx context.Context) error {
	if runtime.NumCPU() == 1 {
		return harness.Skip(ctx, "this machine has one core, so nothing can run in parallel here")
	}
	return nil
}

// runProgram runs the program, skips the scenario when the runtime is not installed, and
// records every number it printed as a figure.
func (w *world) runProgram(ctx context.Context, rt, program, args string) error {
	res, err := polyglot.Run(ctx, rt, program, strings.Fields(args)...)
	if missing := (*polyglot.NotInstalled)(nil); errors.As(err, &missing) {
		return harness.Skip(ctx, missing.Error())
	}
	if err != nil {
		return err
	}
	w.polyglot = polyglotState{result: res, ran: true}
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

func (w *world) number(key string) (float64, error) {
	if !w.polyglot.ran {
		return 0, fmt.Errorf("no program has run: start with `When the … program \"…\" runs`")
	}
	return w.polyglot.result.Number(key)
}

func (w *world) valueAtMost(key, bound string) error { return w.bounded(key, bound, "more", 1) }

func (w *world) valueAtLeast(key, bound string) error { return w.bounded(key, bound, "less", -1) }

// bounded fails when the value is on the wrong side of bound: above it (side 1) or below (-1).
func (w *world) bounded(key, bound, word string, side float64) error {
	v, err := w.number(key)
	if err != nil {
		return err
	}
	if limit, _ := strconv.ParseFloat(bound, 64); side*(v-limit) > 0 {
		return fmt.Errorf("%s measured %s = %.3g, %s than %s (%v)", w.polyglot.result.Runtime, key, v, word, bound, w.polyglot.result.Values)
	}
	return nil
}

func (w *world) valueAtLeastTimes(key, times, other string) error {
	v, err := w.number(key)
	if err != nil {
		return err
	}
	o, err := w.number(other)
	if err != nil {
		return err
	}
	factor, _ := strconv.ParseFloat(times, 64)
	if v < factor*o {
		return fmt.Errorf("%s measured %s = %.3g and %s = %.3g: not %s times as much (%v)", w.polyglot.result.Runtime, key, v, other, o, times, w.polyglot.result.Values)
	}
	return nil
}

// valueIs compares what the program printed, written as JSON would print it.
func (w *world) valueIs(key, want string) error {
	if !w.polyglot.ran {
		return fmt.Errorf("no program has run")
	}
	got, ok := w.polyglot.result.Values[key]
	if !ok || fmt.Sprint(got) != want {
		return fmt.Errorf("%s printed %s = %v, want %s (%v)", w.polyglot.result.Runtime, key, got, want, w.polyglot.result.Values)
	}
	return nil
}
