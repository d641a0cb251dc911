// Package report renders reports/summary.html, the page no generic Cucumber report gives: the
// rule catalogue with each rule's status and links to its scenarios, the errata (every claim of
// the guide with its verdict, its scenarios and their figures), the conformance matrix
// (implementation × rule), the mutation matrix, the measured figures with SVG plots, and the
// ecosystem matrix (common libraries × their contracts' rules). It reads the files a run of the
// corpus, `make mutate` and `make ecosystem` leave in the reports directory.
package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/internal/rules"
)

//go:embed summary.html.tmpl
var pageTemplate string

var page = template.Must(template.New("summary").Funcs(template.FuncMap{
	"join": strings.Join, "value": figureValue, "settings": settings,
}).Parse(pageTemplate))

// Statuses of a scenario or a rule on the page.
const (
	Passed  = "passed"
	Failed  = "failed"
	Skipped = "skipped"
	NotRun  = "not run"
)

// Page is what summary.html shows.
type Page struct {
	Rules  []RuleRow
	Counts map[string]int // rules by status
	// Scenarios counts the scenarios (and outline rows) that ran, by status; a scenario whose
	// steps were all skipped (a capability its implementation does not declare) is skipped.
	Scenarios   map[string]int
	Conformance Conformance
	Mutations   []Mutation
	Killed      int
	Charts      []chart
	Figures     []harness.Figure
	// Ecosystem is nil when the reports have no ecosystem.json.
	Ecosystem *Ecosystem
	// Errata is every claim of the guide with its verdict and evidence.
	Errata  Errata
	Missing []string
}

// RuleRow is one rule of the catalogue with how its scenarios fared.
type RuleRow struct {
	rules.Rule
	Status    string
	Scenarios []ScenarioRow
	// Report links to the rule's scenarios in the Cucumber HTML report.
	Report string
}

// ScenarioRow is one scenario (or Examples block) of a rule.
type ScenarioRow struct {
	Name, Where string
	Negative    bool
	Status      string
	Runs        int
	Message     string
}

// Conformance is the implementation × rule matrix.
type Conformance struct {
	Rules []string
	Rows  []ConformanceRow
}

// ConformanceRow is one implementation's cells, in the order of Conformance.Rules.
type ConformanceRow struct {
	Implementation string
	Cells          []ConformanceCell
}

// ConformanceCell is empty when the implementation was not run under the rule.
type ConformanceCell struct {
	Verdict  string
	Observed string
}

// Build puts the page together from the corpus's features and a run's reports.
func Build(features fs.FS, in Inputs) (Page, error) {
	cov, err := rules.Cover(features)
	if err != nil {
		return Page{}, err
	}
	all, err := rules.Scenarios(features)
	if err != nil {
		return Page{}, err
	}
	p := Page{Counts: map[string]int{}, Scenarios: map[string]int{}, Mutations: in.Mutations, Charts: charts(in.Figures), Figures: in.Figures, Ecosystem: ecosystem(in.Ecosystem), Errata: errata(rules.Claims(), all, in), Missing: in.Missing}
	for _, r := range rules.Catalogue() {
		row := RuleRow{Rule: r, Report: "index.html?query=" + url.QueryEscape("@"+r.ID)}
		for _, s := range cov.ByRule[r.ID] {
			row.Scenarios = append(row.Scenarios, scenarioRow(s, in.Results))
		}
		row.Status = combine(row.Scenarios)
		p.Counts[row.Status]++
		p.Rules = append(p.Rules, row)
	}
	for _, f := range in.Results {
		for _, e := range f.Elements {
			p.Scenarios[e.Status()]++
		}
	}
	p.Conformance = conformance(in.Conformance)
	for _, m := range in.Mutations {
		if m.Verdict == "killed" {
			p.Killed++
		}
	}
	return p, nil
}

// Render writes the page.
func (p Page) Render(w io.Writer) error { return page.Execute(w, p) }

// scenarioRow finds the runs of s in the results: the scenario's own line, or its example rows'.
func scenarioRow(s rules.Scenario, results []FeatureResult) ScenarioRow {
	row := ScenarioRow{Name: s.Name, Where: s.Where(), Negative: s.Negative(), Status: NotRun}
	for _, f := range results {
		if f.URI != s.URI {
			continue
		}
		for _, e := range f.Elements {
			if e.Line != s.Line && !slices.Contains(s.Rows, e.Line) {
				continue
			}
			row.Runs++
			switch status := e.Status(); {
			case status == Failed:
				row.Status, row.Message = Failed, e.Message()
			case row.Status == NotRun, row.Status == Skipped && status == Passed:
				row.Status, row.Message = status, ""
				if status == Skipped {
					row.Message = e.Message() // why it was skipped
				}
			}
		}
	}
	return row
}

// combine gives a rule its status: failed if a scenario failed, passed if one passed and none
// failed, skipped if all that ran were skipped, not run if none ran.
func combine(scs []ScenarioRow) string {
	status := NotRun
	for _, s := range scs {
		switch {
		case s.Status == Failed:
			return Failed
		case s.Status == Passed, s.Status == Skipped && status == NotRun:
			status = s.Status
		}
	}
	return status
}

func conformance(cells []harness.ConformanceCell) Conformance {
	var c Conformance
	byImpl := map[string]map[string]ConformanceCell{}
	for _, cell := range cells {
		if !slices.Contains(c.Rules, cell.Rule) {
			c.Rules = append(c.Rules, cell.Rule)
		}
		if byImpl[cell.Implementation] == nil {
			byImpl[cell.Implementation] = map[string]ConformanceCell{}
		}
		var seen []string
		for _, o := range cell.Observations {
			if !slices.Contains(seen, o.Observed) {
				seen = append(seen, o.Observed)
			}
		}
		byImpl[cell.Implementation][cell.Rule] = ConformanceCell{Verdict: string(cell.Verdict), Observed: strings.Join(seen, "; ")}
	}
	slices.Sort(c.Rules)
	for _, impl := range sortedImplementations(byImpl) {
		row := ConformanceRow{Implementation: impl}
		for _, r := range c.Rules {
			row.Cells = append(row.Cells, byImpl[impl][r])
		}
		c.Rows = append(c.Rows, row)
	}
	return c
}

// sortedImplementations puts the reference first, the others by name.
func sortedImplementations(m map[string]map[string]ConformanceCell) []string {
	names := slices.Collect(maps.Keys(m))
	slices.SortFunc(names, func(a, b string) int {
		switch {
		case a == b:
			return 0
		case a == "reference":
			return -1
		case b == "reference":
			return 1
		}
		return strings.Compare(a, b)
	})
	return names
}

func figureValue(f harness.Figure) string { return fmt.Sprintf("%s %s", label(f.Value), f.Unit) }

// settings lists a figure's settings as "key=value", sorted by key.
func settings(m map[string]string) string {
	keys := slices.Sorted(maps.Keys(m))
	for i, k := range keys {
		keys[i] = k + "=" + m[k]
	}
	return strings.Join(keys, ", ")
}
