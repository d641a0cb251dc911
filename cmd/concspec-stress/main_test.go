package main

import (
	"strings"
	"testing"
	"time"
)

func TestParseProcsRejectsWhatIsNotASetting(t *testing.T) {
	if got, err := parseProcs("1, 2,8"); err != nil || len(got) != 3 || got[2] != 8 {
		t.Fatalf("parseProcs(\"1, 2,8\") = %v, %v", got, err)
	}
	for _, bad := range []string{"", "0", "two", "1,,2"} {
		if _, err := parseProcs(bad); err == nil {
			t.Errorf("parseProcs(%q) accepted it", bad)
		}
	}
}

func TestReportFailsWhenARunFailed(t *testing.T) {
	ok := runResult{procs: 1, seed: 7, passed: true, scenarios: []scenarioResult{{name: "a", passed: true, time: time.Millisecond}}}
	if err := report([]runResult{ok}); err != nil {
		t.Fatalf("a clean run reported %v", err)
	}
	bad := runResult{procs: 2, seed: 9, output: "boom"}
	if err := report([]runResult{ok, bad}); err == nil || !strings.Contains(err.Error(), "1 of 2 runs failed") {
		t.Fatalf("a failed run reported %v", err)
	}
}
