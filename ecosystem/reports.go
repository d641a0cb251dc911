package ecosystem

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/concspec/concspec/internal/harness"
)

// Run is what one contract run left in its reports directory: how each scenario ended
// (cucumber.json), the conformance facts its steps recorded (conformance.json) and its figures
// (figures.json).
type Run struct {
	Scenarios   []Scenario
	Conformance []harness.ConformanceCell
	Figures     []harness.Figure
}

// Scenario is one scenario (an outline's row) of cucumber.json, as the matrix needs it.
type Scenario struct {
	URI   string
	Name  string
	Line  int64
	Tags  []string
	Steps []Step
}

// Step is how one step of a scenario ended.
type Step struct {
	Text    string
	Status  string
	Error   string
	Skipped string // why the harness skipped the scenario, from its note
}

// cucumber.json in the shape the harness writes it (internal/harness/cucumberjson.go).
type (
	cukeFeature struct {
		URI      string        `json:"uri"`
		Elements []cukeElement `json:"elements"`
	}
	cukeElement struct {
		Name  string                  `json:"name"`
		Line  int64                   `json:"line"`
		Tags  []struct{ Name string } `json:"tags"`
		Steps []struct {
			Name   string `json:"name"`
			Result struct {
				Status string `json:"status"`
				Error  string `json:"error_message"`
			} `json:"result"`
			Embeddings []struct {
				MimeType string `json:"mime_type"`
				Data     string `json:"data"`
			} `json:"embeddings"`
		} `json:"steps"`
	}
)

// LoadRun reads the reports a run wrote to dir; each of the three files must be there.
func LoadRun(dir string) (Run, error) {
	var r Run
	var features []cukeFeature
	for _, f := range []struct {
		name string
		into any
	}{{"cucumber.json", &features}, {"conformance.json", &r.Conformance}, {"figures.json", &r.Figures}} {
		data, err := os.ReadFile(filepath.Join(dir, f.name))
		if errors.Is(err, fs.ErrNotExist) {
			return r, fmt.Errorf("the run wrote no %s in %s: it did not end normally", f.name, dir)
		}
		if err != nil {
			return r, err
		}
		if err := json.Unmarshal(data, f.into); err != nil {
			return r, fmt.Errorf("%s: %w", f.name, err)
		}
	}
	for _, f := range features {
		for _, e := range f.Elements {
			sc := Scenario{URI: f.URI, Name: e.Name, Line: e.Line}
			for _, t := range e.Tags {
				sc.Tags = append(sc.Tags, t.Name)
			}
			for _, st := range e.Steps {
				step := Step{Text: st.Name, Status: st.Result.Status, Error: st.Result.Error}
				for _, em := range st.Embeddings {
					body, err := base64.StdEncoding.DecodeString(em.Data)
					if reason, ok := strings.CutPrefix(string(body), "skipped: "); ok && err == nil && em.MimeType == "text/plain" {
						step.Skipped = reason
					}
				}
				sc.Steps = append(sc.Steps, step)
			}
			r.Scenarios = append(r.Scenarios, sc)
		}
	}
	return r, nil
}

// Status is how the scenario ended: failed if a step did not pass and was not skipped, skipped
// if a step was skipped and none failed, passed otherwise (as internal/report reads it).
func (s Scenario) Status() string {
	status := "passed"
	for _, st := range s.Steps {
		switch st.Status {
		case "passed":
		case "skipped":
			status = "skipped"
		default:
			return "failed"
		}
	}
	return status
}

// Failure is the step that failed and its message; empty when none did.
func (s Scenario) Failure() (step, message string) {
	for _, st := range s.Steps {
		if st.Status != "passed" && st.Status != "skipped" {
			return st.Text, st.Error
		}
	}
	return "", ""
}

// SkipNote is why the harness skipped the scenario, if it said.
func (s Scenario) SkipNote() string {
	for _, st := range s.Steps {
		if st.Skipped != "" {
			return st.Skipped
		}
	}
	return ""
}

var ruleTag = regexp.MustCompile(`^@(R\d\d)$`)

// Rules are the rule IDs the scenario is tagged with.
func (s Scenario) Rules() []string {
	var out []string
	for _, t := range s.Tags {
		if m := ruleTag.FindStringSubmatch(t); m != nil {
			out = append(out, m[1])
		}
	}
	return out
}
