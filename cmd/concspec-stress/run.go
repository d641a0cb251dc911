package main

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/concspec/concspec/internal/corpusbin"
	"github.com/concspec/concspec/internal/measure"
)

// runResult is one run of the corpus.
type runResult struct {
	neighbour string
	procs     int
	seed      int64
	passed    bool
	elapsed   time.Duration
	// pressure is the share of the run's wall time during which some task on the machine was
	// ready to run and had no CPU (/proc/pressure/cpu); -1 when the kernel does not say.
	pressure  float64
	scenarios []scenarioResult
	// output is kept for failed runs.
	output string
}

type scenarioResult struct {
	name    string
	status  string // passed, failed or skipped
	message string // why it failed or was skipped
	time    time.Duration
}

// runOnce runs the corpus once at GOMAXPROCS procs with a fresh seed, and reads its scenarios
// from its junit.xml.
func runOnce(ctx context.Context, corpus, neighbour string, procs int, tags string) (runResult, error) {
	r := runResult{neighbour: neighbour, procs: procs, seed: rand.Int64N(1<<62) + 1}
	reports, err := os.MkdirTemp("", "concspec-stress-run-")
	if err != nil {
		return r, err
	}
	defer os.RemoveAll(reports)
	var (
		out  []byte
		exit int
	)
	sample := measure.Run(func() {
		out, exit, err = corpusbin.Run(ctx, corpus, nil,
			"GOMAXPROCS="+strconv.Itoa(procs), "CONCSPEC_SEED="+strconv.FormatInt(r.seed, 10),
			"CONCSPEC_TAGS="+tags, "CONCSPEC_REPORTS="+reports)
	})
	r.passed, r.elapsed, r.pressure = err == nil && exit == 0, sample.Wall, sample.Pressure
	if ctx.Err() != nil {
		return r, errors.New("interrupted")
	}
	if err != nil {
		return r, err
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

// count is how many of the run's scenarios have the status.
func (r runResult) count(status string) int {
	n := 0
	for _, s := range r.scenarios {
		if s.status == status {
			n++
		}
	}
	return n
}

func (r runResult) line() string {
	status := "ok  "
	if !r.passed {
		status = "FAIL"
	}
	return fmt.Sprintf("%s %-5s GOMAXPROCS=%d seed=%d: %d scenarios, %d failed, %d skipped, %s, CPU pressure %s",
		status, r.neighbour, r.procs, r.seed, len(r.scenarios), r.count("failed"), r.count("skipped"),
		r.elapsed.Round(time.Millisecond), pressure(r.pressure)) + r.failedNames()
}

// failedNames lists, under a failed run's line, the scenarios that failed, so that a long run
// interrupted before its report still says what failed.
func (r runResult) failedNames() string {
	var b strings.Builder
	for _, s := range r.scenarios {
		if s.status == "failed" {
			b.WriteString("\n       failed: " + s.name)
		}
	}
	return b.String()
}

// pressure shows a CPU pressure, or says the kernel gave none.
func pressure(p float64) string {
	if p < 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f", p)
}

// readJUnit reads the scenarios of one run from its junit.xml.
func readJUnit(path string) ([]scenarioResult, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	type reason struct {
		Message string `xml:"message,attr"`
	}
	var doc struct {
		Suites []struct {
			Cases []struct {
				Name    string  `xml:"name,attr"`
				Time    float64 `xml:"time,attr"`
				Failure *reason `xml:"failure"`
				Error   *reason `xml:"error"`
				Skipped *reason `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []scenarioResult
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			r := scenarioResult{name: c.Name, status: "passed", time: time.Duration(c.Time * float64(time.Second))}
			switch {
			case c.Failure != nil:
				r.status, r.message = "failed", c.Failure.Message
			case c.Error != nil:
				r.status, r.message = "failed", c.Error.Message
			case c.Skipped != nil:
				r.status, r.message = "skipped", c.Skipped.Message
			}
			out = append(out, r)
		}
	}
	return out, nil
}
