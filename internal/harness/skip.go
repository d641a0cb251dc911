package harness

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"unsafe"

	"github.com/cucumber/godog"
)

// Skip ends the scenario as skipped — not passed — with the reason printed, attached to the
// step and counted at the end of the run; its subtest ends as skipped too. A step returns it
// when the machine cannot run the scenario (one core, a runtime that is not installed).
func Skip(ctx context.Context, reason string) error {
	s := current(ctx)
	if s == nil {
		return errNoScenario
	}
	s.run.locked(func() { s.run.scenarios-- }) // it started, but it checked nothing
	s.pending = append(s.pending, skipNote(reason))
	return s.run.skip(ctx, s.name, reason)
}

// skip records why a scenario is skipped, has its subtest end as skipped, and returns the
// error that makes godog skip its steps; the caller attaches skipNote(reason) to the step,
// which the terminal prints under the scenario.
func (r *run) skip(ctx context.Context, name, reason string) error {
	r.locked(func() { r.skipped = append(r.skipped, name+": "+reason) })
	skipSubtest(ctx, reason)
	return fmt.Errorf("%w: %s", godog.ErrSkip, reason)
}

// skipSubtest has the scenario's subtest (godog runs each scenario as a subtest of the
// suite's *testing.T) end as skipped, `--- SKIP` in go test -v, with the reason in its log.
// t.Skip ends the goroutine that calls it, and godog records a step's outcome, and tells the
// formatters, only after the step and its hooks return; so the skip is the subtest's cleanup,
// which runs in the subtest's goroutine once godog is done with the scenario. A subtest that
// failed meanwhile stays failed.
func skipSubtest(ctx context.Context, reason string) {
	t := subtest(ctx)
	if t == nil {
		return
	}
	t.Cleanup(func() {
		if !t.Failed() {
			t.Skip("skipped: " + reason)
		}
	})
}

// subtest is the *testing.T godog runs the scenario under, or nil when the suite runs without
// one. godog v0.16 hands steps only an interface (godog.T) without Cleanup, over a struct
// whose field t holds the subtest; that field is read here. Should godog rename it, subtest
// returns nil and the skip tests fail: skipped scenarios would read `--- PASS` again.
func subtest(ctx context.Context) *testing.T {
	dt := reflect.ValueOf(godog.T(ctx))
	if dt.Kind() != reflect.Pointer || dt.IsNil() || dt.Elem().Kind() != reflect.Struct {
		return nil
	}
	field := dt.Elem().FieldByName("t")
	if !field.IsValid() || field.Type() != reflect.TypeFor[*testing.T]() {
		return nil
	}
	t, _ := reflect.NewAt(field.Type(), unsafe.Pointer(field.UnsafeAddr())).Elem().Interface().(*testing.T)
	return t
}

// skipNoteName names the attachment that says why a scenario was skipped.
const skipNoteName = "skipped"

func skipNote(reason string) godog.Attachment {
	return godog.Attachment{FileName: skipNoteName, MediaType: "text/plain", Body: []byte("skipped: " + reason)}
}
