package harness

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"regexp/syntax"
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

// messagesFmt writes the run as Cucumber Messages, in the order the Cucumber Compatibility Kit
// expects: meta, each feature's source, Gherkin document and pickles, every step definition and
// hook, testRunStarted, every test case, then each test case's run (its hooks and steps as test
// steps, with their attachments and suggestions), and testRunFinished.
//
// godog tells a formatter of a feature only when its first scenario starts, which definition
// matched a step only as the step runs, and nothing of hooks; so the formatter keeps the run's
// records and writes the messages when the run ends (or the hang bound stops it), with the
// times taken as things happened.
type messagesFmt struct {
	*godog.BaseFmt // for its Storage: the pickles, step results and attachments
	enc            *json.Encoder
	ids            *messages.Incrementing
	runID          string
	runStarted     time.Time
	failed         bool
	// mu guards the formatter: scenarios run side by side, and godog replays each one's calls
	// when it ends, possibly while another's are replayed.
	mu sync.Mutex
	// features are the features in the order godog opened them.
	features []featureSource
	// cases holds each scenario not yet ended, by pickle id.
	cases map[string]*caseRecord
	// docs are the features' Gherkin documents by uri, for the junit and cucumber.json reports.
	docs map[string]*messages.GherkinDocument
	// done are the scenarios that ended (in the order they started, once the run ends); written
	// says which.
	done    []*caseRecord
	written map[string]bool
	// definitions are the step definitions and hooks to declare, in the order they were
	// registered; definitionIDs their ids by key.
	definitions   []*messages.Envelope
	definitionIDs map[string]string
	// reportsDir, if set, receives junit.xml and cucumber.json when the run ends.
	reportsDir string
	// finished says the run's end has been written, by Summary or by abort.
	finished bool
}

type featureSource struct {
	uri     string
	doc     *messages.GherkinDocument
	content []byte
}

func newMessages(suite string, out io.Writer) *messagesFmt {
	messageWriters.Add(1)
	return &messagesFmt{
		BaseFmt: godog.NewBaseFmt(suite, out), enc: json.NewEncoder(out), ids: &messages.Incrementing{},
		cases: map[string]*caseRecord{}, docs: map[string]*messages.GherkinDocument{}, written: map[string]bool{},
		definitionIDs: map[string]string{},
	}
}

func (m *messagesFmt) write(e *messages.Envelope) {
	if err := m.enc.Encode(e); err != nil {
		panic(fmt.Sprintf("concspec: writing Cucumber Messages: %v", err))
	}
}

func (m *messagesFmt) id() string { return "concspec-" + m.ids.NewId() }

// TestRunStarted notes when the run started.
func (m *messagesFmt) TestRunStarted() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.runID, m.runStarted = m.id(), time.Now()
}

