package harness

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

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

// Summary prints the blocks of scenarios whose last step never ended, then the closing lines:
// the scenarios by how they ended — passed, failed and skipped apart, a scenario skipped after
// steps that passed being skipped (see outcome) — the steps by status, the time the run took,
// and snippets for undefined steps. godog's own summary counts a skipped scenario as passed,
// so it is not printed.
func (t *terminal) Summary() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for id := range t.blocks { // scenarios whose last step never ended
		t.write(id)
	}
	scenarios, steps := map[messages.TestStepResultStatus]int{}, map[messages.TestStepResultStatus]int{}
	total, totalSteps := 0, 0
	for _, pr := range t.Storage.MustGetPickleResults() {
		var statuses []messages.TestStepResultStatus
		for _, r := range t.Storage.MustGetPickleStepResultsByPickleID(pr.PickleID) {
			status := stepStatus(r.Status.String())
			statuses = append(statuses, status)
			steps[status]++
			totalSteps++
		}
		scenarios[outcome(statuses)]++
		total++
	}
	fmt.Fprintln(t.out)
	fmt.Fprintln(t.out, scenarioLine(total, scenarios))
	fmt.Fprintln(t.out, stepLine(totalSteps, steps))
	fmt.Fprintln(t.out, time.Since(t.Storage.MustGetTestRunStarted().StartedAt).Round(time.Millisecond))
	if snippets := t.Snippets(); snippets != "" {
		fmt.Fprintf(t.out, "\nYou can implement step definitions for undefined steps with these snippets:\n%s\n", snippets)
	}
}

// scenarioLine says how the scenarios ended: "269 scenarios: 260 passed, 0 failed, 9 skipped",
// then any that are pending, undefined or ambiguous (the run fails on those too).
func scenarioLine(total int, by map[messages.TestStepResultStatus]int) string {
	line := fmt.Sprintf("%d scenarios: %d passed, %d failed, %d skipped", total,
		by[messages.TestStepResultStatus_PASSED], by[messages.TestStepResultStatus_FAILED]+by[messages.TestStepResultStatus_UNKNOWN],
		by[messages.TestStepResultStatus_SKIPPED])
	for _, status := range []messages.TestStepResultStatus{messages.TestStepResultStatus_PENDING, messages.TestStepResultStatus_UNDEFINED, messages.TestStepResultStatus_AMBIGUOUS} {
		if by[status] > 0 {
			line += fmt.Sprintf(", %d %s", by[status], strings.ToLower(status.String()))
		}
	}
	return line
}

// stepLine counts the steps by status, those of no status left out: "812 steps: 800 passed, 12 skipped".
func stepLine(total int, by map[messages.TestStepResultStatus]int) string {
	line := fmt.Sprintf("%d steps", total)
	sep := ": "
	for _, status := range append([]messages.TestStepResultStatus{messages.TestStepResultStatus_PASSED}, outcomes...) {
		if by[status] > 0 {
			line += fmt.Sprintf("%s%d %s", sep, by[status], strings.ToLower(status.String()))
			sep = ", "
		}
	}
	return line
}
