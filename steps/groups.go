package steps

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/concspec/concspec/catalog"
	"github.com/concspec/concspec/harness"
	"github.com/cucumber/godog"
)

// groupState is the task group a scenario drives. The scenario's context is the group's root;
// cancelRoot cancels it with a cause.
type groupState struct {
	name       string
	impl       catalog.GroupImpl
	group      catalog.Group
	root       context.Context
	cancelRoot context.CancelCauseFunc
	// release lets every task that waits for it return.
	release *gate
	// waited is closed when Wait has returned waitErr, or panicked with waitPanic.
	waited    chan struct{}
	waitErr   error
	waitPanic any
}

// registerGroups adds the steps that set up a task group; the features that use one add their
// own steps in their own files.
func (w *world) registerGroups(sc *godog.ScenarioContext) {
	sc.Given(re(`^the "([^"]+)" task group$`), w.theGroup)
	sc.Given(re(`^the "([^"]+)" task group limited to (-?\d+) tasks at a time$`), w.theLimitedGroup)
	sc.Given(re(`^the "([^"]+)" task group under a deadline (\d+)ms away with the cause "([^"]+)"$`), w.theGroupUnderDeadline)
}

func (w *world) theGroup(ctx context.Context, name string) error {
	return w.startGroup(ctx, name, 0, nil)
}

func (w *world) theLimitedGroup(ctx context.Context, name, limit string) error {
	n, err := count("the limit", limit, maxGoroutines)
	if err != nil {
		return err
	}
	return w.startGroup(ctx, name, n, nil)
}

func (w *world) theGroupUnderDeadline(ctx context.Context, name, millis, cause string) error {
	return w.startGroup(ctx, name, 0, &deadline{after: millis, cause: cause})
}

type deadline struct{ after, cause string }

func (w *world) startGroup(ctx context.Context, name string, limit int, d *deadline) error {
	impl, err := catalogGroup(name)
	if err != nil {
		return err
	}
	g := &w.group
	g.name, g.impl = name, impl
	g.root, g.cancelRoot = context.WithCancelCause(ctx)
	if d != nil {
		ms, err := count("the deadline in milliseconds", d.after, 60_000)
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
	g.release, g.waited = newGate(), make(chan struct{})
	// Whatever a scenario leaves waiting is let go when it ends, before the leak check.
	return harness.Cleanup(ctx, func() {
		g.cancelRoot(errors.New("scenario ended"))
		g.release.open()
	})
}

// needGroup reports a missing "Given the … task group" step.
func (w *world) needGroup() error {
	if w.group.group == nil {
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
	g.release.open()
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
func (w *world) conform(ctx context.Context, verdict harness.Verdict, observed string) error {
	if w.group.impl.NegativeControl {
		return nil
	}
	return harness.Conform(ctx, w.group.name, verdict, observed)
}

// flatten lists the errors inside err, unwrapping joined errors (errors.Join, conc's
// multierror) at any depth.
func flatten(err error) []error {
	if err == nil {
		return nil
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var all []error
		for _, e := range joined.Unwrap() {
			all = append(all, flatten(e)...)
		}
		return all
	}
	return []error{err}
}

func messages(errs []error) string {
	quoted := make([]string, len(errs))
	for i, e := range errs {
		quoted[i] = fmt.Sprintf("%q", e.Error())
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

func catalogGroup(name string) (catalog.GroupImpl, error) {
	return catalog.Lookup("task group", catalog.Groups, name)
}
