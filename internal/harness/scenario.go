package harness

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cucumber/godog"
)

// run is the state of one suite run shared by its scenarios, which may run side by side: every
// field below mu is guarded by it.
type run struct {
	suite    Suite
	id       int64
	controls *builds
	// labels numbers the scenarios' labels; never reused, even when a scenario is skipped.
	labels atomic.Int64
	mu     sync.Mutex
	// scenarios counts the scenarios that started and were not skipped.
	scenarios int
	figures   []Figure
	// detections are the detectors that fired, by scenario.
	detections []Detection
	// observations are the conformance facts recorded by steps.
	observations []Observation
	// skipped lists the scenarios skipped for a capability or a machine they lack.
	skipped []string
	// reports is the formatter that writes the reports (nil when none are written); the
	// watchdog has it write them when a hang stops the run.
	reports *messagesFmt
}

// runs numbers the runs of this process, so that two runs' scenario labels never meet.
var runs atomic.Int64

func newRun(s Suite) *run {
	return &run{suite: s, id: runs.Add(1), controls: &builds{}}
}

// locked runs fn with the run's state locked.
func (r *run) locked(fn func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	fn()
}

func (r *run) initSuite(sc *godog.TestSuiteContext) {
	sc.AfterSuite(func() {
		r.controls.remove()
		r.mu.Lock()
		defer r.mu.Unlock()
		if err := writeFigures(r.suite.ReportsDir, r.figures); err != nil {
			fmt.Printf("concspec: writing figures: %v\n", err)
		}
		if err := writeDetections(r.suite.ReportsDir, r.detections); err != nil {
			fmt.Printf("concspec: writing the detectors that fired: %v\n", err)
		}
		if err := writeConformance(r.suite.ReportsDir, r.observations); err != nil {
			fmt.Printf("concspec: writing the conformance matrix: %v\n", err)
		}
		if len(r.skipped) > 0 {
			slices.Sort(r.skipped)
			fmt.Printf("concspec: %d scenarios skipped, not passed: each needs what its implementation or this machine does not have\n", len(r.skipped))
			for _, s := range r.skipped {
				fmt.Printf("  - %s\n", s)
			}
		}
	})
}

// scenario is the harness's state for one running scenario; only its own goroutine (the one
// running its steps and hooks) touches it.
type scenario struct {
	name     string
	rules    []string
	label    string
	labelled context.Context // carries the label, for pprof.SetGoroutineLabels
	cancel   context.CancelFunc
	cleanups []func()
	pending  []godog.Attachment
	run      *run
	watchdog *time.Timer
	// lastChild is the child process the scenario ran last, if any.
	lastChild *childRun
	// exclusive says the scenario is tagged @exclusive: nothing else runs beside it.
	exclusive bool
	// negative says the scenario is tagged @negative: a control that runs a bad pattern.
	negative bool
	// fired are the detectors that found the rule broken in this scenario.
	fired []Detector
	// unlock lets other scenarios run again once this one has ended.
	unlock func()
}

type scenarioKey struct{}

// skipKey holds, in a skipped scenario's context, why it was skipped.
type skipKey struct{}

type skipped struct {
	reason   string
	attached bool
}

