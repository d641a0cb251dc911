package ecosystem

import (
	"fmt"
	"slices"
	"strings"

	"github.com/concspec/concspec"
	"github.com/concspec/concspec/internal/harness"
)

// Verdict is how a library fared on one contract row.
type Verdict string

const (
	// Holds: the row passed.
	Holds Verdict = "holds"
	// Differs: the row failed, or passed recording a difference a declared capability allows
	// (an unbounded link); the evidence says where and how. A finding, not an error: it must be
	// explained in docs/ecosystem.md.
	Differs Verdict = "differs"
	// Skipped: the row needs a capability the library does not declare (or the machine lacks
	// something); Why says which.
	Skipped Verdict = "skipped"
)

// Matrix is reports/ecosystem.json.
type Matrix struct {
	// Go is the toolchain the libraries were built with.
	Go      string  `json:"go"`
	Entries []Entry `json:"entries"`
}

// Entry is one library held to one contract.
type Entry struct {
	Implementation string   `json:"implementation"`
	Library        string   `json:"library"`
	Version        string   `json:"version"`
	Package        string   `json:"package"`
	Contract       string   `json:"contract"`
	Capabilities   []string `json:"capabilities"`
	// Rules folds the rows by rule: differs if a row differs, holds if a row holds and none
	// differs, skipped if every row was skipped.
	Rules map[string]Verdict `json:"rules"`
	Rows  []Row              `json:"rows"`
}

// Row is one contract row (an Examples row added for the library).
type Row struct {
	// Label names the row: the scenario's name, with "(row k of n)" when several rows share it.
	Label string   `json:"row"`
	Where string   `json:"where"`
	Rules []string `json:"rules"`
	// Steps are the row's steps as the run wrote them, its values in place: what was checked.
	Steps    []string `json:"steps,omitempty"`
	Verdict  Verdict  `json:"verdict"`
	Why      string   `json:"why,omitempty"`
	Evidence Evidence `json:"evidence"`
}

// Evidence is what the run saw on a row.
type Evidence struct {
	// Step and Message are the failing step and its message, for a row that differs.
	Step    string `json:"step,omitempty"`
	Message string `json:"message,omitempty"`
	// Observed are the conformance facts the row's steps recorded (conformance.json).
	Observed []string `json:"observed,omitempty"`
	// Figures are the row's figures (figures.json), as "name = value unit".
	Figures []string `json:"figures,omitempty"`
}

// BuildEntry holds adapter a's rows of plan (its contract rows, as concspec.Plan lists them) up
// to what the run did with them. A row that should have run and did not, or ran and has no
// outcome, is an error of concspec's, not a verdict.
func BuildEntry(a Adapter, mod Module, plan []concspec.Planned, run Run) (Entry, error) {
	e := Entry{
		Implementation: a.Name, Library: mod.Path, Version: mod.Version, Package: a.Package, Contract: a.Contract,
		Capabilities: slices.Clone(a.Capabilities), Rules: map[string]Verdict{},
	}
	if e.Capabilities == nil {
		e.Capabilities = []string{}
	}
	var mine []concspec.Planned
	for _, p := range plan {
		if p.Implementation == a.Name {
			mine = append(mine, p)
		}
	}
	if len(mine) == 0 {
		return e, fmt.Errorf("%s: the corpus has no %s row for it: its contract rows are not where the adapter says", a.Name, a.Contract)
	}
	seen, total := map[string]int{}, map[string]int{}
	for _, p := range mine {
		total[p.Scenario]++
	}
	for _, p := range mine {
		seen[p.Scenario]++
		label := p.Scenario
		if total[p.Scenario] > 1 {
			label = fmt.Sprintf("%s (row %d of %d)", p.Scenario, seen[p.Scenario], total[p.Scenario])
		}
		row, err := buildRow(a.Name, label, p, run)
		if err != nil {
			return e, fmt.Errorf("%s: %w", a.Name, err)
		}
		e.Rows = append(e.Rows, row)
		for _, r := range row.Rules {
			e.Rules[r] = fold(e.Rules[r], row.Verdict)
		}
	}
	return e, nil
}

