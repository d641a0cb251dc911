package harness

import (
	"slices"
	"strconv"
	"time"

	"github.com/cucumber/godog/formatters"
	messages "github.com/cucumber/messages/go/v34"
)

// caseRecord is one scenario as it ran.
type caseRecord struct {
	pickle  *messages.Pickle
	caseID  string
	started time.Time
	startID string
	// before and after are its hooks' runs as test steps, steps its own steps.
	before, steps, after []*stepRecord
	finished             int
	// last is when the step that ended last finished: the next step starts then.
	last time.Time
}

// records lists the scenario's test steps in order: hooks before, steps, hooks after.
func (c *caseRecord) records() []*stepRecord {
	return slices.Concat(c.before, c.steps, c.after)
}

// stepRecord is a test step: one of the pickle's steps (step set), or a hook's run (hook set).
type stepRecord struct {
	id          string
	step        *messages.PickleStep
	hook        *hookDef
	hookID      string
	def         *formatters.StepDefinition
	defKey      string
	defSource   *messages.SourceReference
	defIDs      []string
	arguments   []*messages.StepMatchArgumentsList
	suggestion  *messages.Suggestion
	started     time.Time
	finished    time.Time
	status      messages.TestStepResultStatus
	err         error
	attachments []*messages.Attachment
}

// name is how a report names the test step: its text, or the hook's name.
func (r *stepRecord) name() string {
	if r.step != nil {
		return r.step.Text
	}
	if r.hook.name != "" {
		return r.hook.name
	}
	return "hook"
}

// flush ends the record of a scenario: its hooks become test steps, each step gets its own
// outcome (an After hook's error stays the hook's) and every definition it matches, and the
// definitions it met are declared. tr is nil for a scenario the harness did not instrument.
func (m *messagesFmt) flush(c *caseRecord, tr *caseTrace) {
	c.caseID = m.id()
	if tr == nil {
		for _, r := range c.steps {
			if r.def != nil && r.status != messages.TestStepResultStatus_UNDEFINED && r.status != messages.TestStepResultStatus_AMBIGUOUS {
				r.defIDs = []string{m.declareStep(stepDef{expr: r.def.Expr, file: r.defSource.Uri, line: int(r.defSource.Location.Line)}, r.defKey)}
				r.arguments = []*messages.StepMatchArgumentsList{matchArguments(r.def.Expr, r.step.Text)}
			}
		}
	} else {
		m.traced(c, tr)
	}
	for _, r := range c.records() {
		if r.finished.IsZero() { // the run stopped inside this step
			r.finished, r.status = time.Now(), messages.TestStepResultStatus_UNKNOWN
		}
		if r.finished.After(c.last) {
			c.last = r.finished
		}
		switch r.status {
		case messages.TestStepResultStatus_PASSED, messages.TestStepResultStatus_SKIPPED:
		default:
			m.failed = true
		}
	}
}

// traced completes a scenario's record from the harness's trace of it.
func (m *messagesFmt) traced(c *caseRecord, tr *caseTrace) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	m.declare(tr.defs)
	beforePassed := true
	var hookAttachments []*messages.Attachment
	for _, run := range tr.hooks {
		r := &stepRecord{id: m.id(), hook: run.hook, hookID: m.definitionIDs[run.hook.key], started: run.started, finished: run.finished, err: run.err, status: hookStatus(run.err)}
		for _, a := range run.attachments {
			r.attachments = append(r.attachments, attachmentMessage(a.FileName, a.MediaType, a.Body, c.startID, r.id, run.finished))
		}
		hookAttachments = append(hookAttachments, r.attachments...)
		if run.hook.kind == messages.HookType_BEFORE_TEST_CASE {
			c.before = append(c.before, r)
			beforePassed = beforePassed && r.status == messages.TestStepResultStatus_PASSED
			if len(c.steps) > 0 && c.steps[0].started.Before(run.finished) {
				c.steps[0].started = run.finished
			}
		} else {
			c.after = append(c.after, r)
			for _, s := range c.steps { // the step the After hooks ran in ended when they began
				if s.started.Before(run.started) && s.finished.After(run.started) {
					s.finished = run.started
				}
			}
		}
	}
	for _, r := range c.steps {
		r.attachments = withoutCopies(r.attachments, hookAttachments)
		matches := matching(tr.defs.steps, r.step)
		if own, ok := tr.own[r.step.Id]; ok {
			r.status, r.err = stepStatus(own.status.String()), own.err
			if r.finished.IsZero() { // godog tells a formatter nothing of an ambiguous step after a failure
				r.finished = r.started
			}
		}
		if !beforePassed && r.status != messages.TestStepResultStatus_UNDEFINED && r.status != messages.TestStepResultStatus_AMBIGUOUS {
			r.status, r.err = messages.TestStepResultStatus_SKIPPED, nil
		}
		r.defIDs, r.arguments = []string{}, []*messages.StepMatchArgumentsList{}
		if r.status == messages.TestStepResultStatus_UNDEFINED {
			r.suggestion = &messages.Suggestion{Id: m.id(), PickleStepId: scoped(c.pickle.Uri, r.step.Id), Snippets: []*messages.Snippet{{Language: "go", Code: snippet(r.step)}}}
			continue
		}
		for _, d := range matches {
			r.defIDs = append(r.defIDs, m.definitionIDs[d.key()])
			r.arguments = append(r.arguments, matchArguments(d.expr, r.step.Text))
		}
	}
}

// withoutCopies drops from a step's attachments those a hook made: godog may also put them on
// the step it ran the hook in.
func withoutCopies(attachments, hooks []*messages.Attachment) []*messages.Attachment {
	return slices.DeleteFunc(attachments, func(a *messages.Attachment) bool {
		return slices.ContainsFunc(hooks, func(h *messages.Attachment) bool {
			return h.FileName == a.FileName && h.MediaType == a.MediaType && h.Body == a.Body
		})
	})
}

