package harness

import (
	"slices"
	"strings"

	messages "github.com/cucumber/messages/go/v34"
)

// astNode is what the junit and cucumber.json reports need of a Gherkin node: its keyword, its
// line, and a scenario's name as written (placeholders and all).
type astNode struct {
	keyword string
	line    int64
	name    string
}

// gherkinIndex maps every scenario, example row and step of a document to its keyword and line.
func gherkinIndex(doc *messages.GherkinDocument) map[string]astNode {
	index := map[string]astNode{}
	if doc == nil || doc.Feature == nil {
		return index
	}
	steps := func(list []*messages.Step) {
		for _, st := range list {
			index[st.Id] = astNode{keyword: st.Keyword, line: st.Location.Line}
		}
	}
	scenario := func(sc *messages.Scenario) {
		index[sc.Id] = astNode{keyword: sc.Keyword, line: sc.Location.Line, name: sc.Name}
		steps(sc.Steps)
		for _, ex := range sc.Examples {
			for _, row := range ex.TableBody {
				index[row.Id] = astNode{keyword: sc.Keyword, line: row.Location.Line}
			}
		}
	}
	for _, child := range doc.Feature.Children {
		if child.Background != nil {
			steps(child.Background.Steps)
		}
		if child.Scenario != nil {
			scenario(child.Scenario)
		}
		if child.Rule != nil {
			for _, rc := range child.Rule.Children {
				if rc.Background != nil {
					steps(rc.Background.Steps)
				}
				if rc.Scenario != nil {
					scenario(rc.Scenario)
				}
			}
		}
	}
	return index
}

// where is the node a pickle came from: the example row of an outline, else the scenario.
func where(index map[string]astNode, p *messages.Pickle) astNode {
	if len(p.AstNodeIds) == 0 {
		return astNode{}
	}
	return index[p.AstNodeIds[len(p.AstNodeIds)-1]]
}

// featureName is the feature's name, or its uri when it has none.
func featureName(doc *messages.GherkinDocument, uri string) string {
	if doc != nil && doc.Feature != nil && strings.TrimSpace(doc.Feature.Name) != "" {
		return doc.Feature.Name
	}
	return uri
}

// verdict is how a scenario ended (see outcome), from its test steps, hooks included, and the
// first test step that ended that way; the step is nil for a scenario that passed or that no
// step of ran.
func (c *caseRecord) verdict() (status messages.TestStepResultStatus, at *stepRecord) {
	records := c.records()
	statuses := make([]messages.TestStepResultStatus, len(records))
	for i, r := range records {
		statuses[i] = r.status
	}
	status = outcome(statuses)
	if i := slices.Index(statuses, status); i >= 0 && status != messages.TestStepResultStatus_PASSED {
		at = records[i]
	}
	return status, at
}

// skipReason is why the scenario was skipped, from the note the harness attached.
func (c *caseRecord) skipReason() string {
	for _, r := range c.records() {
		for _, a := range r.attachments {
			if a.FileName == skipNoteName {
				return strings.TrimPrefix(a.Body, "skipped: ")
			}
		}
	}
	return ""
}

// figures lists the scenario's figures, one "name = value unit" a line.
func (c *caseRecord) figures() []string {
	var out []string
	for _, r := range c.records() {
		for _, a := range r.attachments {
			if name, ok := strings.CutPrefix(a.FileName, figurePrefix); ok {
				out = append(out, strings.TrimSuffix(name, ".json"))
			}
		}
	}
	return out
}

// duration is how long the scenario ran, never negative.
func (c *caseRecord) duration() float64 {
	return max(0, c.last.Sub(c.started).Seconds())
}
