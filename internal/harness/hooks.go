package harness

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v34"
)

// godog runs a scenario's hooks inside its first and last steps, and tells a formatter nothing
// about them: a Before hook's error becomes the first step's, an After hook's is merged into
// the last step's, and what they attach lands on those steps. The messages report shows each
// hook as a test step of its own, as Cucumber does; so the hooks the harness registers go
// through hooked, which times each run, keeps its error and attachments apart, and records
// each step's own outcome before an After hook's error is merged into it. The formatter finds
// the record of a scenario by its pickle, the same pointer godog hands to both.

// hookDef is a hook as the messages report declares it.
type hookDef struct {
	// key tells hooks apart: the same function may be registered twice.
	key  string
	kind messages.HookType
	name string
	// tag, if set, is the tag a scenario must have for the hook to run in it.
	tag  string
	file string
	line int
	// stepsBefore is how many step definitions were registered before it, which places the
	// hook among them in registration order.
	stepsBefore int
}

// hookRun is one run of a hook in one scenario.
type hookRun struct {
	hook              *hookDef
	started, finished time.Time
	err               error
	attachments       []godog.Attachment
}

// stepOutcome is how a step ended on its own, before an After hook's error was merged into it.
type stepOutcome struct {
	status godog.StepResultStatus
	err    error
}

// caseTrace is what the harness saw of one scenario beyond godog's formatter calls.
type caseTrace struct {
	mu    sync.Mutex
	defs  definitions
	hooks []*hookRun
	own   map[string]stepOutcome // by pickle step id
}

// definitions are the step definitions and hooks registered for a scenario.
type definitions struct {
	hooks []*hookDef
	steps []stepDef
}

// traces holds each running scenario's trace by its pickle until the formatter takes it; only
// while a messages formatter is open (messageWriters counts them), since no one else takes them.
var (
	traces         sync.Map // *messages.Pickle → *caseTrace
	messageWriters atomic.Int64
)

type traceKey struct{}

func traceOf(ctx context.Context) *caseTrace {
	tr, _ := ctx.Value(traceKey{}).(*caseTrace)
	return tr
}

// takeTrace returns the trace of a scenario and forgets it (nil if it has none).
func takeTrace(p *messages.Pickle) *caseTrace {
	v, ok := traces.LoadAndDelete(p)
	if !ok {
		return nil
	}
	return v.(*caseTrace)
}

// hooked is a scenario context whose hooks the reports show as test steps.
type hooked struct {
	sc    *godog.ScenarioContext
	hooks []*hookDef
	// afters are the After hooks, in the order they were registered.
	afters []func(context.Context, *godog.Scenario, error) (context.Context, error)
}

// instrument starts the trace of each scenario run with sc and records its steps' own
// outcomes. Call it first in a ScenarioInitializer, then register hooks through the result.
func instrument(sc *godog.ScenarioContext) *hooked {
	h := &hooked{sc: sc}
	sc.Before(func(ctx context.Context, p *godog.Scenario) (context.Context, error) {
		if messageWriters.Load() == 0 {
			return ctx, nil
		}
		tr := &caseTrace{defs: definitions{hooks: h.hooks, steps: registeredSteps(sc)}, own: map[string]stepOutcome{}}
		traces.Store(p, tr)
		return context.WithValue(ctx, traceKey{}, tr), nil
	})
	sc.StepContext().After(func(ctx context.Context, st *godog.Step, status godog.StepResultStatus, err error) (context.Context, error) {
		if tr := traceOf(ctx); tr != nil {
			tr.mu.Lock()
			defer tr.mu.Unlock()
			if _, seen := tr.own[st.Id]; !seen {
				tr.own[st.Id] = stepOutcome{status: status, err: err}
			}
		}
		return ctx, nil
	})
	return h
}

// Before registers fn to run before each scenario, shown as a hook step of its own.
func (h *hooked) Before(name string, fn func(context.Context, *godog.Scenario) (context.Context, error)) {
	h.before(name, "", fn)
}

// After registers fn to run after each scenario, shown as a hook step of its own.
func (h *hooked) After(name string, fn func(context.Context, *godog.Scenario, error) (context.Context, error)) {
	h.after(name, "", fn)
}

