package main

import (
	"slices"
	"strings"
	"testing"
)

func TestARunNamesTheFailedScenariosAndItsSeed(t *testing.T) {
	out := "concspec: random order, seed 42 (replay: …)\n" +
		"=== RUN   TestFeatures/A_join\n    --- FAIL: TestFeatures/A_join (0.01s)\n" +
		"=== RUN   TestFeatures/A_join#01\n    --- FAIL: TestFeatures/A_join#01 (0.01s)\n" +
		"=== RUN   TestFeatures/A_count\n    --- PASS: TestFeatures/A_count (0.01s)\n"
	o := readRun(out, 1)
	if o.Seed != 42 || !slices.Equal(o.Failed, []string{"A join"}) || o.Crashed || !o.killed() {
		t.Fatalf("got %+v", o)
	}
}

func TestACrashIsBlamedOnTheScenarioThatWasRunning(t *testing.T) {
	out := "=== RUN   TestFeatures/A_count\n    --- PASS: TestFeatures/A_count (0.01s)\n=== RUN   TestFeatures/A_join\npanic: send on closed channel\n"
	if o := readRun(out, 2); !o.Crashed || !slices.Equal(o.Failed, []string{"A join"}) {
		t.Fatalf("got %+v", o)
	}
	if o := readRun("# build failed\n", 1); o.killed() {
		t.Fatalf("a failure of no scenario is no kill: %+v", o)
	}
}

func TestAKillCountsOnlyWhenEveryRunKills(t *testing.T) {
	kill, pass, broken := outcome{Exit: 1, Failed: []string{"s"}}, outcome{}, outcome{Exit: 1}
	plain, equiv := Mutant{Name: "m"}, Mutant{Name: "e", Equivalent: "why"}
	for _, c := range []struct {
		r    result
		want string
	}{
		{result{mutant: plain, runs: []outcome{kill, kill}}, killed},
		{result{mutant: plain, runs: []outcome{kill, pass}}, "FLAKY: KILLED IN 1 OF 2 RUNS"},
		{result{mutant: plain, runs: []outcome{pass}}, "SURVIVED"},
		{result{mutant: plain, runs: []outcome{pass}, unit: unitRun{Ran: true, Failed: []string{"TestX"}}}, "SURVIVED (ONLY A UNIT TEST KILLS IT)"},
		{result{mutant: plain, runs: []outcome{broken}}, "UNRELATED FAILURE"},
		{result{mutant: plain, compile: "undefined: x"}, "DOES NOT COMPILE"},
		{result{mutant: equiv, runs: []outcome{pass}}, equivalent},
		{result{mutant: equiv, runs: []outcome{kill}}, "KILLED, BUT LISTED AS EQUIVALENT"},
	} {
		if got := c.r.status(); got != c.want {
			t.Errorf("%s with runs %+v: got %q, want %q", c.r.mutant.Name, c.r.runs, got, c.want)
		}
	}
}

func TestTheSummaryCountsTheOpenMutantsByPackage(t *testing.T) {
	kill, pass := outcome{Exit: 1, Failed: []string{"s"}}, outcome{}
	results := []result{
		{mutant: Mutant{Name: "a", File: "patterns/group/group.go"}, runs: []outcome{kill}},
		{mutant: Mutant{Name: "b", File: "patterns/group/group.go"}, runs: []outcome{pass}},
		{mutant: Mutant{Name: "c", File: "patterns/mixed/mixed.go", Equivalent: "why"}, runs: []outcome{pass}},
	}
	s := summarise(results)
	if s.Mutants != 3 || s.Killed != 1 || s.Equivalent != 1 || s.rate() != 50 ||
		!slices.Equal(s.OpenByPackage["group"], []string{"b"}) || s.Open["SURVIVED"] != 1 {
		t.Fatalf("got %+v", s)
	}
	var matrix strings.Builder
	printMatrix(&matrix, results)
	if !strings.Contains(matrix.String(), "| b | group | ") || !strings.Contains(matrix.String(), "1 of the 2 others killed") {
		t.Fatalf("matrix:\n%s", matrix.String())
	}
}

func TestTheCorpusGetsTheOverlayAndNoSettingOfItsOwn(t *testing.T) {
	t.Setenv("GOFLAGS", "-mod=mod")
	env := corpusEnv([]string{"HOME=/h", "CONCSPEC_REPORTS=/r", "GOFLAGS=-mod=mod"}, overlay{json: "/t/overlay.json"}, "@R09")
	want := []string{"HOME=/h", "CONCSPEC_TAGS=@R09", "CONCSPEC_CONCURRENCY=1", "CONCSPEC_HANG_BOUND=" + hangBound, "GOFLAGS=-mod=mod -overlay=/t/overlay.json"}
	if !slices.Equal(env, want) {
		t.Fatalf("got %q", env)
	}
}
