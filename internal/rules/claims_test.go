package rules_test

import (
	"os"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/concspec/concspec"
	"github.com/concspec/concspec/internal/rules"
	"github.com/concspec/concspec/steps"
)

// TestEveryClaimHasAVerdictAndItsEvidenceExists is the enforcement for the claim catalogue:
// every claim of the guide has a verdict, the claims the corpus shows cite their scenarios, and
// each cited feature file, scenario and figure exists.
func TestEveryClaimHasAVerdictAndItsEvidenceExists(t *testing.T) {
	problems, err := rules.ClaimProblems(rules.Claims(), concspec.Features(), stepSources(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// stepSources reads, for each feature file, the sources of the concept whose steps run it and
// of the shared vocabulary: a concept's package is where its Steps function is.
func stepSources(t *testing.T) rules.StepSources {
	t.Helper()
	fsys := os.DirFS("../..")
	out := rules.StepSources{}
	for _, c := range steps.Concepts() {
		fn := runtime.FuncForPC(reflect.ValueOf(c.Steps).Pointer()).Name() // module/steps/<pkg>.register
		pkg, _, _ := strings.Cut(strings.TrimPrefix(fn, "github.com/concspec/concspec/"), ".")
		src, err := rules.GoSources(fsys, pkg, "steps/shared")
		if err != nil {
			t.Fatalf("reading the steps of %s (%s): %v", c.Name, fn, err)
		}
		for _, f := range c.Features {
			out[f] += src
		}
	}
	if len(out) == 0 {
		t.Fatal("no concept names a feature file")
	}
	return out
}

// The check must be able to fail: each kind of gap in a made-up catalogue is reported.
func TestTheClaimCheckReportsEachGap(t *testing.T) {
	features := fstest.MapFS{"a.feature": {Data: []byte(`Feature: a
  Scenario: it holds
    Then its "ratio_measured" is at most 3

  Scenario Outline: <n> of them
    Given <n>

    Examples:
      | n |
      | 1 |
`)}}
	sources := rules.StepSources{"a.feature": `package x // records "a figure from a step"`, "b.feature": `records "nobody records this"`}
	holds := rules.Evidence{Feature: "a.feature", Scenario: "it holds"}
	claims := []rules.Claim{
		{ID: "C001", Section: "s", Lines: "1", Statement: "fine", Rules: []string{"R01"}, Verdict: rules.Confirmed,
			Evidence: []rules.Evidence{holds, {Feature: "a.feature", Scenario: "<n> of them", Figure: "ratio_measured"}, {Feature: "a.feature", Scenario: "it holds", Figure: "a figure from a step"}}},
		{ID: "C002", Section: "s", Lines: "2", Statement: "no evidence", Rules: []string{"R01"}, Verdict: rules.Confirmed},
		{ID: "C003", Section: "s", Lines: "3", Statement: "missing scenario", Rules: []string{"R01"}, Verdict: rules.Refuted, Note: "n",
			Evidence: []rules.Evidence{{Feature: "a.feature", Scenario: "it does not hold"}}},
		{ID: "C004", Section: "s", Lines: "4", Statement: "missing feature", Rules: []string{"R01"}, Verdict: rules.Refined, Note: "n",
			Evidence: []rules.Evidence{{Feature: "b.feature", Scenario: "it holds"}}},
		{ID: "C005", Section: "s", Lines: "5", Statement: "missing figure", Rules: []string{"R01"}, Verdict: rules.Confirmed,
			Evidence: []rules.Evidence{{Feature: "a.feature", Scenario: "it holds", Figure: "nobody records this"}}},
		{ID: "C006", Section: "s", Lines: "6", Statement: "no verdict", Rules: []string{"R01"}},
		{ID: "C007", Section: "s", Lines: "7", Statement: "no reason", Rules: []string{"R01"}, Verdict: rules.NotExecutable},
		{ID: "C008", Section: "s", Lines: "8", Statement: "reason and evidence", Rules: []string{"R01"}, Verdict: rules.NotExecutable, Note: "n", Evidence: []rules.Evidence{holds}},
		{ID: "C009", Section: "s", Lines: "9", Statement: "refined without saying how", Rules: []string{"R01"}, Verdict: rules.Refined, Evidence: []rules.Evidence{holds}},
		{ID: "C009", Section: "s", Lines: "10", Statement: "bad rule", Rules: []string{"R99"}, Verdict: rules.NotExecutable, Note: "n"},
	}
	problems, err := rules.ClaimProblems(claims, features, sources)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(problems, "\n")
	for _, want := range []string{
		"C002: is confirmed and cites no scenario",
		`C003: cites the scenario "it does not hold", which features/a.feature does not have`,
		"C004: cites features/b.feature, which does not exist",
		`C005: cites the figure "nobody records this", which neither features/a.feature nor the sources of its steps record`,
		`C006: has no verdict ("")`,
		"C007: is stated, not executable here and gives no reason",
		"C008: is stated, not executable here and cites 1 scenarios",
		"C009: is refined and does not say what is true instead",
		"C009: comes after C009",
		"C009: names R99, which is not in the rule catalogue",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the problems do not say %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "C001") {
		t.Errorf("C001 cites a scenario, an outline and figures that exist, and is reported:\n%s", all)
	}
	if len(problems) != 10 {
		t.Errorf("%d problems, want 10:\n%s", len(problems), all)
	}
}

// TestTheREADMESummarisesTheClaims holds the README's errata summary to the catalogue, so that
// its counts and lists never drift from it.
func TestTheREADMESummarisesTheClaims(t *testing.T) {
	const begin, end = "<!-- errata-summary:begin (checked by go test ./internal/rules) -->\n", "<!-- errata-summary:end -->"
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	from, to := strings.Index(readme, begin), strings.Index(readme, end)
	if from < 0 || to < from {
		t.Fatalf("README.md has no errata summary between %q and %q", begin, end)
	}
	if got, want := readme[from+len(begin):to], rules.ErrataSummary(); got != want {
		t.Errorf("README.md's errata summary is not the catalogue's; put this between its markers:\n%s", want)
	}
}