// buildRow is the verdict on one planned row.
func buildRow(impl, label string, p concspec.Planned, run Run) (Row, error) {
	row := Row{Label: label, Where: p.Where}
	i := slices.IndexFunc(run.Scenarios, func(s Scenario) bool { return fmt.Sprintf("%s:%d", s.URI, s.Line) == p.Where })
	var sc Scenario
	if i >= 0 {
		sc = run.Scenarios[i]
		row.Rules = sc.Rules()
		for _, st := range sc.Steps {
			row.Steps = append(row.Steps, st.Text)
		}
	}
	switch {
	case p.Skip != "":
		row.Verdict, row.Why = Skipped, p.Skip
		return row, nil
	case i < 0:
		return row, fmt.Errorf("the row %q (%s) should have run and has no outcome in cucumber.json", label, p.Where)
	}
	switch sc.Status() {
	case "passed":
		row.Verdict = Holds
		row.Evidence = evidence(impl, sc.Name, run)
		if allowed := recordedDifference(impl, sc.Name, run); allowed != "" {
			// The row passed because the library declares a capability that lets it differ
			// (an unbounded link): still a difference, which the docs must classify.
			row.Verdict, row.Evidence.Message = Differs, allowed
			row.Why = "the row passed, recording a difference that a capability the library declares allows"
		}
	case "failed":
		row.Verdict = Differs
		row.Evidence = evidence(impl, sc.Name, run)
		row.Evidence.Step, row.Evidence.Message = sc.Failure()
		if row.Evidence.Message == "" {
			return row, fmt.Errorf("the row %q (%s) failed without a message", label, p.Where)
		}
		row.Why = "the step " + strings.TrimSpace(row.Evidence.Step) + " failed"
	default:
		note := sc.SkipNote()
		if note == "" {
			return row, fmt.Errorf("the row %q (%s) was skipped at run time without saying why", label, p.Where)
		}
		row.Verdict, row.Why = Skipped, note
	}
	return row, nil
}

// evidence gathers what the run recorded about the scenario for impl.
func evidence(impl, scenario string, run Run) Evidence {
	var ev Evidence
	for _, c := range run.Conformance {
		for _, o := range c.Observations {
			if o.Implementation == impl && o.Scenario == scenario && !slices.Contains(ev.Observed, o.Observed) {
				ev.Observed = append(ev.Observed, o.Observed)
			}
		}
	}
	for _, f := range run.Figures {
		if f.Scenario == scenario {
			ev.Figures = append(ev.Figures, fmt.Sprintf("%s = %.4g %s", f.Name, f.Value, f.Unit))
		}
	}
	return ev
}

// recordedDifference is what the scenario's steps recorded as differing for impl in
// conformance.json, if they did.
func recordedDifference(impl, scenario string, run Run) string {
	var out []string
	for _, c := range run.Conformance {
		for _, o := range c.Observations {
			if o.Implementation == impl && o.Scenario == scenario && o.Verdict == harness.Differs && !slices.Contains(out, o.Observed) {
				out = append(out, o.Observed)
			}
		}
	}
	return strings.Join(out, "; ")
}

// fold adds a row's verdict to its rule's.
func fold(rule, row Verdict) Verdict {
	switch {
	case rule == Differs || row == Differs:
		return Differs
	case rule == Holds || row == Holds:
		return Holds
	}
	return Skipped
}

// Differences are the rows that differ, as (implementation, row label) pairs.
func (m Matrix) Differences() []Difference {
	var out []Difference
	for _, e := range m.Entries {
		for _, r := range e.Rows {
			if r.Verdict == Differs {
				out = append(out, Difference{Implementation: e.Implementation, Row: r.Label})
			}
		}
	}
	return out
}
