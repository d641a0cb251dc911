package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/concspec/concspec/internal/harness"
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
