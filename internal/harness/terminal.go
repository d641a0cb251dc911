package harness

import (
	"fmt"
	"io"
	"strings"

	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v34"
)

// terminalFormat is the name of the formatter that prints a run on the terminal.
const terminalFormat = "concspec"

func init() {
	godog.Format(terminalFormat, "one line per scenario in run order, details of what failed, then the summary", newTerminal)
}

// terminal prints one line per scenario as it starts, in the (random) order scenarios run,
// and under it any step that did not pass, with its error. godog's pretty formatter groups
// outline rows by outline, which turns a shuffled run into a puzzle.
type terminal struct {
	*godog.BaseFmt
	out io.Writer
	// lines maps a Gherkin AST node to where it is: "file:line" for a scenario or an example
	// row, "file:line: Keyword" for a step.
	lines map[string]string
}

func newTerminal(suite string, out io.Writer) godog.Formatter {
	return &terminal{BaseFmt: godog.NewBaseFmt(suite, out), out: out, lines: map[string]string{}}
}

// Feature records where each scenario, example row and step of the feature is.
func (t *terminal) Feature(doc *messages.GherkinDocument, uri string, _ []byte) {
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

// Pickle prints the scenario about to run.
func (t *terminal) Pickle(p *messages.Pickle) {
	where := p.Uri
	if ids := p.AstNodeIds; len(ids) > 0 {
		where = t.lines[ids[len(ids)-1]]
	}
	fmt.Fprintf(t.out, "• %s  %s\n", p.Name, where)
}

func (t *terminal) step(status string, step *messages.PickleStep, err error) {
	where := ""
	if len(step.AstNodeIds) > 0 {
		where = t.lines[step.AstNodeIds[0]] + " "
	}
	fmt.Fprintf(t.out, "    %s %s%s\n", status, where, step.Text)
	if err != nil {
		fmt.Fprintf(t.out, "      %s\n", strings.ReplaceAll(err.Error(), "\n", "\n      "))
	}
}

// Failed prints the failed step and its error.
func (t *terminal) Failed(_ *messages.Pickle, step *messages.PickleStep, _ *godog.StepDefinition, err error) {
	t.step("FAILED", step, err)
}

// Undefined prints a step that has no definition.
func (t *terminal) Undefined(_ *messages.Pickle, step *messages.PickleStep, _ *godog.StepDefinition) {
	t.step("UNDEFINED", step, nil)
}

// Pending prints a step whose definition is still pending.
func (t *terminal) Pending(_ *messages.Pickle, step *messages.PickleStep, _ *godog.StepDefinition) {
	t.step("PENDING", step, nil)
}

// Ambiguous prints a step that several definitions match.
func (t *terminal) Ambiguous(_ *messages.Pickle, step *messages.PickleStep, _ *godog.StepDefinition, err error) {
	t.step("AMBIGUOUS", step, err)
}

// Summary prints godog's summary, which counts a scenario whose steps were all skipped as
// passed, and then says how many of those there were.
func (t *terminal) Summary() {
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
