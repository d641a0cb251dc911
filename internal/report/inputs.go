package report

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/concspec/concspec/internal/harness"
)

// Mutation is one row of the mutation matrix (reports/mutation.json, written by
// `make mutate`): a known-broken implementation swapped in for a reference one, the rules it
// breaks, and the scenarios whose failure killed it.
type Mutation struct {
	Mutant   string   `json:"mutant"`
	Rules    []string `json:"rules"`
	Verdict  string   `json:"verdict"`
	KilledBy []Killer `json:"killed_by"`
}

// Killer is a scenario that failed with a mutant in place.
type Killer struct {
	Scenario string   `json:"scenario"`
	Rules    []string `json:"rules"`
}

// Inputs are the reports a run of the corpus leaves in its reports directory; a missing file
// leaves its part empty, and the page says how to get it.
type Inputs struct {
	Results     []FeatureResult
	Conformance []harness.ConformanceCell
	Figures     []harness.Figure
	Mutations   []Mutation
	// Ecosystem is nil when ecosystem.json is not there.
	Ecosystem *EcosystemMatrix
	// Missing lists the files that were not there.
	Missing []string
}

// FeatureResult is one feature of cucumber.json, reduced to what the summary shows.
type FeatureResult struct {
	URI      string          `json:"uri"`
	Elements []ElementResult `json:"elements"`
}

// ElementResult is one scenario (or outline row) that ran.
type ElementResult struct {
	Name  string       `json:"name"`
	Line  int          `json:"line"`
	Steps []StepResult `json:"steps"`
}

// StepResult is how one step of a scenario ended.
type StepResult struct {
	Result struct {
		Status string `json:"status"`
		Error  string `json:"error_message"`
	} `json:"result"`
}

// Status is the scenario's outcome: failed if a step failed (or was undefined, pending or
// ambiguous), skipped if a step was skipped and none failed, passed otherwise.
func (e ElementResult) Status() string {
	status := "passed"
	for _, st := range e.Steps {
		switch st.Result.Status {
		case "passed":
		case "skipped":
			status = "skipped"
		default:
			return "failed"
		}
	}
	return status
}

// Message is the first error a step reported, if any.
func (e ElementResult) Message() string {
	for _, st := range e.Steps {
		if st.Result.Error != "" {
			return st.Result.Error
		}
	}
	return ""
}

// Load reads the reports in dir.
func Load(dir string) (Inputs, error) {
	var in Inputs
	for _, f := range []struct {
		name string
		into any
	}{
		{"cucumber.json", &in.Results},
		{"conformance.json", &in.Conformance},
		{"figures.json", &in.Figures},
		{"mutation.json", &in.Mutations},
		{"ecosystem.json", &in.Ecosystem},
	} {
		data, err := os.ReadFile(filepath.Join(dir, f.name))
		if errors.Is(err, fs.ErrNotExist) {
			in.Missing = append(in.Missing, f.name)
			continue
		}
		if err != nil {
			return in, err
		}
		if err := json.Unmarshal(data, f.into); err != nil {
			return in, errors.Join(errors.New(f.name), err)
		}
	}
	return in, nil
}
