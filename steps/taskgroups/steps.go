package taskgroups

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/cucumber/godog"
)

// state is what one scenario's task-group steps share: the group it drives, what its tasks
// observed, and what a bounded-concurrency run measured.
type state struct {
	cat       *catalog.Catalog
	group     groupState
	taskGroup taskGroupState
	limit     limitState
	panics    panicState
}

// groupState is the task group a scenario drives. The scenario's context is the group's root;
// cancelRoot cancels it with a cause.
type groupState struct {
	name  string
	impl  groupImpl
	group Group
	root  context.Context
	// cancelRoot cancels the root; rootCause is the cause a step cancelled it with, or its
	// deadline's.
	cancelRoot context.CancelCauseFunc
	rootCause  error
	// ledger records the group's tasks; inner those of a group nested in one of them.
	ledger, inner *ledger
	// calls are closed as each call into the group (Go, TryGo) returns.
	calls []chan struct{}
	// waitCalled says Wait has been called; waited is closed when it has returned waitErr, or
	// panicked with waitPanic.
	waitCalled bool
	waited     chan struct{}
	waitErr    error
	waitPanic  any
	// judged says the join and the ledger have been judged once Wait returned, with joinErr
	// and ledgerErr as the detectors' verdicts.
	judged             bool
	joinErr, ledgerErr error
}

func register(sc *godog.ScenarioContext, cat *catalog.Catalog) {
	s := &state{cat: cat}
	s.registerGroups(sc)
	s.registerTaskGroups(sc)
	s.registerWatchers(sc)
	s.registerGroupLimits(sc)
	s.registerDeadlock(sc)
	s.registerGroupPanics(sc)
	s.registerCancellationDepth(sc)
	// goroutine_lifetimes.feature (R10) joins a task in the scenario's group.
	sc.When(stepkit.Re(`^a task that fails with "([^"]+)" is started in the group and the group is waited for$`), s.taskJoined)
}

// registerGroups adds the steps that set up a task group; the features that use one add their
// own steps in their own files.
func (s *state) registerGroups(sc *godog.ScenarioContext) {
	sc.Given(stepkit.Re(`^the "([^"]+)" task group$`), s.theGroup)
	sc.Given(stepkit.Re(`^the "([^"]+)" task group limited to (-?\d+) tasks at a time$`), s.theLimitedGroup)
	sc.Given(stepkit.Re(`^the "([^"]+)" task group under a deadline (\d+)ms away with the cause "([^"]+)"$`), s.theGroupUnderDeadline)
}

func (s *state) theGroup(ctx context.Context, name string) error {
	return s.startGroup(ctx, name, 0, nil)
}

func (s *state) theLimitedGroup(ctx context.Context, name, limit string) error {
	n, err := stepkit.Count("the limit", limit, stepkit.MaxGoroutines)
	if err != nil {
		return err
	}
	return s.startGroup(ctx, name, n, nil)
}

func (s *state) theGroupUnderDeadline(ctx context.Context, name, millis, cause string) error {
	return s.startGroup(ctx, name, 0, &deadline{after: millis, cause: cause})
}

type deadline struct{ after, cause string }

// errScenarioEnded is the cause the root is cancelled with when the scenario ends.
var errScenarioEnded = errors.New("scenario ended")

func (s *state) startGroup(ctx context.Context, name string, limit int, d *deadline) error {
	impl, err := catalog.Lookup(s.cat, groupKind, name)
	if err != nil {
		return err
	}
	g := &s.group
	g.name, g.impl = name, impl
	g.root, g.cancelRoot = context.WithCancelCause(ctx)
	if d != nil {
		ms, err := stepkit.Count("the deadline in milliseconds", d.after, 60_000)
		if err != nil {
			return err
		}
		var cancel context.CancelFunc
		g.rootCause = errors.New(d.cause)
		g.root, cancel = context.WithDeadlineCause(g.root, time.Now().Add(time.Duration(ms)*time.Millisecond), g.rootCause)
		if err := harness.Cleanup(ctx, cancel); err != nil {
			return err
		}
	}
	g.ledger = newLedger(name+" group", g.root, limit)
	g.group = impl.Start(g.root, limit)
	g.waited = make(chan struct{})
	// Whatever a scenario leaves waiting is let go when it ends, before the leak check.
	return harness.Cleanup(ctx, func() { s.endGroup(ctx) })
}

// endGroup lets everything the scenario left waiting go: it cancels the root, lets every held
// task return, waits (bounded) for a call into the group left blocked by a deadlock a step
// reported, and calls Wait if no step did, so that a group with goroutines of its own (conc's
// workers, a collector) ends them before the leak check.
func (s *state) endGroup(ctx context.Context) {
	g := &s.group
	g.cancelRoot(errScenarioEnded)
	for _, l := range []*ledger{g.ledger, g.inner} {
		if l != nil {
			l.openAll()
		}
	}
	for _, done := range g.calls {
		if harness.Await(ctx, done, "a call into the group to return once the scenario ended") != nil {
			return // the leak check names what is still blocked
		}
	}
	g.startWait()
	_ = harness.Await(ctx, g.waited, "the group's Wait to return once the scenario ended")
}

