package main

import (
	"context"
	"slices"
	"testing"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
)

func TestTheBaselineTellsInWhichNegativeControlsEachDetectorFired(t *testing.T) {
	f := firingOf([]harness.Detection{
		{Scenario: "A stage that ignores cancel", Rules: []string{"R11", "R09"}, Negative: true, Fired: []harness.Detector{"leak check", "join"}},
		{Scenario: "A group that joins", Rules: []string{"R09"}, Fired: []harness.Detector{"join"}},
		{Scenario: "A stage that ignores cancel", Rules: []string{"R11"}, Negative: true, Fired: []harness.Detector{"leak check"}},
	})
	leak := f["leak check"]
	if want := []string{"A_stage_that_ignores_cancel", "A_stage_that_ignores_cancel"}; !slices.Equal(leak.scenarios, want) {
		t.Errorf("the leak check's negative controls are %q, want %q (one for each row that fired)", leak.scenarios, want)
	}
	if want := []string{"R09", "R11"}; !slices.Equal(leak.rules, want) {
		t.Errorf("the leak check's rules are %q, want %q", leak.rules, want)
	}
	if join := f["join"]; len(join.scenarios) != 1 {
		t.Errorf("the join fired in negative controls %q; its firing in a positive scenario is not a control", join.scenarios)
	}
}

func TestADetectorOffMutantIsKilledOnlyWhenEveryNegativeControlFails(t *testing.T) {
	m := catalog.SwitchOff("join")
	c := controls{scenarios: []string{"A_join", "A_count"}, rules: []string{"R09", "R18"}}
	both := "    --- FAIL: TestFeatures/A_join (0.01s)\n    --- FAIL: TestFeatures/A_count (0.01s)\n"
	if v := blindVerdict(readRun(both, 1, m, rules), c); v.status() != "killed" || len(v.missed) > 0 {
		t.Errorf("both controls failed: %q, missed %q", v.status(), v.missed)
	}
	one := "    --- FAIL: TestFeatures/A_join (0.01s)\n"
	v := blindVerdict(readRun(one, 1, m, rules), c)
	if v.status() != "SURVIVED IN 1 OF 2 NEGATIVE CONTROLS" || !slices.Equal(v.missed, []string{"A_count"}) {
		t.Errorf("one control failed: %q, missed %q", v.status(), v.missed)
	}
	other := "    --- FAIL: TestFeatures/Another_scenario (0.01s)\n"
	if v := blindVerdict(readRun(other, 1, m, rules), c); v.status() != "SURVIVED IN 2 OF 2 NEGATIVE CONTROLS" {
		t.Errorf("only a scenario that is no control failed: %q", v.status())
	}
	if v := blindVerdict(readRun("ok\n", 0, m, rules), controls{}); v.status() != "NO NEGATIVE CONTROL FIRES IT" {
		t.Errorf("a detector that fired in no control: %q", v.status())
	}
}

func TestEveryRowOfAnOutlineThatFiredMustFail(t *testing.T) {
	m := catalog.SwitchOff("join")
	c := controls{scenarios: []string{"A_join", "A_join"}, rules: []string{"R09"}}
	oneRow := "    --- FAIL: TestFeatures/A_join (0.01s)\n    --- PASS: TestFeatures/A_join#01 (0.01s)\n"
	if v := blindVerdict(readRun(oneRow, 1, m, rules), c); v.status() != "SURVIVED IN 1 OF 2 NEGATIVE CONTROLS" {
		t.Errorf("one of two rows failed: %q", v.status())
	}
	bothRows := "    --- FAIL: TestFeatures/A_join (0.01s)\n    --- FAIL: TestFeatures/A_join#01 (0.01s)\n"
	if v := blindVerdict(readRun(bothRows, 1, m, rules), c); v.status() != "killed" {
		t.Errorf("both rows failed: %q", v.status())
	}
}

func TestAControlThatCrashedTheProcessFailed(t *testing.T) {
	m := catalog.SwitchOff("join")
	out := "=== RUN   TestFeatures/A_join\npanic: send on closed channel\n"
	if v := blindVerdict(readRun(out, 2, m, rules), controls{scenarios: []string{"A_join"}}); v.status() != "killed" || !v.crashed {
		t.Errorf("the process died in the control: %q, crashed %v", v.status(), v.crashed)
	}
}

func TestADetectorThatFiresInNoNegativeControlIsReportedWithoutARun(t *testing.T) {
	j := judge{corpus: "/nonexistent/corpus.test", fired: func() (firing, error) {
		return firing{"join": {scenarios: []string{"A_join"}, rules: []string{"R09"}}}, nil
	}}
	v := j.verdict(context.Background(), catalog.SwitchOff("leak check"))
	if v.status() != "NO NEGATIVE CONTROL FIRES IT" || v.exit != 0 {
		t.Errorf("the leak check fired in no control: %q (exit %d)", v.status(), v.exit)
	}
}
