package harness

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"slices"

	"github.com/cucumber/godog"
	"go.uber.org/goleak"
)

// run is the state of one suite run shared by its scenarios.
type run struct {
	cfg       Config
	scenarios int
	figures   []Figure
	// observations are the conformance facts recorded by steps.
	observations []Observation
	// skipped lists the scenarios skipped for a capability their subject does not declare.
	skipped  []string
	watchdog *watchdog
}

func newRun(cfg Config) *run {
	return &run{cfg: cfg, watchdog: &watchdog{bound: cfg.hangBound()}}
}

func (r *run) initSuite(sc *godog.TestSuiteContext) {
	sc.AfterSuite(func() {
		r.watchdog.stop()
		removeControls()
		if err := writeFigures(r.cfg.ReportsDir, r.figures); err != nil {
			fmt.Printf("concspec: writing figures: %v\n", err)
		}
		if err := writeConformance(r.cfg.ReportsDir, r.observations); err != nil {
			fmt.Printf("concspec: writing the conformance matrix: %v\n", err)
		}
		if len(r.skipped) > 0 {
			fmt.Printf("concspec: %d scenarios skipped, not passed: each needs what its implementation or this machine does not have\n", len(r.skipped))
			for _, s := range r.skipped {
				fmt.Printf("  - %s\n", s)
			}
		}
	})
}

// scenario is the harness's state for the scenario that is running.
type scenario struct {
	name     string
	rules    []string
	baseline goleak.Option
	cancel   context.CancelFunc
	cleanups []func()
	pending  []godog.Attachment
	run      *run
	// lastChild is the child process the scenario ran last, if any.
	lastChild *childRun
	// exclusive says the scenario is tagged @exclusive: nothing else runs beside it.
	exclusive bool
}

// ExclusiveTag marks a scenario that must run with no other scenario beside it: one that
// measures time or CPU, changes GOMAXPROCS, or keeps processors busy.
const ExclusiveTag = "@exclusive"

// RequireExclusive fails unless the scenario is tagged @exclusive. A step that measures time or
// CPU, or changes what the whole process sees, calls it first: what it reads must not depend on
// which other scenarios happen to run beside it. what says what the step does ("measures how long
// requests take").
func RequireExclusive(ctx context.Context, what string) error {
	s := current(ctx)
	if s == nil {
		return errNoScenario
	}
	if !s.exclusive {
		return fmt.Errorf("this step %s, so its scenario must run with nothing beside it: tag the scenario (or its feature) %s", what, ExclusiveTag)
	}
	return nil
}

type scenarioKey struct{}

func current(ctx context.Context) *scenario {
	s, _ := ctx.Value(scenarioKey{}).(*scenario)
	return s
}

var ruleTag = regexp.MustCompile(`^@([RP]\d\d)$`)

// beforeScenario registers what starts each scenario: the leak snapshot, the scenario's own
// context and the hang bound; and the step hook that attaches figures.
func (r *run) beforeScenario(sc *godog.ScenarioContext) {
	sc.Before(func(ctx context.Context, p *godog.Scenario) (context.Context, error) {
		if reason := skipReason(r.cfg.Subjects, p.Tags); reason != "" {
			return godog.Attach(ctx, skipNote(reason)), r.skip(p.Name, reason)
		}
		r.scenarios++
		s := &scenario{name: p.Name, baseline: goleak.IgnoreCurrent(), run: r}
		for _, tag := range p.Tags {
			if m := ruleTag.FindStringSubmatch(tag.Name); m != nil {
				s.rules = append(s.rules, m[1])
			}
		}
		r.watchdog.start(p.Name, p.Uri)
		ctx, s.cancel = context.WithCancel(ctx)
		return context.WithValue(ctx, scenarioKey{}, s), nil
	})
	sc.StepContext().After(func(ctx context.Context, _ *godog.Step, _ godog.StepResultStatus, _ error) (context.Context, error) {
		if s := current(ctx); s != nil && len(s.pending) > 0 {
			ctx = godog.Attach(ctx, s.pending...)
			s.pending = nil
		}
		return ctx, nil // the step's own error stands as it is; returning it would repeat it
	})
}

// afterScenario registers what ends each scenario: cancel, clean up, check for leaks, and only
// then stop the hang bound, so that a cleanup that hangs is caught too.
func (r *run) afterScenario(sc *godog.ScenarioContext) {
	sc.After(func(ctx context.Context, _ *godog.Scenario, stepErr error) (context.Context, error) {
		defer r.watchdog.stop()
		s := current(ctx)
		if s == nil {
			return ctx, nil
		}
		err := s.finish()
		if errors.Is(stepErr, ErrGoroutineLeak) {
			return ctx, nil // a step already reported the leak
		}
		return ctx, err
	})
}

// finish cancels the scenario's context, runs its cleanups, and then looks for goroutines the
// scenario left running.
func (s *scenario) finish() error {
	s.cancel()
	for _, cleanup := range slices.Backward(s.cleanups) {
		cleanup()
	}
	s.cleanups = nil
	return s.leakCheck()
}

// ErrGoroutineLeak is wrapped by every leak the harness reports.
var ErrGoroutineLeak = errors.New("goroutine leak")

func (s *scenario) leakCheck() error {
	if report := s.leaks(); report != "" {
		return fmt.Errorf("%w: scenario %q left goroutines running: %s", ErrGoroutineLeak, s.name, report)
	}
	return nil
}

// leaks is goleak's report of the goroutines started during the scenario that are still
// running, or "".
func (s *scenario) leaks() string {
	if err := goleak.Find(s.baseline); err != nil {
		return err.Error()
	}
	return ""
}

// errNoScenario is returned by the helpers below when ctx does not come from a harness scenario.
var errNoScenario = errors.New("concspec: this context does not come from a scenario run by the harness")

// Cleanup registers fn to run when the scenario ends, after its context is cancelled and before
// the leak check. Cleanups run last-registered first.
func Cleanup(ctx context.Context, fn func()) error {
	s := current(ctx)
	if s == nil {
		return errNoScenario
	}
	s.cleanups = append(s.cleanups, fn)
	return nil
}

// NoLeaks reports goroutines started during the scenario that are still running now. It waits
// briefly (goleak's retries) for goroutines that are on their way out.
func NoLeaks(ctx context.Context) error {
	s := current(ctx)
	if s == nil {
		return errNoScenario
	}
	return s.leakCheck()
}

// Leaks returns goleak's report of the goroutines started during the scenario that are still
// running now, or "" when there are none. Negative controls use it to show that the leak check
// catches the goroutine they leave behind on purpose (and then let that goroutine go).
func Leaks(ctx context.Context) (string, error) {
	s := current(ctx)
	if s == nil {
		return "", errNoScenario
	}
	return s.leaks(), nil
}

// SetGOMAXPROCS sets GOMAXPROCS to n for the rest of the scenario and restores the previous
// value when it ends. The scenario must be tagged @exclusive, so no other scenario sees the change.
func SetGOMAXPROCS(ctx context.Context, n int) error {
	if err := RequireExclusive(ctx, "changes GOMAXPROCS for the whole process"); err != nil {
		return err
	}
	previous := runtime.GOMAXPROCS(n)
	return Cleanup(ctx, func() { runtime.GOMAXPROCS(previous) })
}
