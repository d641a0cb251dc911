package harness

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/cucumber/godog"
	"github.com/cucumber/godog/formatters"
	messages "github.com/cucumber/messages/go/v34"
)

// messagesFormat is the name of the formatter that writes Cucumber Messages as NDJSON.
const messagesFormat = "cucumber-messages"

func init() {
	godog.Format(messagesFormat, "Cucumber Messages, one JSON envelope per line (NDJSON)", func(suite string, out io.Writer) godog.Formatter {
		return newMessages(suite, out)
	})
}

// messagesFmt writes the run as Cucumber Messages: meta, the sources, their Gherkin documents
// and pickles, then for each scenario its step definitions, test case, and the test case's and
// steps' start and finish with their timings, statuses and attachments (the figures).
//
// godog tells a formatter which definition matched a step only as the step runs, and a test
// case must name its steps' definitions before it starts; so each scenario's messages are held
// until its last step has finished and then written in protocol order, with the times taken
// as things happened.
type messagesFmt struct {
	*godog.BaseFmt // for its Storage: the matched definitions and the attachments
	enc            *json.Encoder
	ids            *messages.Incrementing
	runID          string
	defIDs         map[string]string // step definition key → id already written
	failed         bool
	// mu guards the formatter: scenarios run side by side, and godog replays each one's calls
	// when it ends, possibly while another's are replayed.
	mu sync.Mutex
	// cases holds each scenario not yet written, by pickle id.
	cases map[string]*caseRecord
	// docs are the features' Gherkin documents by uri, for the junit and cucumber.json reports.
	docs map[string]*messages.GherkinDocument
	// done are the scenarios written so far, in the order they ended; written says which.
	done    []*caseRecord
	written map[string]bool
	// reportsDir, if set, receives junit.xml and cucumber.json when the run ends.
	reportsDir string
	// ended says the run's end (testRunFinished) has been written, by Summary or by abort.
	ended bool
}

// caseRecord is one scenario as it runs.
type caseRecord struct {
	pickle   *messages.Pickle
	started  time.Time
	startID  string
	stepIDs  map[string]string // pickle step id → test step id
	steps    []*stepRecord
	finished int
	// last is when the step that ended last finished: the next step starts then.
	last time.Time
}

type stepRecord struct {
	step        *messages.PickleStep
	def         *formatters.StepDefinition
	defKey      string
	defSource   *messages.SourceReference
	started     time.Time
	finished    time.Time
	status      messages.TestStepResultStatus
	err         error
	attachments []*messages.Attachment
}

func newMessages(suite string, out io.Writer) *messagesFmt {
	return &messagesFmt{
		BaseFmt: godog.NewBaseFmt(suite, out), enc: json.NewEncoder(out), ids: &messages.Incrementing{},
		defIDs: map[string]string{}, cases: map[string]*caseRecord{}, docs: map[string]*messages.GherkinDocument{}, written: map[string]bool{},
	}
}

func (m *messagesFmt) write(e *messages.Envelope) {
	if err := m.enc.Encode(e); err != nil {
		panic(fmt.Sprintf("concspec: writing Cucumber Messages: %v", err))
	}
}

func (m *messagesFmt) id() string { return "concspec-" + m.ids.NewId() }

// TestRunStarted writes meta and testRunStarted.
func (m *messagesFmt) TestRunStarted() {
	m.runID = m.id()
	m.write(&messages.Envelope{Meta: meta()})
	m.write(&messages.Envelope{TestRunStarted: &messages.TestRunStarted{Id: m.runID, Timestamp: stamp(time.Now())}})
}

// Feature writes the source, its Gherkin document and the pickles godog compiled from it.
func (m *messagesFmt) Feature(doc *messages.GherkinDocument, uri string, content []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.docs[uri] = doc
	m.write(&messages.Envelope{Source: &messages.Source{Uri: uri, Data: string(content), MediaType: messages.SourceMediaType_TEXT_X_CUCUMBER_GHERKIN_PLAIN}})
	m.writeScoped("gherkinDocument", doc, uri)
	for _, p := range m.Storage.MustGetPickles(uri) {
		m.writeScoped("pickle", p, uri)
	}
}

