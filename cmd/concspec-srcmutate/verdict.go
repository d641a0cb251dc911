package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The verdicts that close a mutant; every other verdict is a hole the pass reports.
const (
	killed     = "killed"
	equivalent = "equivalent"
)

// killedRuns counts the runs in which a scenario of the mutant's rules failed.
func (r result) killedRuns() int {
	n := 0
	for _, o := range r.runs {
		if o.killed() {
			n++
		}
	}
	return n
}

// status is the mutant's verdict. A kill counts only when it happens in every run: a detector
// that catches a bug only sometimes is a flaky detector. A unit test that fails does not close
// a mutant: the scenarios of its rule are the specification, and they must kill it.
func (r result) status() string {
	k := r.killedRuns()
	switch {
	case r.compile != "":
		return "DOES NOT COMPILE"
	case k == len(r.runs) && r.mutant.Equivalent != "":
		return "KILLED, BUT LISTED AS EQUIVALENT"
	case k == len(r.runs):
		return killed
	case k > 0:
		return fmt.Sprintf("FLAKY: KILLED IN %d OF %d RUNS", k, len(r.runs))
	case slices.ContainsFunc(r.runs, func(o outcome) bool { return o.Exit != 0 }):
		return "UNRELATED FAILURE" // the run failed, but no scenario did
	case r.mutant.Equivalent != "":
		return equivalent
	case len(r.unit.Failed) > 0:
		return "SURVIVED (ONLY A UNIT TEST KILLS IT)"
	}
	return "SURVIVED"
}

// killers are the scenarios that failed in any run, each once.
func (r result) killers() []string {
	var all []string
	for _, o := range r.runs {
		for _, s := range o.Failed {
			if !slices.Contains(all, s) {
				all = append(all, s)
			}
		}
	}
	slices.Sort(all)
	return all
}

// unitColumn says what the package's unit tests did with the mutant.
func (r result) unitColumn() string {
	switch {
	case !r.unit.Ran:
		return "none"
	case len(r.unit.Failed) > 0:
		return "fail: " + strings.Join(r.unit.Failed, " ")
	}
	return "pass"
}

// line is the progress line printed when a mutant's runs end.
func (r result) line() string {
	return fmt.Sprintf("%-60s %s (%d scenarios, unit tests: %s, %.0fs)", r.mutant.Name, r.status(), len(r.killers()), r.unitColumn(), r.elapsed.Seconds())
}

// printMatrix prints mutant × verdict × killing scenarios, then the totals and the survivors
// by package.
func printMatrix(w io.Writer, results []result) {
	fmt.Fprintln(w, "\n| mutant | package | rules | verdict | killed by | unit tests |\n|---|---|---|---|---|---|")
	for _, r := range results {
		by := r.killers()
		if len(by) > 3 {
			by = append(by[:3], fmt.Sprintf("and %d more", len(by)-3))
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", r.mutant.Name, filepath.Base(r.mutant.Package()),
			strings.Join(r.mutant.Rules, " "), r.status(), strings.Join(by, "; "), r.unitColumn())
	}
	s := summarise(results)
	fmt.Fprintf(w, "\n%d mutants: %d equivalent, %d of the %d others killed in every run (%.0f%%)\n",
		s.Mutants, s.Equivalent, s.Killed, s.Mutants-s.Equivalent, s.rate())
	for _, v := range slices.Sorted(maps.Keys(s.Open)) {
		fmt.Fprintf(w, "%s: %d\n", v, s.Open[v])
	}
	for _, pkg := range slices.Sorted(maps.Keys(s.OpenByPackage)) {
		fmt.Fprintf(w, "  %s: %s\n", pkg, strings.Join(s.OpenByPackage[pkg], "; "))
	}
}

// summary is the pass in numbers.
type summary struct {
	Mutants    int `json:"mutants"`
	Equivalent int `json:"equivalent"`
	Killed     int `json:"killed"`
	// Open counts the mutants neither killed every time nor equivalent, by verdict.
	Open map[string]int `json:"open"`
	// OpenByPackage names them by package.
	OpenByPackage map[string][]string `json:"open_by_package"`
}

func (s summary) rate() float64 {
	if s.Mutants == s.Equivalent {
		return 100
	}
	return 100 * float64(s.Killed) / float64(s.Mutants-s.Equivalent)
}

func summarise(results []result) summary {
	s := summary{Mutants: len(results), Open: map[string]int{}, OpenByPackage: map[string][]string{}}
	for _, r := range results {
		switch v := r.status(); v {
		case killed:
			s.Killed++
		case equivalent:
			s.Equivalent++
		default:
			s.Open[v]++
			pkg := filepath.Base(r.mutant.Package())
			s.OpenByPackage[pkg] = append(s.OpenByPackage[pkg], r.mutant.Name)
		}
	}
	return s
}

// row is one mutant in reports/source-mutation.json.
type row struct {
	Mutant     string    `json:"mutant"`
	File       string    `json:"file"`
	Rules      []string  `json:"rules"`
	What       string    `json:"what"`
	Equivalent string    `json:"equivalent,omitempty"`
	Verdict    string    `json:"verdict"`
	KilledBy   []string  `json:"killed_by"`
	UnitTests  unitRun   `json:"unit_tests"`
	Runs       []outcome `json:"runs"`
	Compile    string    `json:"compile_error,omitempty"`
	Seconds    float64   `json:"seconds"`
}

// writeReport writes the pass as JSON: the summary and a row for each mutant.
func writeReport(path string, results []result) error {
	rows := make([]row, 0, len(results))
	for _, r := range results {
		rows = append(rows, row{
			Mutant: r.mutant.Name, File: r.mutant.File, Rules: r.mutant.Rules, What: r.mutant.What,
			Equivalent: r.mutant.Equivalent, Verdict: r.status(), KilledBy: append([]string{}, r.killers()...),
			UnitTests: r.unit, Runs: r.runs, Compile: r.compile, Seconds: r.elapsed.Seconds(),
		})
	}
	body, err := json.MarshalIndent(struct {
		Summary summary `json:"summary"`
		Mutants []row   `json:"mutants"`
	}{summarise(results), rows}, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, append(body, '\n'), 0o644)
}