// before registers a Before hook that runs only in the scenarios tagged tag (all if tag is "").
// As in Cucumber, once a Before hook has not passed the next ones are skipped.
func (h *hooked) before(name, tag string, fn func(context.Context, *godog.Scenario) (context.Context, error)) {
	def := h.define(messages.HookType_BEFORE_TEST_CASE, name, tag, fn)
	h.sc.Before(func(ctx context.Context, p *godog.Scenario) (context.Context, error) {
		if !def.appliesTo(p) {
			return ctx, nil
		}
		if tr := traceOf(ctx); tr != nil && tr.beforeFailed() {
			tr.add(&hookRun{hook: def, started: time.Now(), finished: time.Now(), err: godog.ErrSkip})
			return ctx, nil
		}
		return h.runHook(ctx, def, func() (context.Context, error) { return fn(ctx, p) })
	})
}

// after registers an After hook that runs only in the scenarios tagged tag (all if tag is "").
// As in Cucumber, After hooks run in the reverse order of their registration: godog's one hook,
// registered with the first, runs them all.
func (h *hooked) after(name, tag string, fn func(context.Context, *godog.Scenario, error) (context.Context, error)) {
	def := h.define(messages.HookType_AFTER_TEST_CASE, name, tag, fn)
	run := func(ctx context.Context, p *godog.Scenario, stepErr error) (context.Context, error) {
		if !def.appliesTo(p) {
			return ctx, nil
		}
		return h.runHook(ctx, def, func() (context.Context, error) { return fn(ctx, p, stepErr) })
	}
	h.afters = append(h.afters, run)
	if len(h.afters) > 1 {
		return
	}
	h.sc.After(func(ctx context.Context, p *godog.Scenario, stepErr error) (context.Context, error) {
		var errs []error
		for _, run := range slices.Backward(h.afters) {
			rctx, err := run(ctx, p, stepErr)
			ctx = rctx
			if err != nil {
				errs = append(errs, err)
			}
		}
		if len(errs) == 1 {
			return ctx, errs[0]
		}
		return ctx, errors.Join(errs...)
	})
}

func (d *hookDef) appliesTo(p *godog.Scenario) bool {
	return d.tag == "" || slices.ContainsFunc(p.Tags, func(t *messages.PickleTag) bool { return t.Name == d.tag })
}

// beforeFailed says a Before hook of the scenario has not passed.
func (tr *caseTrace) beforeFailed() bool {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return slices.ContainsFunc(tr.hooks, func(r *hookRun) bool { return r.hook.kind == messages.HookType_BEFORE_TEST_CASE && r.err != nil })
}

func (tr *caseTrace) add(r *hookRun) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.hooks = append(tr.hooks, r)
}

// runHook runs a hook and records the run; what the hook attaches stays on its run, not on
// the step godog runs it in.
func (h *hooked) runHook(ctx context.Context, def *hookDef, fn func() (context.Context, error)) (context.Context, error) {
	kept := godog.Attachments(ctx)
	r := &hookRun{hook: def, started: time.Now()}
	rctx, err := fn()
	if rctx == nil {
		rctx = ctx
	}
	r.finished, r.err = time.Now(), err
	if all := godog.Attachments(rctx); len(all) > len(kept) {
		r.attachments = all[len(kept):]
		rctx = attachmentsReset{Context: rctx, kept: kept}
	}
	if tr := traceOf(ctx); tr != nil {
		tr.add(r)
	}
	return rctx, err
}

func (h *hooked) define(kind messages.HookType, name, tag string, fn any) *hookDef {
	file, line := "", 0
	if f := runtime.FuncForPC(reflect.ValueOf(fn).Pointer()); f != nil {
		file, line = f.FileLine(f.Entry())
	}
	def := &hookDef{key: fmt.Sprintf("%s #%d %s:%d %s", kind, len(h.hooks), file, line, name), kind: kind, name: name, tag: tag, file: file, line: line, stepsBefore: len(registeredSteps(h.sc))}
	h.hooks = append(h.hooks, def)
	return def
}

// attachmentsReset is a context whose attachments are kept, whatever the contexts it wraps
// hold: godog keeps a scenario's attachments in a context value of its own, under a key it
// does not export, so the value is recognised by its type.
type attachmentsReset struct {
	context.Context
	kept []godog.Attachment
}

func (c attachmentsReset) Value(key any) any {
	v := c.Context.Value(key)
	if _, ok := v.([]godog.Attachment); ok {
		return c.kept
	}
	return v
}

// hookStatus is how a hook run ended.
func hookStatus(err error) messages.TestStepResultStatus {
	return outcomeStatus(err, err == nil)
}