// writeScoped writes a Gherkin document or a pickle with its ids made unique across the run:
// godog numbers each feature's nodes from zero, and Cucumber's tools look nodes up by id.
func (m *messagesFmt) writeScoped(kind string, message any, uri string) {
	data, err := json.Marshal(message)
	if err != nil {
		panic(fmt.Sprintf("concspec: writing Cucumber Messages: %v", err))
	}
	var tree any
	if err := json.Unmarshal(data, &tree); err != nil {
		panic(fmt.Sprintf("concspec: writing Cucumber Messages: %v", err))
	}
	if err := m.enc.Encode(map[string]any{kind: scopeIDs(tree, uri)}); err != nil {
		panic(fmt.Sprintf("concspec: writing Cucumber Messages: %v", err))
	}
}

// scopeIDs prefixes every Gherkin id in a decoded message (id, astNodeId, astNodeIds) with uri.
func scopeIDs(v any, uri string) any {
	switch v := v.(type) {
	case map[string]any:
		for k, child := range v {
			switch id, isString := child.(string); {
			case isString && (k == "id" || k == "astNodeId"):
				v[k] = scoped(uri, id)
			case k == "astNodeIds":
				ids, _ := child.([]any)
				for i, id := range ids {
					ids[i] = scoped(uri, fmt.Sprint(id))
				}
			default:
				v[k] = scopeIDs(child, uri)
			}
		}
	case []any:
		for i, child := range v {
			v[i] = scopeIDs(child, uri)
		}
	}
	return v
}

func scoped(uri, id string) string { return uri + "#" + id }

// Pickle starts a scenario.
// The times come from godog's storage, as taken while the scenario ran, not from the moment the
// formatter is told.
func (m *messagesFmt) Pickle(p *messages.Pickle) {
	m.mu.Lock()
	defer m.mu.Unlock()
	started := m.Storage.MustGetPickleResult(p.Id).StartedAt
	c := &caseRecord{pickle: p, started: started, last: started, startID: m.id(), stepIDs: map[string]string{}}
	for _, st := range p.Steps {
		c.stepIDs[st.Id] = m.id()
	}
	m.cases[p.Id] = c
	if len(p.Steps) == 0 {
		m.flush(c)
	}
}

// Defined is called as a step is about to run, matched or not.
func (m *messagesFmt) Defined(p *messages.Pickle, st *messages.PickleStep, def *formatters.StepDefinition) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if c := m.cases[p.Id]; c != nil {
		c.steps = append(c.steps, m.stepRecord(st, def, c.last))
	}
}

// stepRecord starts the record of a step that is about to run (def is nil when no definition
// matches it).
func (m *messagesFmt) stepRecord(st *messages.PickleStep, def *formatters.StepDefinition, started time.Time) *stepRecord {
	r := &stepRecord{step: st, def: def, started: started}
	if def != nil {
		match := m.Storage.MustGetStepDefintionMatch(st.AstNodeIds[0])
		r.defKey = fmt.Sprintf("%s:%d %s", match.File, match.Line, def.Expr)
		r.defSource = &messages.SourceReference{Uri: relative(match.File), Location: &messages.Location{Line: int64(match.Line)}}
	}
	return r
}

// Passed, Failed, Skipped, Undefined, Pending and Ambiguous end a step.
func (m *messagesFmt) Passed(p *messages.Pickle, st *messages.PickleStep, def *formatters.StepDefinition) {
	m.end(p, st, messages.TestStepResultStatus_PASSED, nil)
}

func (m *messagesFmt) Failed(p *messages.Pickle, st *messages.PickleStep, def *formatters.StepDefinition, err error) {
	m.end(p, st, messages.TestStepResultStatus_FAILED, err)
}

func (m *messagesFmt) Skipped(p *messages.Pickle, st *messages.PickleStep, def *formatters.StepDefinition) {
	m.end(p, st, messages.TestStepResultStatus_SKIPPED, nil)
}

func (m *messagesFmt) Undefined(p *messages.Pickle, st *messages.PickleStep, def *formatters.StepDefinition) {
	m.end(p, st, messages.TestStepResultStatus_UNDEFINED, nil)
}

func (m *messagesFmt) Pending(p *messages.Pickle, st *messages.PickleStep, def *formatters.StepDefinition) {
	m.end(p, st, messages.TestStepResultStatus_PENDING, nil)
}

func (m *messagesFmt) Ambiguous(p *messages.Pickle, st *messages.PickleStep, def *formatters.StepDefinition, err error) {
	m.end(p, st, messages.TestStepResultStatus_AMBIGUOUS, err)
}