// needGroup reports a missing "Given the … task group" step.
func (s *state) needGroup() error {
	if s.group.group == nil {
		return fmt.Errorf("no task group: start the scenario with a step such as `Given the \"reference\" task group`")
	}
	return nil
}

// startWait calls Wait, once, in a goroutine of its own, so that a step can watch what happens
// while Wait is (or should be) blocked. The ledger notes the moment it returns; a panic out of
// Wait is recovered and kept.
func (g *groupState) startWait() {
	if g.waitCalled {
		return
	}
	g.waitCalled = true
	g.ledger.waitCalled()
	go func() {
		defer close(g.waited)
		defer func() { g.waitPanic = recover() }()
		defer g.ledger.waitDone()
		g.waitErr = g.group.Wait()
	}()
}

// awaitWait waits for Wait to return, judges the join and the ledger, and fails if Wait
// panicked instead.
func (s *state) awaitWait(ctx context.Context) error {
	if err := s.awaitWaitOrPanic(ctx); err != nil {
		return err
	}
	if s.group.waitPanic != nil {
		return fmt.Errorf("the %s group's Wait panicked: %v", s.group.name, s.group.waitPanic)
	}
	return nil
}

// awaitWaitOrPanic waits for Wait to return or panic, and fails with the verdict of the join or
// the ledger if either fired.
func (s *state) awaitWaitOrPanic(ctx context.Context) error {
	if err := s.awaitJudged(ctx); err != nil {
		return err
	}
	return errors.Join(s.group.joinErr, s.group.ledgerErr)
}

// awaitJudged waits for Wait to return or panic — failing at once, with the diagnosis, if
// nothing in the scenario can make it — and then judges, once, the join (Wait returned only once
// every task that started had returned) and the ledger (every task Go took is accounted for),
// keeping the verdicts in joinErr and ledgerErr. Its own error says only that the wait or the
// judging could not end.
func (s *state) awaitJudged(ctx context.Context) error {
	g := &s.group
	if !g.waitCalled {
		return fmt.Errorf("no step has called the %s group's Wait yet", g.name)
	}
	what := fmt.Sprintf("the %s group's Wait to return", g.name)
	if err := settle(ctx, g.ledger, g.waited, what, func() string { return "Wait is blocked" }); err != nil {
		return err
	}
	return s.judge(ctx)
}

// judge judges, once, the Wait of the group (and of an inner group) through the join and the
// ledger detectors. If a task had not started when Wait returned, it first waits for the
// scenario to settle: whether the task starts later (Wait did not wait for it) or never (the
// group skipped it, which it may only do once cancelled) is known only then.
func (s *state) judge(ctx context.Context) error {
	g := &s.group
	if g.judged {
		return nil
	}
	var joins, ledgers []string
	for _, l := range []*ledger{g.ledger, g.inner} {
		if l == nil || !l.waitDoneYet() {
			continue
		}
		if l.unstartedAtWait() {
			if _, err := harness.AwaitQuiet(ctx, "the scenario to settle after Wait returned, to see whether a task it had not waited for starts"); err != nil {
				return err
			}
		}
		joins = append(joins, l.joinFault())
		ledgers = append(ledgers, l.ledgerFault(false))
	}
	g.judged = true
	g.joinErr = harness.Detect(ctx, joinCheck, func() error { return faults(joins...) })
	g.ledgerErr = harness.Detect(ctx, taskLedger, func() error { return faults(ledgers...) })
	return nil
}

// faults is the error that lists a check's faults (an empty one is none), nil when there are
// none.
func faults(list ...string) error {
	list = slices.DeleteFunc(list, func(fault string) bool { return fault == "" })
	if len(list) == 0 {
		return nil
	}
	return errors.New(strings.Join(list, "\n"))
}

// conform records a conformance observation, except for negative controls, which are not
// implementations anyone should use.
func (s *state) conform(ctx context.Context, verdict harness.Verdict, observed string) error {
	if catalog.IsBroken(s.cat, groupKind, s.group.name) {
		return nil
	}
	return harness.Conform(ctx, s.group.name, verdict, observed)
}

// failingBody is a task that returns its error at once.
func failingBody(l *ledger) func(t *taskRecord) func(context.Context) error {
	return func(t *taskRecord) func(context.Context) error {
		return func(context.Context) error {
			l.set(t, doingFails)
			return t.want
		}
	}
}

// heldBody is a task that returns nil once the step lets it go.
func heldBody(l *ledger, doing string) func(t *taskRecord) func(context.Context) error {
	return func(t *taskRecord) func(context.Context) error {
		return func(context.Context) error {
			l.set(t, doing)
			l.hold(t)
			return nil
		}
	}
}

// taskJoined starts a task that fails in the scenario's group, and calls Wait.
func (s *state) taskJoined(ctx context.Context, msg string) error {
	if err := s.needGroup(); err != nil {
		return err
	}
	l := s.group.ledger
	t := l.addFailure(msg, errors.New(msg))
	if err := s.submit(ctx, l, []*taskRecord{t}, failingBody(l)); err != nil {
		return err
	}
	s.group.startWait()
	return nil
}
