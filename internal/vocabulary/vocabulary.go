// Package vocabulary lists the step definitions a suite registers, each with an example line
// taken from the feature files that use it, so that someone writing a new scenario can see
// every step there is and how it reads.
package vocabulary

import (
	"bytes"
	"fmt"
	"io/fs"
	"regexp"
	"strings"

	"github.com/concspec/concspec/internal/featurefs"
	gherkin "github.com/cucumber/gherkin/go/v42"
	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v34"
)

// Step is one step definition.
type Step struct {
	// Pattern is the step's regular expression.
	Pattern string
	// Definition is where the step is registered, as godog names it.
	Definition string
	// Example is a line of a feature that uses the step (with its keyword), and ExampleAt is
	// where ("counters.feature:9"); both are empty when no feature uses it.
	Example, ExampleAt string
}

// usage is one concrete step line of a feature.
type usage struct{ line, at, text string }

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// List returns the steps register defines, in registration order, with examples from features.
func List(register func(*godog.ScenarioContext), features fs.FS) ([]Step, error) {
	var out bytes.Buffer
	godog.TestSuite{ScenarioInitializer: register, Options: &godog.Options{ShowStepDefinitions: true, Output: &out, NoColors: true, Format: "progress"}}.Run()
	uses, err := usages(features)
	if err != nil {
		return nil, err
	}
	var steps []Step
	for _, line := range strings.Split(ansi.ReplaceAllString(out.String(), ""), "\n") {
		pattern, def, ok := cutLast(line, " # ")
		if !ok {
			continue
		}
		s := Step{Pattern: strings.TrimSpace(pattern), Definition: strings.TrimSpace(def)}
		expr, err := regexp.Compile(s.Pattern)
		if err != nil {
			return nil, fmt.Errorf("step %s: %w", s.Pattern, err)
		}
		for _, u := range uses {
			if expr.MatchString(u.text) {
				s.Example, s.ExampleAt = u.line, u.at
				break
			}
		}
		steps = append(steps, s)
	}
	if len(steps) == 0 {
		return nil, fmt.Errorf("no step definitions listed:\n%s", out.String())
	}
	return steps, nil
}

func cutLast(s, sep string) (before, after string, ok bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// usages lists every concrete step line of the features (outline rows filled in), in file order.
func usages(features fs.FS) ([]usage, error) {
	var out []usage
	err := featurefs.Walk(features, func(path string, doc *messages.GherkinDocument, ids *messages.Incrementing) error {
		steps := astSteps(doc)
		for _, p := range gherkin.Pickles(*doc, path, ids.NewId) {
			for _, ps := range p.Steps {
				st := steps[ps.AstNodeIds[0]]
				out = append(out, usage{line: strings.TrimSpace(st.Keyword) + " " + ps.Text, at: fmt.Sprintf("%s:%d", path, st.Location.Line), text: ps.Text})
			}
		}
		return nil
	})
	return out, err
}

// astSteps maps the id of every step of the document to the step.
func astSteps(doc *messages.GherkinDocument) map[string]*messages.Step {
	m := map[string]*messages.Step{}
	if doc.Feature == nil {
		return m
	}
	add := func(bg *messages.Background, sc *messages.Scenario) {
		if bg != nil {
			for _, st := range bg.Steps {
				m[st.Id] = st
			}
		}
		if sc != nil {
			for _, st := range sc.Steps {
				m[st.Id] = st
			}
		}
	}
	for _, c := range doc.Feature.Children {
		add(c.Background, c.Scenario)
		if c.Rule != nil {
			for _, rc := range c.Rule.Children {
				add(rc.Background, rc.Scenario)
			}
		}
	}
	return m
}
