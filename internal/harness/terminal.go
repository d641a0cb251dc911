package harness

import (
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v34"
)

// terminalFormat is the name of the formatter that prints a run on the terminal.
const terminalFormat = "concspec"

func init() {
	godog.Format(terminalFormat, "one line per scenario in run order, details of what failed, then the summary", newTerminal)
}

// terminal prints one block per scenario as it ends, in the (random) order scenarios run: a
// line naming it, then its figures, the reason it was skipped, and any step that did not pass,
// with its error. Scenarios run side by side, so each block is written whole. godog's pretty
// formatter groups outline rows by outline, which turns a shuffled run into a puzzle.
type terminal struct {
	*godog.BaseFmt
	out io.Writer
	mu  sync.Mutex
	// lines maps a Gherkin AST node to where it is: "file:line" for a scenario or an example
	// row, "file:line: Keyword" for a step.
	lines map[string]string
	// blocks holds each running scenario's block, by pickle id, until its last step ends.
	blocks map[string]*block
}

// block is one scenario's part of the output.
type block struct {
	text  strings.Builder
	steps int // steps ended so far
	total int
}

func newTerminal(suite string, out io.Writer) godog.Formatter {
	return &terminal{BaseFmt: godog.NewBaseFmt(suite, out), out: out, lines: map[string]string{}, blocks: map[string]*block{}}
}

// Feature records where each scenario, example row and step of the feature is.
func (t *terminal) Feature(doc *messages.GherkinDocument, uri string, _ []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if doc.Feature == nil {
		return
	}
	for _, child := range doc.Feature.Children {
		scenarios := []*messages.Scenario{child.Scenario}
		if child.Rule != nil {
			scenarios = nil
			for _, rc := range child.Rule.Children {
				scenarios = append(scenarios, rc.Scenario)
			}
		}
		if child.Background != nil {
			t.stepLines(uri, child.Background.Steps)
		}
		for _, sc := range scenarios {
			if sc == nil {
				continue
			}
			t.lines[sc.Id] = fmt.Sprintf("%s:%d", uri, sc.Location.Line)
			t.stepLines(uri, sc.Steps)
			for _, ex := range sc.Examples {
				for _, row := range ex.TableBody {
					t.lines[row.Id] = fmt.Sprintf("%s:%d", uri, row.Location.Line)
				}
			}
		}
	}
}

func (t *terminal) stepLines(uri string, steps []*messages.Step) {
	for _, st := range steps {
		t.lines[st.Id] = fmt.Sprintf("%s:%d: %s", uri, st.Location.Line, strings.TrimSpace(st.Keyword))
	}
}

// Pickle starts the scenario's block.
func (t *terminal) Pickle(p *messages.Pickle) {
	t.mu.Lock()
	defer t.mu.Unlock()
	where := p.Uri
	if ids := p.AstNodeIds; len(ids) > 0 {
		where = t.lines[ids[len(ids)-1]]
	}
	b := &block{total: len(p.Steps)}
	fmt.Fprintf(&b.text, "• %s  %s\n", p.Name, where)
	t.blocks[p.Id] = b
	if b.total == 0 {
		t.write(p.Id)
	}
}

// end adds a step's outcome to its scenario's block (a line for a step that did not pass, its
// figures and skip reasons), and writes the block once the scenario's last step has ended.
func (t *terminal) end(p *messages.Pickle, step *messages.PickleStep, status string, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := t.blocks[p.Id]
	if b == nil {
		return
	}
	for _, a := range t.Storage.MustGetPickleStepResult(step.Id).Attachments {
		switch {
		case strings.HasPrefix(a.Name, figurePrefix):
			fmt.Fprintf(&b.text, "    %s\n", strings.TrimSuffix(a.Name, ".json"))
		case a.Name == skipNoteName:
			fmt.Fprintf(&b.text, "    %s\n", a.Data)
		}
	}
	if status != "" {
		where := ""
		if len(step.AstNodeIds) > 0 {
			where = t.lines[step.AstNodeIds[0]] + " "
		}
		fmt.Fprintf(&b.text, "    %s %s%s\n", status, where, step.Text)
		if err != nil {
			fmt.Fprintf(&b.text, "      %s\n", strings.ReplaceAll(err.Error(), "\n", "\n      "))
		}
	}
	if b.steps++; b.steps == b.total {
		t.write(p.Id)
	}
}

// write prints the scenario's block and forgets it.
func (t *terminal) write(pickleID string) {
	fmt.Fprint(t.out, t.blocks[pickleID].text.String())
	delete(t.blocks, pickleID)
}

// Passed and Skipped add only the step's figures and skip reasons.
func (t *terminal) Passed(p *messages.Pickle, step *messages.PickleStep, _ *godog.StepDefinition) {
	t.end(p, step, "", nil)
}

// Skipped: see Passed.
func (t *terminal) Skipped(p *messages.Pickle, step *messages.PickleStep, _ *godog.StepDefinition) {
	t.end(p, step, "", nil)
}

// Failed adds the failed step and its error.
func (t *terminal) Failed(p *messages.Pickle, step *messages.PickleStep, _ *godog.StepDefinition, err error) {
	t.end(p, step, "FAILED", err)
}

// Undefined adds a step that has no definition.
func (t *terminal) Undefined(p *messages.Pickle, step *messages.PickleStep, _ *godog.StepDefinition) {
	t.end(p, step, "UNDEFINED", nil)
}

// Pending adds a step whose definition is still pending.
func (t *terminal) Pending(p *messages.Pickle, step *messages.PickleStep, _ *godog.StepDefinition) {
	t.end(p, step, "PENDING", nil)
}

// Ambiguous adds a step that several definitions match.
func (t *terminal) Ambiguous(p *messages.Pickle, step *messages.PickleStep, _ *godog.StepDefinition, err error) {
	t.end(p, step, "AMBIGUOUS", err)
}

// Summary prints godog's summary, which counts a scenario whose steps were all skipped as
// passed, and then says how many of those there were.
func (t *terminal) Summary() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for id := range t.blocks { // scenarios whose last step never ended
		t.write(id)
	}
	t.BaseFmt.Summary()
	skipped := 0
	for _, pr := range t.Storage.MustGetPickleResults() {
		results := t.Storage.MustGetPickleStepResultsByPickleID(pr.PickleID)
		all := len(results) > 0
		for _, r := range results {
			all = all && r.Status.String() == "skipped"
		}
		if all {
			skipped++
		}
	}
	if skipped > 0 {
		fmt.Fprintf(t.out, "of which %d skipped, not passed: every step skipped (see the reasons above)\n", skipped)
	}
}
