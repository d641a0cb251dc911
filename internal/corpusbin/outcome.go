package corpusbin

import (
	"bufio"
	"regexp"
	"strconv"
	"strings"
)

// Outcome is what a verbose run of the corpus (-test.v) says of itself.
type Outcome struct {
	// Seed is the random order the run used (0 if it did not say).
	Seed int64
	// Failures counts the failed subtests of each scenario, by subtest name (the scenario's name
	// with "_" for spaces): the rows of a Scenario Outline share a name.
	Failures map[string]int
	// Crashed is set when the process died with no scenario failed in the usual way (a panic in
	// a goroutine, a deadlock the runtime caught, the hang bound): Failures then names the
	// scenario that was running.
	Crashed bool
}

var (
	seedLine = regexp.MustCompile(`^concspec: random order, seed (-?\d+)`)
	failLine = regexp.MustCompile(`^    --- FAIL: TestFeatures/(.+?)(#\d+)? \(`)
	runLine  = regexp.MustCompile(`^=== RUN   TestFeatures/(.+?)(#\d+)?$`)
	endLine  = regexp.MustCompile(`^    --- (?:PASS|FAIL|SKIP): TestFeatures/(.+?)(#\d+)? \(`)
)

// ReadOutcome reads the verbose output of a run that exited with exit.
func ReadOutcome(out string, exit int) Outcome {
	o := Outcome{Failures: map[string]int{}}
	running := ""
	scanner := bufio.NewScanner(strings.NewReader(out))
	scanner.Buffer(make([]byte, 1<<20), 1<<24)
	for scanner.Scan() {
		line := scanner.Text()
		if s := seedLine.FindStringSubmatch(line); s != nil {
			o.Seed, _ = strconv.ParseInt(s[1], 10, 64)
		}
		if f := failLine.FindStringSubmatch(line); f != nil {
			o.Failures[f[1]]++
		}
		if r := runLine.FindStringSubmatch(line); r != nil {
			running = r[1]
		} else if e := endLine.FindStringSubmatch(line); e != nil && e[1] == running {
			running = ""
		}
	}
	if exit != 0 && len(o.Failures) == 0 && running != "" {
		o.Failures[running], o.Crashed = 1, true
	}
	return o
}

// SubtestName is the name go test gives a scenario's subtest (spaces become "_").
func SubtestName(scenario string) string { return strings.ReplaceAll(scenario, " ", "_") }

// ScenarioName turns a subtest's name back into the scenario's.
func ScenarioName(subtest string) string { return strings.ReplaceAll(subtest, "_", " ") }
