package main

import (
	"testing"

	"github.com/concspec/concspec/internal/catalog"
)

var rules = map[string][]string{"A_join": {"R09"}, "A_count": {"R18"}}

func TestAFailedScenarioOfTheMutantsRuleKillsIt(t *testing.T) {
	out := "=== RUN   TestFeatures/A_join\n    --- FAIL: TestFeatures/A_join (0.01s)\n"
	v := readRun(out, 1, catalog.Mutant{Name: "m", Rules: []string{"R09"}}, rules)
	if v.status() != "killed" || v.crashed {
		t.Fatalf("status %q, crashed %v", v.status(), v.crashed)
	}
}

func TestAKillByAnotherRuleOnlyIsNotAProof(t *testing.T) {
	out := "=== RUN   TestFeatures/A_count#01\n    --- FAIL: TestFeatures/A_count#01 (0.01s)\n"
	v := readRun(out, 1, catalog.Mutant{Name: "m", Rules: []string{"R09"}}, rules)
	if v.status() != "KILLED ONLY BY UNRELATED SCENARIOS" {
		t.Fatalf("status %q", v.status())
	}
}

func TestACrashIsBlamedOnTheScenarioThatWasRunning(t *testing.T) {
	out := "=== RUN   TestFeatures/A_count\n    --- PASS: TestFeatures/A_count (0.01s)\n=== RUN   TestFeatures/A_join\npanic: send on closed channel\n"
	v := readRun(out, 2, catalog.Mutant{Name: "m", Rules: []string{"R09"}}, rules)
	if v.status() != "killed" || !v.crashed {
		t.Fatalf("status %q, crashed %v", v.status(), v.crashed)
	}
}

func TestASurvivorAndAFailureOfNoScenarioAreReported(t *testing.T) {
	m := catalog.Mutant{Name: "m", Rules: []string{"R09"}}
	if v := readRun("ok\n", 0, m, rules); v.status() != "SURVIVED" {
		t.Fatalf("a clean run: %q", v.status())
	}
	if v := readRun("# build failed\n", 1, m, rules); v.status() != "UNRELATED FAILURE" {
		t.Fatalf("a build failure: %q", v.status())
	}
}
