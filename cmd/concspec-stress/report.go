package main

import (
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"
)

// cell is the runs at one GOMAXPROCS setting beside one neighbour.
type cell struct {
	passed, failed, skips int
	pressure              float64 // summed over the runs that have one
	pressured             int     // runs with a pressure
}

func (c cell) String() string {
	if c.passed+c.failed == 0 {
		return "not run"
	}
	s := fmt.Sprintf("%d passed", c.passed)
	if c.failed > 0 {
		s += fmt.Sprintf(", %d FAILED", c.failed)
	}
	if c.skips > 0 {
		s += fmt.Sprintf(", %d skipped scenarios", c.skips)
	}
	mean := -1.0
	if c.pressured > 0 {
		mean = c.pressure / float64(c.pressured)
	}
	return s + " · CPU pressure " + pressure(mean)
}

func (c *cell) add(r runResult) {
	if r.passed {
		c.passed++
	} else {
		c.failed++
	}
	c.skips += r.count("skipped")
	if r.pressure >= 0 {
		c.pressure += r.pressure
		c.pressured++
	}
}

// report prints the matrix of runs by GOMAXPROCS and neighbour, the failures with their seeds
// and failing scenarios, the skipped scenarios and the slowest ones; it returns an error if any
// run failed.
func report(p plan, results []runResult) error {
	return write(os.Stdout, p, results)
}

func write(w io.Writer, p plan, results []runResult) error {
	type at struct {
		procs     int
		neighbour string
	}
	cells := map[at]*cell{}
	total := map[string]*cell{}
	for _, n := range p.neighbours {
		total[n.name] = &cell{}
		for _, procs := range p.procs {
			cells[at{procs, n.name}] = &cell{}
		}
	}
	for _, r := range results {
		cells[at{r.procs, r.neighbour}].add(r)
		total[r.neighbour].add(r)
	}
	fmt.Fprintln(w, "\nruns of the corpus by GOMAXPROCS and neighbour (CPU pressure: the share of each run's wall time during which some task on the machine waited for a CPU, averaged over the cell's runs):")
	fmt.Fprintln(w)
	header, rule := "| GOMAXPROCS |", "|---|"
	for _, n := range p.neighbours {
		header, rule = header+" "+n.name+" |", rule+"---|"
	}
	fmt.Fprintln(w, header)
	fmt.Fprintln(w, rule)
	for _, procs := range p.procs {
		row := fmt.Sprintf("| %d |", procs)
		for _, n := range p.neighbours {
			row += " " + cells[at{procs, n.name}].String() + " |"
		}
		fmt.Fprintln(w, row)
	}
	row := "| all |"
	for _, n := range p.neighbours {
		row += " " + total[n.name].String() + " |"
	}
	fmt.Fprintln(w, row)
	fmt.Fprintln(w)
	for _, n := range p.neighbours {
		fmt.Fprintf(w, "  %-5s  %s\n", n.name, n.about)
	}
	writeSkips(w, results)
	writeSlowest(w, results)
	failed := 0
	for _, r := range results {
		if !r.passed {
			failed++
			writeFailure(w, r)
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d runs failed", failed, len(results))
	}
	return nil
}

// writeSkips lists the scenarios skipped in some run (a claim that could not be shown at that
// moment, with its measured reason), with how often and the last reason given.
func writeSkips(w io.Writer, results []runResult) {
	times, reason := map[string]int{}, map[string]string{}
	for _, r := range results {
		for _, s := range r.scenarios {
			if s.status == "skipped" {
				times[s.name]++
				reason[s.name] = s.message
			}
		}
	}
	if len(times) == 0 {
		return
	}
	fmt.Fprintln(w, "\nskipped scenarios (runs skipped in, the last reason):")
	for _, name := range slices.Sorted(maps.Keys(times)) {
		fmt.Fprintf(w, "  %3d× %s — %s\n", times[name], name, reason[name])
	}
}

// writeSlowest lists the ten scenarios with the longest single run, and where it was.
func writeSlowest(w io.Writer, results []runResult) {
	type seen struct {
		time  time.Duration
		where string
	}
	slowest := map[string]seen{}
	for _, r := range results {
		for _, s := range r.scenarios {
			if s.time > slowest[s.name].time {
				slowest[s.name] = seen{s.time, fmt.Sprintf("%s, GOMAXPROCS=%d", r.neighbour, r.procs)}
			}
		}
	}
	if len(slowest) == 0 {
		return
	}
	names := slices.Collect(maps.Keys(slowest))
	slices.SortFunc(names, func(a, b string) int { return int(slowest[b].time - slowest[a].time) })
	fmt.Fprintln(w, "\nslowest scenarios (longest run seen, and beside which neighbour):")
	for _, name := range names[:min(10, len(names))] {
		fmt.Fprintf(w, "  %8s  %s (%s)\n", slowest[name].time.Round(time.Millisecond), name, slowest[name].where)
	}
}

// writeFailure shows a failed run: how to replay it and the scenarios that failed with why, or,
// when none is named (the process died or wrote no junit.xml), the end of its output.
func writeFailure(w io.Writer, r runResult) {
	fmt.Fprintf(w, "\nFAILED beside neighbour %s at GOMAXPROCS=%d, seed %d, CPU pressure %s\n", r.neighbour, r.procs, r.seed, pressure(r.pressure))
	fmt.Fprintf(w, "  replay the order: GOMAXPROCS=%d make verify SEED=%d (with the neighbour beside it: make stress NEIGHBOURS=%s PROCS=%d STRESS_RUNS=1 reruns the cell with a fresh seed)\n", r.procs, r.seed, r.neighbour, r.procs)
	named := false
	for _, s := range r.scenarios {
		if s.status == "failed" {
			fmt.Fprintf(w, "  - %s\n      %s\n", s.name, s.message)
			named = true
		}
	}
	if !named {
		lines := strings.Split(strings.TrimRight(r.output, "\n"), "\n")
		fmt.Fprintln(w, "  no scenario failed in its junit.xml; the end of its output:")
		for _, line := range lines[max(0, len(lines)-40):] {
			fmt.Fprintln(w, "    "+line)
		}
	}
}
