package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/concspec/concspec"
	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/corpusbin"
	"github.com/concspec/concspec/internal/featurefs"
	"github.com/concspec/concspec/internal/report"
	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"
)

// verdict is what one mutant's run showed.
type verdict struct {
	mutant catalog.Mutant
	// killers are the scenarios that failed, with their rule tags.
	killers map[string][]string
	// failures counts the failed runs of each of those names (the rows of a Scenario Outline
	// may share one).
	failures map[string]int
	// crashed is set when the run ended without a scenario failing in the usual way (a panic
	// that took the process down, the hang bound); the scenario then running is the killer.
	crashed bool
	// exit is the run's exit status.
	exit int
	// expected, for a detector-off mutant, are the negative controls in which its detector
	// fired with no mutant: each must fail without it. missed are those that passed.
	expected, missed []string
}

// related reports whether a scenario of one of the mutant's rules killed it.
func (v verdict) related() bool {
	for _, rules := range v.killers {
		for _, r := range rules {
			if slices.Contains(v.mutant.Rules, r) {
				return true
			}
		}
	}
	return false
}

func (v verdict) status() string {
	if isBlind(v.mutant) {
		switch {
		case len(v.expected) == 0:
			return "NO NEGATIVE CONTROL FIRES IT"
		case len(v.missed) > 0:
			return fmt.Sprintf("SURVIVED IN %d OF %d NEGATIVE CONTROLS", len(v.missed), len(v.expected))
		}
		return "killed"
	}
	switch {
	case v.exit == 0:
		return "SURVIVED"
	case len(v.killers) == 0:
		return "UNRELATED FAILURE"
	case !v.related():
		return "KILLED ONLY BY UNRELATED SCENARIOS"
	}
	return "killed"
}

func (v verdict) line() string {
	how := ""
	if v.crashed {
		how = " (the process died)"
	}
	line := fmt.Sprintf("%-45s %s by %d scenarios%s", v.mutant.Name, v.status(), len(v.killers), how)
	for _, s := range v.missed {
		line += "\n    still passes without it: " + strings.ReplaceAll(s, "_", " ")
	}
	return line
}

// scenarioRules maps each scenario's subtest name (as go test prints it) to its rule tags.
func scenarioRules() (map[string][]string, error) {
	rules := map[string][]string{}
	err := featurefs.Walk(concspec.Features(), func(path string, doc *messages.GherkinDocument, ids *messages.Incrementing) error {
		for _, p := range gherkin.Pickles(*doc, path, ids.NewId) {
			name := corpusbin.SubtestName(p.Name)
			for _, tag := range p.Tags {
				if r := strings.TrimPrefix(tag.Name, "@"); ruleID.MatchString(r) && !slices.Contains(rules[name], r) {
					rules[name] = append(rules[name], r)
				}
			}
		}
		return nil
	})
	return rules, err
}

var ruleID = regexp.MustCompile(`^[RP]\d\d$`)

// run runs the corpus once with the mutant in place and reads who killed it.
func run(ctx context.Context, corpus string, m catalog.Mutant, tags string, rules map[string][]string) verdict {
	// One scenario at a time, so that a mutant that crashes the process is pinned on the one
	// scenario that was running.
	out, exit, err := corpusbin.Run(ctx, corpus, []string{"-test.v"}, catalog.EnvMutant+"="+m.Name, "CONCSPEC_TAGS="+tags, "CONCSPEC_HANG_BOUND=20s", "CONCSPEC_CONCURRENCY=1")
	if err != nil {
		out, exit = append(out, err.Error()...), -1 // a run that did not start: an unrelated failure
	}
	return readRun(string(out), exit, m, rules)
}

// readRun reads a run's verbose output: the scenarios that failed, or, when the process died
// with none failed, the scenario that was running.
func readRun(out string, exit int, m catalog.Mutant, rules map[string][]string) verdict {
	o := corpusbin.ReadOutcome(out, exit)
	v := verdict{mutant: m, killers: map[string][]string{}, failures: o.Failures, exit: exit, crashed: o.Crashed}
	for name := range o.Failures {
		v.killers[name] = rules[name]
	}
	return v
}

// writeMatrix writes the verdicts in the form reports/summary.html reads.
func writeMatrix(path string, verdicts []verdict) error {
	rows := make([]report.Mutation, 0, len(verdicts))
	for _, v := range verdicts {
		row := report.Mutation{Mutant: v.mutant.Name, Rules: v.mutant.Rules, Verdict: v.status(), KilledBy: []report.Killer{}}
		for _, name := range slices.Sorted(maps.Keys(v.killers)) {
			row.KilledBy = append(row.KilledBy, report.Killer{Scenario: corpusbin.ScenarioName(name), Rules: v.killers[name]})
		}
		rows = append(rows, row)
	}
	data, err := json.MarshalIndent(rows, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// printMatrix prints mutant × killing scenarios and fails unless every mutant was killed by a
// scenario of a rule it breaks.
func printMatrix(verdicts []verdict) error {
	fmt.Println("\n| mutant | rules it breaks | verdict | killed by |\n|---|---|---|---|")
	killed := 0
	for _, v := range verdicts {
		var by []string
		for name, rules := range v.killers {
			by = append(by, fmt.Sprintf("%s [%s]", strings.ReplaceAll(name, "_", " "), strings.Join(rules, " ")))
		}
		slices.Sort(by)
		if len(by) > 4 {
			by = append(by[:4], fmt.Sprintf("and %d more", len(by)-4))
		}
		fmt.Printf("| %s | %s | %s | %s |\n", v.mutant.Name, strings.Join(v.mutant.Rules, " "), v.status(), strings.Join(by, "; "))
		if v.status() == "killed" {
			killed++
		}
	}
	fmt.Printf("\nkill rate: %d of %d mutants (%.0f%%)\n", killed, len(verdicts), 100*float64(killed)/float64(len(verdicts)))
	if killed != len(verdicts) {
		return fmt.Errorf("%d mutants were not killed by the scenarios of the rules they break", len(verdicts)-killed)
	}
	return nil
}