func (m *messagesFmt) end(p *messages.Pickle, st *messages.PickleStep, status messages.TestStepResultStatus, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := m.cases[p.Id]
	if c == nil || len(c.steps) == 0 || c.steps[len(c.steps)-1].step.Id != st.Id {
		return
	}
	r := c.steps[len(c.steps)-1]
	result := m.Storage.MustGetPickleStepResult(st.Id)
	r.finished, r.status, r.err = result.FinishedAt, status, err
	c.last = r.finished
	switch status {
	case messages.TestStepResultStatus_PASSED, messages.TestStepResultStatus_SKIPPED:
	default:
		m.failed = true
	}
	for _, a := range result.Attachments {
		r.attachments = append(r.attachments, attachmentMessage(a.Name, a.MimeType, a.Data, c.startID, c.stepIDs[st.Id], r.finished))
	}
	if c.finished++; c.finished == len(c.pickle.Steps) {
		m.flush(c)
	}
}

// flush writes the scenario held so far: its new step definitions, the test case, and what
// happened. A scenario without steps is a test case with none.
func (m *messagesFmt) flush(c *caseRecord) {
	delete(m.cases, c.pickle.Id)
	m.done, m.written[c.pickle.Id] = append(m.done, c), true
	uri := c.pickle.Uri
	tc := &messages.TestCase{Id: m.id(), PickleId: scoped(uri, c.pickle.Id), TestRunStartedId: m.runID, TestSteps: []*messages.TestStep{}}
	for _, r := range c.steps {
		ts := &messages.TestStep{Id: c.stepIDs[r.step.Id], PickleStepId: scoped(uri, r.step.Id), StepDefinitionIds: []string{}}
		if r.def != nil && r.status != messages.TestStepResultStatus_UNDEFINED && r.status != messages.TestStepResultStatus_AMBIGUOUS {
			ts.StepDefinitionIds = []string{m.definition(r)}
			ts.StepMatchArgumentsLists = []*messages.StepMatchArgumentsList{matchArguments(r.def, r.step.Text)}
		}
		tc.TestSteps = append(tc.TestSteps, ts)
	}
	m.write(&messages.Envelope{TestCase: tc})
	m.write(&messages.Envelope{TestCaseStarted: &messages.TestCaseStarted{Id: c.startID, TestCaseId: tc.Id, Timestamp: stamp(c.started)}})
	last := c.started
	for _, r := range c.steps {
		stepID := c.stepIDs[r.step.Id]
		m.write(&messages.Envelope{TestStepStarted: &messages.TestStepStarted{TestCaseStartedId: c.startID, TestStepId: stepID, Timestamp: stamp(r.started)}})
		for _, a := range r.attachments {
			m.write(&messages.Envelope{Attachment: a})
		}
		if r.finished.IsZero() { // the run stopped inside this step
			r.finished, r.status = time.Now(), messages.TestStepResultStatus_UNKNOWN
		}
		m.write(&messages.Envelope{TestStepFinished: &messages.TestStepFinished{
			TestCaseStartedId: c.startID, TestStepId: stepID, Timestamp: stamp(r.finished), TestStepResult: stepResult(r),
		}})
		last = r.finished
	}
	m.write(&messages.Envelope{TestCaseFinished: &messages.TestCaseFinished{TestCaseStartedId: c.startID, Timestamp: stamp(last)}})
}

// definition returns the id of the step's definition, writing the definition the first time.
func (m *messagesFmt) definition(r *stepRecord) string {
	if id, ok := m.defIDs[r.defKey]; ok {
		return id
	}
	id := m.id()
	m.defIDs[r.defKey] = id
	m.write(&messages.Envelope{StepDefinition: &messages.StepDefinition{
		Id:              id,
		Pattern:         &messages.StepDefinitionPattern{Source: r.def.Expr.String(), Type: messages.StepDefinitionPatternType_REGULAR_EXPRESSION},
		SourceReference: r.defSource,
	}})
	return id
}

// Summary ends the run: testRunFinished, then junit.xml and cucumber.json from the same
// records, so that the three reports always agree.
func (m *messagesFmt) Summary() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ended {
		return
	}
	unfinished := slices.SortedFunc(maps.Values(m.cases), func(a, b *caseRecord) int { return a.started.Compare(b.started) })
	for _, c := range unfinished { // scenarios whose last step never ended
		m.flush(c)
	}
	m.finishRun()
}

