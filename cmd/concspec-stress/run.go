package main

import (
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"time"
)

// runResult is one run of the corpus.
type runResult struct {
	procs     int
	seed      int64
	passed    bool
	elapsed   time.Duration
	scenarios []scenarioResult
	// output is kept for failed runs.
	output string
}

type scenarioResult struct {
	name   string
	passed bool
	time   time.Duration
}

func runOnce(corpus, reports string, procs int, seed int64, tags string) (runResult, error) {
	cmd := exec.Command(corpus, "-test.run", "^TestFeatures$", "-test.count=1")
	cmd.Env = append(os.Environ(),
		"GOMAXPROCS="+strconv.Itoa(procs), "CONCSPEC_SEED="+strconv.FormatInt(seed, 10),
		"CONCSPEC_TAGS="+tags, "CONCSPEC_REPORTS="+reports)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	r := runResult{procs: procs, seed: seed, passed: err == nil, elapsed: time.Since(start)}
	if _, isExit := err.(*exec.ExitError); err != nil && !isExit {
		return r, fmt.Errorf("running the corpus: %w", err)
	}
	if !r.passed {
		r.output = string(out)
	}
	scenarios, err := readJUnit(filepath.Join(reports, "junit.xml"))
	if err != nil && r.passed {
		return r, err
	}
	r.scenarios = scenarios
	return r, nil
}

func (r runResult) line() string {
	failed := 0
	for _, s := range r.scenarios {
		if !s.passed {
			failed++
		}
	}
	status := "ok  "
	if !r.passed {
		status = "FAIL"
	}
	return fmt.Sprintf("%s GOMAXPROCS=%d seed=%d %d scenarios, %d failed, %s", status, r.procs, r.seed, len(r.scenarios), failed, r.elapsed.Round(time.Millisecond))
}

// readJUnit reads the scenarios of one run from its junit.xml (a skipped scenario did not fail).
func readJUnit(path string) ([]scenarioResult, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Suites []struct {
			Cases []struct {
				Name    string    `xml:"name,attr"`
				Time    float64   `xml:"time,attr"`
				Failure *struct{} `xml:"failure"`
				Error   *struct{} `xml:"error"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []scenarioResult
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			out = append(out, scenarioResult{name: c.Name, passed: c.Failure == nil && c.Error == nil, time: time.Duration(c.Time * float64(time.Second))})
		}
	}
	return out, nil
}

// report prints the table of runs by GOMAXPROCS, the failures with their seeds, and the
// slowest scenarios; it returns an error if any run failed.
func report(results []runResult) error {
	type row struct{ runs, failedRuns, scenarioRuns int }
	rows := map[int]*row{}
	var order []int
	slowest := map[string]time.Duration{}
	var failures []runResult
	for _, r := range results {
		if rows[r.procs] == nil {
			rows[r.procs] = &row{}
			order = append(order, r.procs)
		}
		rows[r.procs].runs++
		rows[r.procs].scenarioRuns += len(r.scenarios)
		if !r.passed {
			rows[r.procs].failedRuns++
			failures = append(failures, r)
		}
		for _, s := range r.scenarios {
			slowest[s.name] = max(slowest[s.name], s.time)
		}
	}
	fmt.Println("\n| GOMAXPROCS | runs | failed runs | scenario runs |\n|---|---|---|---|")
	total := row{}
	for _, procs := range order {
		r := rows[procs]
		fmt.Printf("| %d | %d | %d | %d |\n", procs, r.runs, r.failedRuns, r.scenarioRuns)
		total.runs, total.failedRuns, total.scenarioRuns = total.runs+r.runs, total.failedRuns+r.failedRuns, total.scenarioRuns+r.scenarioRuns
	}
	fmt.Printf("| all | %d | %d | %d |\n", total.runs, total.failedRuns, total.scenarioRuns)
	names := make([]string, 0, len(slowest))
	for name := range slowest {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int { return int(slowest[b] - slowest[a]) })
	fmt.Println("\nslowest scenarios (longest run seen):")
	for _, name := range names[:min(10, len(names))] {
		fmt.Printf("  %8s  %s\n", slowest[name].Round(time.Millisecond), name)
	}
	for _, f := range failures {
		fmt.Printf("\nFAILED at GOMAXPROCS=%d — replay with: GOMAXPROCS=%d make verify SEED=%d\n%s\n", f.procs, f.procs, f.seed, f.output)
	}
	if len(failures) > 0 {
		return fmt.Errorf("%d of %d runs failed", len(failures), total.runs)
	}
	return nil
}