// Feature keeps the source and its Gherkin document.
func (m *messagesFmt) Feature(doc *messages.GherkinDocument, uri string, content []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.docs[uri] = doc
	m.features = append(m.features, featureSource{uri: uri, doc: doc, content: content})
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
	c := &caseRecord{pickle: p, started: started, last: started, startID: m.id()}
	m.cases[p.Id] = c
	if len(p.Steps) == 0 {
		m.ended(c)
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
	r := &stepRecord{id: m.id(), step: st, def: def, started: started}
	if def != nil {
		match := m.Storage.MustGetStepDefintionMatch(st.AstNodeIds[0])
		r.defKey = stepDef{expr: def.Expr, file: match.File, line: match.Line}.key()
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
	for _, a := range result.Attachments {
		r.attachments = append(r.attachments, attachmentMessage(a.Name, a.MimeType, a.Data, c.startID, r.id, r.finished))
	}
	if c.finished++; c.finished == len(c.pickle.Steps) {
		m.ended(c)
	}
}

// Summary ends the run: the messages, then junit.xml and cucumber.json from the same records,
// so that the three reports always agree.
func (m *messagesFmt) Summary() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.finished {
		return
	}
	unfinished := slices.SortedFunc(maps.Values(m.cases), func(a, b *caseRecord) int { return a.started.Compare(b.started) })
	for _, c := range unfinished { // scenarios whose last step never ended, or that never ran
		if neverRan(c) {
			delete(m.cases, c.pickle.Id)
			continue
		}
		m.ended(c)
	}
	m.finishRun()
}

// neverRan reports whether godog announced a scenario and then did not run it: `go test -run`
// selected other subtests, so neither a hook nor a step of it ran. The reports leave it out, as
// go test does; it is no scenario that failed or was skipped.
func neverRan(c *caseRecord) bool {
	if len(c.steps) > 0 || len(c.pickle.Steps) == 0 {
		return false
	}
	_, traced := traces.Load(c.pickle)
	return !traced
}

// ended notes that a scenario ended. Its record is completed when the run ends: godog runs the
// After hooks of a scenario whose last step is undefined or skipped after telling the
// formatter the step ended.
func (m *messagesFmt) ended(c *caseRecord) {
	delete(m.cases, c.pickle.Id)
	m.done, m.written[c.pickle.Id] = append(m.done, c), true
}

// finishRun completes the records of the scenarios that ended, and writes the messages and the
// other reports.
func (m *messagesFmt) finishRun() {
	m.finished = true
	defer messageWriters.Add(-1)
	slices.SortStableFunc(m.done, func(a, b *caseRecord) int { return a.started.Compare(b.started) })
	for _, c := range m.done {
		if c.caseID == "" {
			m.flush(c, takeTrace(c.pickle))
		}
	}
	m.writeMessages()
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

// matchArguments lists the groups the step's regular expression captured, as Cucumber does: an
// argument for each outermost group, the groups inside it as its children, and a group that
// took no part in the match empty.
func matchArguments(expr *regexp.Regexp, text string) *messages.StepMatchArgumentsList {
	list := &messages.StepMatchArgumentsList{StepMatchArguments: []*messages.StepMatchArgument{}}
	idx := expr.FindStringSubmatchIndex(text)
	if idx == nil {
		return list
	}
	for _, g := range captureTree(expr) {
		list.StepMatchArguments = append(list.StepMatchArguments, &messages.StepMatchArgument{Group: matchGroup(g, idx, text)})
	}
	return list
}

// captureGroup is a capturing group of a regular expression and the groups inside it.
type captureGroup struct {
	index    int
	children []captureGroup
}

// captureTree lists the outermost capturing groups of expr, each with the groups it holds.
func captureTree(expr *regexp.Regexp) []captureGroup {
	re, err := syntax.Parse(expr.String(), syntax.Perl)
	if err != nil {
		return nil
	}
	var walk func(*syntax.Regexp) []captureGroup
	walk = func(r *syntax.Regexp) []captureGroup {
		var out []captureGroup
		for _, sub := range r.Sub {
			if sub.Op == syntax.OpCapture {
				out = append(out, captureGroup{index: sub.Cap, children: walk(sub)})
			} else {
				out = append(out, walk(sub)...)
			}
		}
		return out
	}
	if re.Op == syntax.OpCapture {
		return []captureGroup{{index: re.Cap, children: walk(re)}}
	}
	return walk(re)
}

func matchGroup(g captureGroup, idx []int, text string) *messages.Group {
	group := &messages.Group{Children: []*messages.Group{}}
	if at := 2 * g.index; at+1 < len(idx) && idx[at] >= 0 {
		group.Start, group.Value = int64(utf8.RuneCountInString(text[:idx[at]])), text[idx[at]:idx[at+1]]
	}
	for _, child := range g.children {
		group.Children = append(group.Children, matchGroup(child, idx, text))
	}
	return group
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

// messagesProtocolVersion is the version of github.com/cucumber/messages/go in go.mod, which
// the messages follow (TestProtocolVersionIsTheMessagesModules keeps the two equal).
const messagesProtocolVersion = "34.2.0"

func meta() *messages.Meta {
	version := "(devel)"
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == "github.com/concspec/concspec" {
				version = dep.Version
			}
		}
	}
	return &messages.Meta{
		ProtocolVersion: messagesProtocolVersion,
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