// finishRun writes testRunFinished and the other reports.
func (m *messagesFmt) finishRun() {
	m.ended = true
	m.write(&messages.Envelope{TestRunFinished: &messages.TestRunFinished{TestRunStartedId: m.runID, Success: !m.failed, Timestamp: stamp(time.Now())}})
	if m.reportsDir == "" {
		return
	}
	if err := writeJUnit(filepath.Join(m.reportsDir, "junit.xml"), m.docs, m.done); err != nil {
		fmt.Fprintf(os.Stderr, "concspec: writing junit.xml: %v\n", err)
	}
	if err := writeCucumberJSON(filepath.Join(m.reportsDir, "cucumber.json"), m.docs, m.done); err != nil {
		fmt.Fprintf(os.Stderr, "concspec: writing cucumber.json: %v\n", err)
	}
}

func stepResult(r *stepRecord) *messages.TestStepResult {
	res := &messages.TestStepResult{Status: r.status, Duration: duration(r.finished.Sub(r.started))}
	if r.err != nil {
		res.Message = r.err.Error()
		res.Exception = &messages.Exception{Type: fmt.Sprintf("%T", r.err), Message: r.err.Error()}
	}
	return res
}

// matchArguments lists the groups the step's regular expression captured, as godog passes
// them to the step function.
func matchArguments(def *formatters.StepDefinition, text string) *messages.StepMatchArgumentsList {
	list := &messages.StepMatchArgumentsList{StepMatchArguments: []*messages.StepMatchArgument{}}
	idx := def.Expr.FindStringSubmatchIndex(text)
	for i := 2; i+1 < len(idx); i += 2 {
		if idx[i] < 0 {
			continue
		}
		list.StepMatchArguments = append(list.StepMatchArguments, &messages.StepMatchArgument{
			Group: &messages.Group{Start: int64(utf8.RuneCountInString(text[:idx[i]])), Value: text[idx[i]:idx[i+1]], Children: []*messages.Group{}},
		})
	}
	return list
}

// attachmentMessage keeps text as it is and encodes anything else in base64.
func attachmentMessage(name, mediaType string, body []byte, caseStartedID, stepID string, at time.Time) *messages.Attachment {
	a := &messages.Attachment{FileName: name, MediaType: mediaType, TestCaseStartedId: caseStartedID, TestStepId: stepID, Timestamp: stamp(at)}
	if utf8.Valid(body) && (strings.HasPrefix(mediaType, "text/") || strings.HasSuffix(mediaType, "json")) {
		a.Body, a.ContentEncoding = string(body), messages.AttachmentContentEncoding_IDENTITY
	} else {
		a.Body, a.ContentEncoding = base64.StdEncoding.EncodeToString(body), messages.AttachmentContentEncoding_BASE64
	}
	return a
}

func meta() *messages.Meta {
	protocol, version := "unknown", "(devel)"
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if strings.HasPrefix(dep.Path, "github.com/cucumber/messages/go/") {
				protocol = strings.TrimPrefix(dep.Version, "v")
			}
			if dep.Path == "github.com/concspec/concspec" {
				version = dep.Version
			}
		}
	}
	return &messages.Meta{
		ProtocolVersion: protocol,
		Implementation:  &messages.Product{Name: "concspec (godog)", Version: version},
		Runtime:         &messages.Product{Name: "go", Version: runtime.Version()},
		Os:              &messages.Product{Name: runtime.GOOS},
		Cpu:             &messages.Product{Name: runtime.GOARCH},
	}
}

// relative shortens a step definition's file to its path from the working directory (the
// module's root when the corpus runs), leaving paths outside it whole.
func relative(file string) string {
	wd, err := os.Getwd()
	if err != nil {
		return file
	}
	rel, err := filepath.Rel(wd, file)
	if err != nil || strings.HasPrefix(rel, "..") {
		return file
	}
	return filepath.ToSlash(rel)
}

func stamp(t time.Time) *messages.Timestamp {
	return &messages.Timestamp{Seconds: t.Unix(), Nanos: int64(t.Nanosecond())}
}

func duration(d time.Duration) *messages.Duration {
	return &messages.Duration{Seconds: int64(d / time.Second), Nanos: int64(d % time.Second)}
}
