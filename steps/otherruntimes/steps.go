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
	"github.com/concspec/concspec/internal/measure"
	"github.com/concspec/concspec/internal/polyglot"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
	"github.com/cucumber/godog"
)

// state is what a program in another runtime printed.
type state struct {
	result polyglot.Result
	ran    bool
	// what names the run in figures: runtime, program and arguments.
	what string
	// compiled is what rustc made of the program it was last asked to compile, and compiledName
	// that program.
	compiled     *polyglot.Compilation
	compiledName string
}

// measures says what a program measures, if it measures times or processors: a scenario that
// runs one must run with nothing beside it. The others (p02_taskgroup.py,
// p04_promise_all.mjs, the R18 counters) only count what happened, which a neighbour cannot
// disturb.
func measures(program string) (string, bool) {
	switch program {
	case "p01_cpu_pools.py":
		return "how long CPU-bound work takes in one thread, a thread pool and a process pool, and how many processors threads and processes want", true
	case "p01_gil.py":
		return "how long asyncio's sleeps take and how many processors threads and processes want", true
	case "p03_event_loop.mjs":
		return "how late the event loop runs a callback", true
	case "P05.java":
		return "how long blocking tasks take on virtual and platform threads and as CompletableFutures", true
	case "P05Pinning.java":
		return "how long virtual threads' waits take on one carrier thread", true
	case "R01Parallel.java":
		return "how many processors a parallel stream wants", true
	case "p06":
		return "how many processors rayon wants and how long tokio's sleeps take", true
	case "P07.cs":
		return "how long delays, ValueTasks and Task.Run's tasks take and how many processors Parallel.ForEach wants", true
	}
	return "", false
}

func register(sc *godog.ScenarioContext, _ *catalog.Catalog) {
	s := &state{}
	registerBehaviour(sc, s)
	sc.Given(stepkit.Re(`^a machine with more than one core$`), moreThanOneCore)
	sc.When(stepkit.Re(polyglot.RunStep), s.runProgram)
	sc.Then(stepkit.Re(`^its "([^"]+)" is at least (\d+(?:\.\d+)?)$`), s.valueAtLeast)
	sc.Then(stepkit.Re(`^its "([^"]+)" is at least (\d+(?:\.\d+)?) times its "([^"]+)"$`), s.valueAtLeastTimes)
	sc.Then(stepkit.Re(`^its "([^"]+)" is "([^"]*)"$`), s.valueIs)
	sc.Then(stepkit.Re(`^the `+ways+` wanted at least (\d+(?:\.\d+)?) processors$`), s.wantedAtLeast)
	sc.Then(stepkit.Re(`^the check that the `+ways+` wanted at least (\d+(?:\.\d+)?) processors fails$`), s.wantedAtLeastFails)
	sc.Then(stepkit.Re(`^the waits overlapped: its "([^"]+)" is at most (\d+(?:\.\d+)?)$`), s.overlapped)
	sc.Then(stepkit.Re(`^the check that the waits overlapped fails: its "([^"]+)" is more than (\d+(?:\.\d+)?)$`), s.overlappedFails)
	sc.Then(stepkit.Re(`^the failure stopped the (\d+) other tasks$`), s.stoppedOthers)
	sc.Then(stepkit.Re(`^the check that the failure stopped the (\d+) other tasks fails$`), s.stoppedOthersFails)
	sc.Then(stepkit.Re(`^the event loop stayed free: its "([^"]+)" is at least (\d+)$`), s.stayedFree)
	sc.Then(stepkit.Re(`^the check that the event loop stayed free fails: its "([^"]+)" is less than (\d+)$`), s.stayedFreeFails)
	registerGIL(sc, s)
	registerJava(sc, s)
	registerRust(sc, s)
	registerVersions(sc, s)
}

func moreThanOneCore(ctx context.Context) error {
	if runtime.NumCPU() == 1 {
		return harness.Skip(ctx, "this machine has one core, so nothing can run in parallel here")
	}
	return nil
}

// runProgram runs the program, skips the scenario when the runtime is not installed or the
// program cannot read what it measures, and records what it printed as figures. A program that
// measures needs an @exclusive scenario.
func (s *state) runProgram(ctx context.Context, rt, program, args string) error {
	if what, ok := measures(program); ok {
		if err := harness.RequireExclusive(ctx, fmt.Sprintf("runs %s, which measures %s", program, what)); err != nil {
			return err
		}
	}
	res, pressure, err := runWithin(ctx, rt, program, args)
	if err != nil {
		return err
	}
	if why, ok := res.Values["no_schedstat"].(string); ok {
		return harness.Skip(ctx, fmt.Sprintf("the %s program %s cannot tell the processors it wants from those it obtains: %s", rt, program, why))
	}
	s.result, s.ran = res, true
	s.what = strings.Join(strings.Fields(fmt.Sprintf("%s %s %s", rt, program, args)), " ")
	return s.record(ctx, pressure)
}

// runWithin runs the program with args (split on spaces) and returns what it printed and the
// machine's CPU pressure meanwhile; a runtime that is not installed skips the scenario. The
// program runs as a child process, bounded as harness.RunChild bounds one: past the bound its
// context is cancelled, which kills it. It was prepared (compiled, built) before the first
// scenario.
func runWithin(ctx context.Context, rt, program, args string) (polyglot.Result, float64, error) {
	var res polyglot.Result
	var runErr, err error
	sample := measure.Run(func() {
		err = shared.DoWithin(ctx, shared.LongBound(ctx), fmt.Sprintf("the %s program %q", rt, program), func(ctx context.Context) {
			res, runErr = polyglot.Run(ctx, rt, program, strings.Fields(args)...)
		}, func(parked []harness.Goroutine) string {
			return fmt.Sprintf("the %s program %s prints its figures and exits in a few seconds; but it is still running, and the step waits at %s",
				rt, program, shared.WhereAll(shared.In(parked, "polyglot.")))
		})
	})
	if err != nil {
		// Neither res nor runErr is read: the program may still be running, and its goroutine
		// writes them when it returns.
		return polyglot.Result{}, 0, err
	}
	if missing := (*polyglot.NotInstalled)(nil); errors.As(runErr, &missing) {
		return res, 0, harness.Skip(ctx, missing.Error())
	}
	return res, sample.Pressure, runErr
}

// record keeps every number the program printed as a figure, and what each way of computing
// wanted and obtained as the corpus's processor figures, with the machine's CPU pressure.
func (s *state) record(ctx context.Context, pressure float64) error {
	settings := map[string]string{"runtime": s.result.Version}
	for _, k := range slices.Sorted(maps.Keys(s.result.Values)) {
		if v, ok := s.result.Values[k].(float64); ok {
			if err := harness.Record(ctx, harness.Figure{Name: s.what + ": " + k, Value: v, Settings: settings}); err != nil {
				return err
			}
		}
	}
	all, _ := s.result.Values["processors"].(map[string]any)
	for _, way := range slices.Sorted(maps.Keys(all)) {
		p, err := s.processors(way)
		if err != nil {
			return err
		}
		sample := p.sample(pressure)
		if err := shared.RecordSample(ctx, fmt.Sprintf("%s: the %s", s.what, way), sample, settings); err != nil {
			return err
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

func (s *state) valueAtLeast(key, bound string) error {
	v, err := s.number(key)
	if err != nil {
		return err
	}
	if limit, _ := strconv.ParseFloat(bound, 64); v < limit {
		return fmt.Errorf("%s measured %s = %.3g, less than %s (%v)", s.result.Runtime, key, v, bound, s.result.Values)
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