// declare adds the definitions not declared yet, hooks placed among the step definitions in
// the order they were registered.
func (m *messagesFmt) declare(defs definitions) {
	hooks := defs.hooks
	for i, d := range defs.steps {
		for len(hooks) > 0 && hooks[0].stepsBefore <= i {
			m.declareHook(hooks[0])
			hooks = hooks[1:]
		}
		m.declareStep(d, d.key())
	}
	for _, h := range hooks {
		m.declareHook(h)
	}
}

func (m *messagesFmt) declareStep(d stepDef, key string) string {
	if id, ok := m.definitionIDs[key]; ok {
		return id
	}
	id := m.id()
	m.definitionIDs[key] = id
	m.definitions = append(m.definitions, &messages.Envelope{StepDefinition: &messages.StepDefinition{
		Id:              id,
		Pattern:         &messages.StepDefinitionPattern{Source: d.expr.String(), Type: messages.StepDefinitionPatternType_REGULAR_EXPRESSION},
		SourceReference: &messages.SourceReference{Uri: relative(d.file), Location: &messages.Location{Line: int64(d.line)}},
	}})
	return id
}

func (m *messagesFmt) declareHook(h *hookDef) {
	if _, ok := m.definitionIDs[h.key]; ok {
		return
	}
	id := m.id()
	m.definitionIDs[h.key] = id
	m.definitions = append(m.definitions, &messages.Envelope{Hook: &messages.Hook{
		Id: id, Name: h.name, Type: h.kind, TagExpression: h.tag,
		SourceReference: &messages.SourceReference{Uri: relative(h.file), Location: &messages.Location{Line: int64(h.line)}},
	}})
}

// writeMessages writes the whole run in the order Cucumber's tools expect.
func (m *messagesFmt) writeMessages() {
	m.write(&messages.Envelope{Meta: meta()})
	for _, f := range m.features {
		m.write(&messages.Envelope{Source: &messages.Source{Uri: f.uri, Data: string(f.content), MediaType: messages.SourceMediaType_TEXT_X_CUCUMBER_GHERKIN_PLAIN}})
		m.writeScoped("gherkinDocument", f.doc, f.uri)
		for _, p := range compiledOrder(m.Storage.MustGetPickles(f.uri)) {
			m.writeScoped("pickle", p, f.uri)
		}
	}
	for _, d := range m.definitions {
		m.write(d)
	}
	m.write(&messages.Envelope{TestRunStarted: &messages.TestRunStarted{Id: m.runID, Timestamp: stamp(m.runStarted)}})
	for _, c := range m.done {
		tc := &messages.TestCase{Id: c.caseID, PickleId: scoped(c.pickle.Uri, c.pickle.Id), TestRunStartedId: m.runID, TestSteps: []*messages.TestStep{}}
		for _, r := range c.records() {
			ts := &messages.TestStep{Id: r.id, HookId: r.hookID, StepDefinitionIds: r.defIDs, StepMatchArgumentsLists: r.arguments}
			if r.step != nil {
				ts.PickleStepId = scoped(c.pickle.Uri, r.step.Id)
			}
			tc.TestSteps = append(tc.TestSteps, ts)
		}
		m.write(&messages.Envelope{TestCase: tc})
	}
	for _, c := range m.done {
		m.write(&messages.Envelope{TestCaseStarted: &messages.TestCaseStarted{Id: c.startID, TestCaseId: c.caseID, Timestamp: stamp(c.started)}})
		for _, r := range c.records() {
			m.write(&messages.Envelope{TestStepStarted: &messages.TestStepStarted{TestCaseStartedId: c.startID, TestStepId: r.id, Timestamp: stamp(r.started)}})
			if r.suggestion != nil {
				m.write(&messages.Envelope{Suggestion: r.suggestion})
			}
			for _, a := range r.attachments {
				m.write(&messages.Envelope{Attachment: a})
			}
			m.write(&messages.Envelope{TestStepFinished: &messages.TestStepFinished{
				TestCaseStartedId: c.startID, TestStepId: r.id, Timestamp: stamp(r.finished), TestStepResult: stepResult(r),
			}})
		}
		m.write(&messages.Envelope{TestCaseFinished: &messages.TestCaseFinished{TestCaseStartedId: c.startID, Timestamp: stamp(c.last)}})
	}
	m.write(&messages.Envelope{TestRunFinished: &messages.TestRunFinished{TestRunStartedId: m.runID, Success: !m.failed, Timestamp: stamp(time.Now())}})
}

// stepResult is how a test step ended; an undefined or ambiguous step says no more than its
// status (its test step lists the definitions it matched).
func stepResult(r *stepRecord) *messages.TestStepResult {
	res := &messages.TestStepResult{Status: r.status, Duration: duration(max(0, r.finished.Sub(r.started)))}
	switch r.status {
	case messages.TestStepResultStatus_UNDEFINED, messages.TestStepResultStatus_AMBIGUOUS:
	default:
		res.Message, res.Exception = exception(r.err)
	}
	return res
}

// compiledOrder sorts a feature's pickles in the order Gherkin compiled them: godog numbers them
// as it does, and its storage returns them in another order.
func compiledOrder(pickles []*messages.Pickle) []*messages.Pickle {
	number := func(p *messages.Pickle) int {
		n, err := strconv.Atoi(p.Id)
		if err != nil {
			return -1
		}
		return n
	}
	return slices.SortedStableFunc(slices.Values(pickles), func(a, b *messages.Pickle) int { return number(a) - number(b) })
}