func current(ctx context.Context) *scenario {
	s, _ := ctx.Value(scenarioKey{}).(*scenario)
	return s
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

// alone is held for reading by every scenario that runs, and for writing by an @exclusive one,
// which therefore runs with nothing beside it. It is the process's, not a run's: GOMAXPROCS and
// the processors are the process's too, whichever run a scenario belongs to.
var alone sync.RWMutex

var ruleTag = regexp.MustCompile(`^@([RP]\d\d)$`)

// beforeScenario registers what starts each scenario: its turn (alone if @exclusive), the label
// its goroutines inherit, its own context and the hang bound; and the step hook that attaches
// figures.
func (r *run) beforeScenario(h *hooked) {
	h.Before("concspec: start the scenario", func(ctx context.Context, p *godog.Scenario) (context.Context, error) {
		if reason := skipReason(r.suite.Subjects, p.Tags); reason != "" {
			// The reason is the hook's attachment in the messages; godog drops what a failing
			// Before hook attaches from its own step results, so the step hook below attaches
			// it to the first step too, for the terminal.
			ctx = godog.Attach(ctx, skipNote(reason))
			return context.WithValue(ctx, skipKey{}, &skipped{reason: reason}), r.skip(ctx, p.Name, reason)
		}
		s := &scenario{name: p.Name, run: r}
		for _, tag := range p.Tags {
			if m := ruleTag.FindStringSubmatch(tag.Name); m != nil {
				s.rules = append(s.rules, m[1])
			}
			s.exclusive = s.exclusive || tag.Name == ExclusiveTag
			s.negative = s.negative || tag.Name == "@negative"
		}
		if s.exclusive {
			alone.Lock()
			s.unlock = alone.Unlock
			// The garbage of the scenarios before it is collected now, and what they left moving
			// (godog writing their reports, preparing the next scenarios) is let finish: what
			// the process does while this one measures must be this one's own work.
			runtime.GC()
			if err := awaitProcessQuiet(r.suite.hangBound() / 4); err != nil {
				s.unlock()
				return ctx, err
			}
		} else {
			alone.RLock()
			s.unlock = alone.RUnlock
		}
		r.locked(func() { r.scenarios++ })
		s.label = fmt.Sprintf("%d/%d", r.id, r.labels.Add(1))
		s.labelled = pprof.WithLabels(context.Background(), pprof.Labels(scenarioLabel, s.label))
		pprof.SetGoroutineLabels(s.labelled)
		s.watchdog = time.AfterFunc(r.suite.hangBound(), func() { r.hang(p) })
		ctx, s.cancel = context.WithCancel(ctx)
		return context.WithValue(ctx, scenarioKey{}, s), nil
	})
	h.sc.StepContext().After(func(ctx context.Context, _ *godog.Step, _ godog.StepResultStatus, _ error) (context.Context, error) {
		if sk, ok := ctx.Value(skipKey{}).(*skipped); ok && !sk.attached {
			sk.attached = true
			ctx = godog.Attach(ctx, skipNote(sk.reason))
		}
		if s := current(ctx); s != nil && len(s.pending) > 0 {
			ctx = godog.Attach(ctx, s.pending...)
			s.pending = nil
		}
		return ctx, nil // the step's own error stands as it is; returning it would repeat it
	})
}

// afterScenario registers what ends each scenario: cancel, clean up, check for leaks, and only
// then stop the hang bound, so that a cleanup that hangs is caught too. It is a hook step of
// its own in the messages, so a leak fails it and not the scenario's last step.
func (r *run) afterScenario(h *hooked) {
	h.After("concspec: clean up and check for goroutine leaks", func(ctx context.Context, _ *godog.Scenario, stepErr error) (context.Context, error) {
		s := current(ctx)
		if s == nil {
			return ctx, nil
		}
		defer s.unlock()
		defer s.watchdog.Stop()
		err := s.finish()
		if errors.Is(stepErr, ErrGoroutineLeak) {
			return ctx, nil // a step already reported the leak
		}
		return ctx, err
	})
}

// finish cancels the scenario's context, runs its cleanups, and then looks for goroutines the
// scenario left running (a goroutine a cleanup starts is the scenario's too). The goroutine
// running it stops carrying the scenario's label afterwards.
func (s *scenario) finish() error {
	defer pprof.SetGoroutineLabels(context.Background())
	s.cancel()
	for _, cleanup := range slices.Backward(s.cleanups) {
		cleanup()
	}
	s.cleanups = nil
	defer s.recordDetections()
	return s.leakCheck()
}

// ErrGoroutineLeak is wrapped by every leak the harness reports.
var ErrGoroutineLeak = errors.New("goroutine leak")

func (s *scenario) leakCheck() error {
	return s.detect(LeakCheck, func() error {
		if report := s.leaks(); report != "" {
			return fmt.Errorf("%w: scenario %q left goroutines running: %s", ErrGoroutineLeak, s.name, report)
		}
		return nil
	})
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

// NoLeaks reports goroutines the scenario started that are still running now. It waits briefly
// for goroutines that are on their way out.
func NoLeaks(ctx context.Context) error {
	s := current(ctx)
	if s == nil {
		return errNoScenario
	}
	return s.leakCheck()
}

// Leaks returns the report of the goroutines the scenario started that are still running now,
// or "" when there are none. Negative controls use it to show that the leak check catches the
// goroutine they leave behind on purpose (and then let that goroutine go).
func Leaks(ctx context.Context) (string, error) {
	s := current(ctx)
	if s == nil {
		return "", errNoScenario
	}
	var report string
	_ = s.detect(LeakCheck, func() error { // the verdict is the report
		if report = s.leaks(); report != "" {
			return ErrGoroutineLeak
		}
		return nil
	})
	return report, nil
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
