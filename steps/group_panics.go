package steps

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/concspec/concspec/catalog"
	"github.com/concspec/concspec/harness"
	"github.com/concspec/concspec/internal/controls"
	"github.com/cucumber/godog"
)

func (w *world) registerGroupPanics(sc *godog.ScenarioContext) {
	sc.When(re(`^one task panics with "([^"]+)" while a sibling waits on its context$`), w.onePanics)
	sc.When(re(`^one task panics with "([^"]+)" in a child process$`), w.onePanicsInChild)
	sc.Then(re(`^the sibling observes cancellation$`), w.theSiblingObserves)
	sc.Then(re(`^Wait returns the panic as an error carrying "([^"]+)" and the stack of "([^"]+)"$`), w.panicBecameError)
	sc.Then(re(`^Wait panics with "([^"]+)"$`), w.waitPanics)
	sc.Then(re(`^the child process dies with exit status (\d+) and "([^"]+)"$`), w.childDied)
	sc.Then(re(`^Wait had not returned when the process died$`), w.waitNeverReturned)
}

// explode is the panicking task; scenarios look for its name in the stack a group reports.
func explode(msg string) error {
	panic(msg)
}

func (w *world) onePanics(ctx context.Context, msg string) error {
	if err := w.needGroup(); err != nil {
		return err
	}
	if w.group.impl.Panics == catalog.PanicCrashes {
		return fmt.Errorf("a panic in a %s task %s: run it with the step `When one task panics with %q in a child process`",
			w.group.name, catalog.PanicCrashes, msg)
	}
	if err := w.startSiblings(ctx, 1, implementation(catalog.Waiters, "honours its context")); err != nil {
		return err
	}
	w.group.group.Go(func(context.Context) error { return explode(msg) })
	w.group.waitInBackground(nil)
	return nil
}

func (w *world) theSiblingObserves(ctx context.Context) error {
	return w.allSiblingsObserve(ctx, "1")
}

func (w *world) panicBecameError(ctx context.Context, msg, frame string) error {
	if err := w.group.awaitWait(ctx); err != nil {
		return err
	}
	err := w.group.waitErr
	if err == nil || !strings.Contains(err.Error(), msg) || !strings.Contains(err.Error(), frame) {
		return fmt.Errorf("the group's Wait returned %v; want an error with the panic value %q and a stack through %q", err, msg, frame)
	}
	return w.conform(ctx, harness.Holds, "the panic becomes the error Wait returns, with its value and stack")
}

func (w *world) waitPanics(ctx context.Context, msg string) error {
	if err := w.group.awaitWaitOrPanic(ctx); err != nil {
		return err
	}
	if p := w.group.waitPanic; p == nil || !strings.Contains(fmt.Sprint(p), msg) {
		return fmt.Errorf("the group's Wait should have panicked with %q; it returned %v (panic: %v)", msg, w.group.waitErr, p)
	}
	return w.conform(ctx, harness.Differs, "Wait panics again with the task's panic value and stack")
}

func (w *world) onePanicsInChild(ctx context.Context, msg string) error {
	if err := w.needGroup(); err != nil {
		return err
	}
	var out controls.GroupPanicResult
	return w.runChild(ctx, false, &out, "group-panic", "-impl", w.group.name, "-message", msg)
}

func (w *world) childDied(status, msg string) error {
	if err := w.needChild(false); err != nil {
		return err
	}
	r := w.child.result
	if strconv.Itoa(r.ExitCode) != status || !strings.Contains(r.Stderr, msg) {
		return fmt.Errorf("expected the child to die with exit status %s and %q; got:\n%s", status, msg, w.childOutput())
	}
	return nil
}

func (w *world) waitNeverReturned(ctx context.Context) error {
	if err := w.needChild(false); err != nil {
		return err
	}
	if out := strings.TrimSpace(w.child.result.Stdout); out != "" {
		return fmt.Errorf("the child's Wait returned before it died: %s", out)
	}
	return w.conform(ctx, harness.Differs, "nothing recovers the panic: the process dies before Wait returns")
}
