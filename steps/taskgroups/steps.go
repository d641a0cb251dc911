package taskgroups

import (
	"context"
	"errors"
	"fmt"
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
}

// groupState is the task group a scenario drives. The scenario's context is the group's root;
// cancelRoot cancels it with a cause.
type groupState struct {
	name       string
	impl       groupImpl
	group      Group
	root       context.Context
	cancelRoot context.CancelCauseFunc
	// release lets every task that waits for it return.
	release *stepkit.Gate
	// waited is closed when Wait has returned waitErr, or panicked with waitPanic.
	waited    chan struct{}
	waitErr   error
	waitPanic any
}

func register(sc *godog.ScenarioContext, cat *catalog.Catalog) {
	s := &state{cat: cat}
	s.registerGroups(sc)
	s.registerTaskGroups(sc)
	s.registerGroupLimits(sc)
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
		g.root, cancel = context.WithDeadlineCause(g.root, time.Now().Add(time.Duration(ms)*time.Millisecond), errors.New(d.cause))
		if err := harness.Cleanup(ctx, cancel); err != nil {
			return err
		}
	}
	g.group = impl.Start(g.root, limit)
	g.release, g.waited = stepkit.NewGate(), make(chan struct{})
	// Whatever a scenario leaves waiting is let go when it ends, before the leak check.
	return harness.Cleanup(ctx, func() {
		g.cancelRoot(errors.New("scenario ended"))
		g.release.Open()
	})
}

// needGroup reports a missing "Given the … task group" step.
func (s *state) needGroup() error {
	if s.group.group == nil {
		return fmt.Errorf("no task group: start the scenario with a step such as `Given the \"reference\" task group`")
	}
	return nil
}

// waitInBackground calls Wait in its own goroutine, so that a step can watch what happens while
// Wait is (or should be) blocked, and returns that goroutine's ID. onReturn, if not nil, runs
// the moment Wait returns. A panic out of Wait is recovered and kept.
func (g *groupState) waitInBackground(onReturn func()) int64 {
	id := make(chan int64, 1)
	go func() {
		defer close(g.waited)
		defer func() { g.waitPanic = recover() }()
		id <- harness.GoroutineID()
		g.waitErr = g.group.Wait()
		if onReturn != nil {
			onReturn()
		}
	}()
	return <-id
}

// releaseAndJoin lets the tasks go, then calls Wait and waits (bounded) for it to return.
func (g *groupState) releaseAndJoin(ctx context.Context) error {
	g.release.Open()
	g.waitInBackground(nil)
	return g.awaitWait(ctx)
}

// awaitWait waits (bounded) for Wait to return, and fails if it panicked instead.
func (g *groupState) awaitWait(ctx context.Context) error {
	if err := g.awaitWaitOrPanic(ctx); err != nil {
		return err
	}
	if g.waitPanic != nil {
		return fmt.Errorf("the %s group's Wait panicked: %v", g.name, g.waitPanic)
	}
	return nil
}

// awaitWaitOrPanic waits (bounded) for Wait to return or panic.
func (g *groupState) awaitWaitOrPanic(ctx context.Context) error {
	return harness.Await(ctx, g.waited, fmt.Sprintf("the %s group's Wait to return", g.name))
}

// conform records a conformance observation, except for negative controls, which are not
// implementations anyone should use.
func (s *state) conform(ctx context.Context, verdict harness.Verdict, observed string) error {
	if catalog.IsBroken(s.cat, groupKind, s.group.name) {
		return nil
	}
	return harness.Conform(ctx, s.group.name, verdict, observed)
}

// taskJoined starts a task that fails in the scenario's group, and waits for the group.
func (s *state) taskJoined(ctx context.Context, msg string) error {
	if err := s.needGroup(); err != nil {
		return err
	}
	s.group.group.Go(func(context.Context) error { return errors.New(msg) })
	s.group.waitInBackground(nil)
	return nil
}
