package report

import (
	"bytes"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/internal/rules"
	"github.com/stretchr/testify/require"
)

var corpus = fstest.MapFS{"a.feature": {Data: []byte(`Feature: a
  @R01
  Scenario: plain
    Given x

  @R02
  Scenario Outline: outline <n>
    Given <n>

    Examples:
      | n |
      | 1 |
      | 2 |
`)}}

func result(name string, line int, statuses ...string) ElementResult {
	e := ElementResult{Name: name, Line: line}
	for _, s := range statuses {
		var st StepResult
		st.Result.Status = s
		e.Steps = append(e.Steps, st)
	}
	return e
}

func TestRuleStatusFollowsItsScenarios(t *testing.T) {
	in := Inputs{Results: []FeatureResult{{URI: "a.feature", Elements: []ElementResult{
		result("plain", 3, "passed"),
		result("outline 1", 12, "passed"),
		result("outline 2", 13, "failed"),
	}}}}
	p, err := Build(corpus, in)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range p.Rules {
		got[r.ID] = r.Status
	}
	for id, want := range map[string]string{"R01": Passed, "R02": Failed, "R03": NotRun} {
		if got[id] != want {
			t.Errorf("%s is %q, want %q", id, got[id], want)
		}
	}
	if p.Rules[1].Scenarios[0].Runs != 2 {
		t.Errorf("the outline's two rows were counted as %d runs", p.Rules[1].Scenarios[0].Runs)
	}
}

func TestSkippedIsNeitherPassedNorFailed(t *testing.T) {
	if s := result("s", 1, "passed", "skipped").Status(); s != Skipped {
		t.Errorf("a scenario with a skipped step is %q", s)
	}
	if s := combine([]ScenarioRow{{Status: Skipped}, {Status: NotRun}}); s != Skipped {
		t.Errorf("a rule whose only run scenario was skipped is %q", s)
	}
}

func TestChartsWithoutFiguresSaySo(t *testing.T) {
	for _, c := range charts(nil) {
		if !strings.Contains(string(c.SVG()), "No figures") {
			t.Errorf("%s drew something from nothing", c.ID)
		}
	}
	fig := []harness.Figure{{Name: figIO, Value: 1.2, Settings: map[string]string{"requests": "10", "made": "concurrently"}}}
	if svg := string(ioScaling(fig).SVG()); strings.Count(svg, "<circle") != 1 {
		t.Errorf("one figure, %d points:\n%s", strings.Count(svg, "<circle"), svg)
	}
}

func TestAnIncompleteMessagesFileIsRefused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "messages.ndjson")
	require.NoError(t, os.WriteFile(path, []byte(`{"meta":{}}`+"\n"+`{"testRunStarted":{"id":"1"}}`+"\n"), 0o644))
	require.ErrorContains(t, complete(path), "is INCOMPLETE: the run that wrote it never finished")
	require.NoError(t, os.WriteFile(path, []byte(`{"testRunStarted":{"id":"1"}}`+"\n"+`{"testRunFinished":{"success":false}}`+"\n"), 0o644))
	require.NoError(t, complete(path))
}

// TestTheErrataListEveryClaimUnderItsVerdict renders the page and finds every claim of the
// catalogue on it once, in the group of its verdict, and the groups' counts adding up.
func TestTheErrataListEveryClaimUnderItsVerdict(t *testing.T) {
	p, err := Build(corpus, Inputs{})
	require.NoError(t, err)
	require.Equal(t, len(rules.Claims()), p.Errata.Total)
	seen := map[string]string{}
	for _, g := range p.Errata.Groups {
		for _, c := range g.Claims {
			require.NotContains(t, seen, c.ID, "%s is listed twice", c.ID)
			require.Equal(t, string(c.Verdict), g.Verdict, "%s is listed under another verdict than its own", c.ID)
			seen[c.ID] = g.Verdict
		}
	}
	var page bytes.Buffer
	require.NoError(t, p.Render(&page))
	html := page.String()
	require.Contains(t, html, `<h2 id="errata">Errata</h2>`)
	require.Contains(t, html, fmt.Sprintf("The source guide makes %d distinct claims", len(rules.Claims())))
	for _, c := range rules.Claims() {
		require.Equal(t, string(c.Verdict), seen[c.ID], "%s is not listed under its verdict", c.ID)
		require.NotEmpty(t, c.Verdict, "%s has no verdict", c.ID)
		require.Contains(t, html, fmt.Sprintf(`<tr class="claim" id="claim-%s" data-claim="%s" data-verdict="%s">`, c.ID, c.ID, template.HTMLEscapeString(string(c.Verdict))))
	}
	for _, v := range rules.Verdicts() {
		require.Contains(t, html, fmt.Sprintf(">%s (", v), "the page has no group for %s", v)
	}
}

// TestTheErrataShowEachScenarioAsItRan: a claim's evidence links to the Cucumber report (on its
// scenario's tags), says
// how its scenario (all of an outline's rows) fared and what the cited figure measured, and a
// scenario the corpus does not have says so.
func TestTheErrataShowEachScenarioAsItRan(t *testing.T) {
	all, err := rules.Scenarios(corpus)
	require.NoError(t, err)
	in := Inputs{
		Results: []FeatureResult{{URI: "a.feature", Elements: []ElementResult{
			result("plain", 3, "passed"), result("outline 1", 12, "passed"), result("outline 2", 13, "failed"),
		}}},
		Figures: []harness.Figure{
			{Scenario: "plain", Name: "Python p.py: ratio", Value: 2.5, Unit: "×"},
			{Scenario: "outline 2", Name: "lost updates", Value: 7, Unit: "increments", Settings: map[string]string{"n": "2"}},
			{Scenario: "another", Name: "lost updates", Value: 9, Unit: "increments"},
		},
	}
	claims := []rules.Claim{{ID: "C001", Verdict: rules.Refuted, Evidence: []rules.Evidence{
		{Feature: "a.feature", Scenario: "plain", Figure: "ratio"},
		{Feature: "a.feature", Scenario: "outline <n>", Figure: "lost updates"},
		{Feature: "a.feature", Scenario: "gone"},
	}}}
	e := errata(claims, all, in)
	require.Equal(t, rules.Refuted, rules.Verdict(e.Groups[0].Verdict))
	rows := e.Groups[0].Claims[0].Evidence
	require.Equal(t, EvidenceRow{Evidence: claims[0].Evidence[0], Where: "a.feature:3", Report: "index.html?query=%40R01", Status: Passed,
		Figures: []string{"Python p.py: ratio = 2.5 ×"}}, rows[0])
	require.Equal(t, Failed, rows[1].Status, "an outline fails when one of its rows failed")
	require.Equal(t, []string{"lost updates = 7 increments (n=2)"}, rows[1].Figures, "only the cited scenario's figure")
	require.Equal(t, "index.html?query=%40R02", rows[1].Report, "the report's search takes tags exactly")
	require.Equal(t, NotInCorpus, rows[2].Status)
}

// A skipped scenario shows why it was skipped: the reason its step (or hook) gave.
func TestASkippedScenarioSaysWhy(t *testing.T) {
	skipped := result("plain", 3, "skipped")
	skipped.Steps[0].Result.Error = "Node.js is not installed"
	all, err := rules.Scenarios(corpus)
	if err != nil {
		t.Fatal(err)
	}
	row := scenarioRow(all[0], []FeatureResult{{URI: "a.feature", Elements: []ElementResult{skipped}}})
	if row.Status != Skipped || row.Message != "Node.js is not installed" {
		t.Errorf("a skipped scenario reads %q with message %q, not skipped with its reason", row.Status, row.Message)
	}
}
