package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/concspec/concspec/internal/corpusbin"
)

// pass is what every mutant's runs share.
type pass struct {
	root string // the module root, where the go command and the corpus run
	tags string // the tag expression every selection stays within
	runs int    // how many times the corpus runs for each mutant
}

// runTimeout stops a corpus run that outlives its own hang bound, which should never happen:
// the run then counts as crashed in the scenario that was running.
const runTimeout = 15 * time.Minute

// hangBound is the corpus's hang bound in a mutant's run: a mutant that makes a call block
// fails its scenario through the step's bounded wait long before it.
const hangBound = "20s"

// overlay is a mutant laid over the module with the go command's -overlay: the mutated file in
// a directory of its own, which the corpus binary, the controls program the corpus builds
// (through GOFLAGS) and the package's unit tests all compile in place of the original.
type overlay struct {
	dir  string // holds the mutated file, overlay.json and the corpus binary
	json string // the overlay file
}

// layOver writes mutated in place of m.File and returns the overlay; remove deletes it.
func (p pass) layOver(m Mutant, mutated string) (o overlay, err error) {
	if o.dir, err = os.MkdirTemp("", "concspec-srcmutate-"); err != nil {
		return o, err
	}
	file := filepath.Join(o.dir, filepath.Base(m.File))
	if err := os.WriteFile(file, []byte(mutated), 0o644); err != nil {
		return o, err
	}
	body, err := json.Marshal(map[string]map[string]string{"Replace": {filepath.Join(p.root, m.File): file}})
	if err != nil {
		return o, err
	}
	o.json = filepath.Join(o.dir, "overlay.json")
	return o, os.WriteFile(o.json, body, 0o644)
}

func (o overlay) remove() { os.RemoveAll(o.dir) }

// flags are the go command's flags that lay it over the module (none for the original).
func (o overlay) flags() []string {
	if o.json == "" {
		return nil
	}
	return []string{"-overlay", o.json}
}

// buildCorpus builds the corpus's test binary with -race into dir and returns its path, or
// what the go command printed when it failed.
func (p pass) buildCorpus(o overlay, dir string) (string, string, error) {
	bin := filepath.Join(dir, "corpus.test")
	args := append(append([]string{"test", "-race", "-c"}, o.flags()...), "-o", bin, ".")
	cmd := exec.Command("go", args...)
	cmd.Dir = p.root
	out, err := cmd.CombinedOutput()
	return bin, string(out), err
}

// outcome is what one run of the corpus showed.
type outcome struct {
	Seed int64 `json:"seed"`
	Exit int   `json:"exit"`
	// Failed are the scenarios that failed (their go test names, spaces restored).
	Failed []string `json:"failed,omitempty"`
	// Crashed is set when the process died with no scenario failed in the usual way (a panic
	// that took it down, the hang bound): Failed then holds the scenario that was running.
	Crashed bool `json:"crashed,omitempty"`
}

// killed reports whether a scenario failed in this run.
func (o outcome) killed() bool { return o.Exit != 0 && len(o.Failed) > 0 }

// runCorpus runs the scenarios of the mutant's rules (all of sel) once, one at a time, so that
// a mutant that takes the process down is pinned on the scenario that was running.
func (p pass) runCorpus(bin string, o overlay, sel string) outcome {
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-test.run", "^TestFeatures$", "-test.count=1", "-test.v")
	cmd.Dir = p.root
	cmd.Env = corpusEnv(os.Environ(), o, sel)
	out, _ := cmd.CombinedOutput()
	return readRun(string(out), cmd.ProcessState.ExitCode())
}

// corpusEnv is the corpus's environment: the caller's, without any corpus setting of its own
// (a reports directory would be overwritten by every mutant), with the selection and the
// overlay for the go commands the corpus runs (it builds its controls program).
func corpusEnv(environ []string, o overlay, sel string) []string {
	env := slices.DeleteFunc(slices.Clone(environ), func(kv string) bool {
		return strings.HasPrefix(kv, "CONCSPEC_") || strings.HasPrefix(kv, "GOFLAGS=")
	})
	goflags := strings.TrimSpace(os.Getenv("GOFLAGS"))
	if o.json != "" {
		goflags = strings.TrimSpace(goflags + " -overlay=" + o.json)
	}
	return append(env, "CONCSPEC_TAGS="+sel, "CONCSPEC_CONCURRENCY=1", "CONCSPEC_HANG_BOUND="+hangBound, "GOFLAGS="+goflags)
}

// readRun reads a run's verbose output: its seed, the scenarios that failed, or, when the
// process died with none failed, the scenario that was running.
func readRun(out string, exit int) outcome {
	r := corpusbin.ReadOutcome(out, exit)
	o := outcome{Exit: exit, Seed: r.Seed, Crashed: r.Crashed}
	for name := range r.Failures {
		o.Failed = append(o.Failed, corpusbin.ScenarioName(name))
	}
	slices.Sort(o.Failed)
	return o
}

// unitRun is what the mutated package's own unit tests showed.
type unitRun struct {
	// Ran is false when the package has no test files.
	Ran bool `json:"ran"`
	// Failed are the tests that failed, or what failed when no test is named: "timed out",
	// "build failed" or "crashed".
	Failed []string `json:"failed,omitempty"`
}

var (
	unitFail     = regexp.MustCompile(`^--- FAIL: (\S+)`)
	unitTimedOut = regexp.MustCompile(`(?m)^panic: test timed out`)
)

// unitTimeout bounds a package's unit tests: a mutant that makes one block (a lock never
// released) would otherwise hold the pass for go test's default ten minutes.
const unitTimeout = "2m"

// runUnitTests runs the tests of pkg (a directory under the module root) under -race with
// the overlay.
func (p pass) runUnitTests(pkg string, o overlay) unitRun {
	tests, _ := filepath.Glob(filepath.Join(p.root, pkg, "*_test.go"))
	if len(tests) == 0 {
		return unitRun{}
	}
	args := append(append([]string{"test", "-race", "-count=1", "-timeout", unitTimeout}, o.flags()...), "./"+pkg)
	cmd := exec.Command("go", args...)
	cmd.Dir = p.root
	out, err := cmd.CombinedOutput()
	u := unitRun{Ran: true}
	if err == nil {
		return u
	}
	for line := range strings.Lines(string(out)) {
		if f := unitFail.FindStringSubmatch(line); f != nil {
			u.Failed = append(u.Failed, f[1])
		}
	}
	switch {
	case unitTimedOut.MatchString(string(out)):
		u.Failed = append(u.Failed, "timed out")
	case len(u.Failed) == 0 && strings.Contains(string(out), "[build failed]"):
		u.Failed = []string{"build failed"}
	case len(u.Failed) == 0:
		u.Failed = []string{"crashed"} // a panic in a goroutine no test owns
	}
	return u
}

// result is everything the pass learned about one mutant.
type result struct {
	mutant Mutant
	// compile is the go command's output when the mutated corpus does not build.
	compile string
	runs    []outcome
	unit    unitRun
	elapsed time.Duration
}

// mutate lays m over the module, builds the corpus with it, runs the scenarios of its rules
// p.runs times and then the package's unit tests.
func (p pass) mutate(m Mutant, mutated string) (result, error) {
	start := time.Now()
	r := result{mutant: m}
	o, err := p.layOver(m, mutated)
	defer o.remove()
	if err != nil {
		return r, err
	}
	bin, out, err := p.buildCorpus(o, o.dir)
	if err != nil {
		r.compile = strings.TrimSpace(out)
		r.elapsed = time.Since(start)
		return r, nil
	}
	for range p.runs {
		r.runs = append(r.runs, p.runCorpus(bin, o, m.selection(p.tags)))
	}
	r.unit = p.runUnitTests(m.Package(), o)
	r.elapsed = time.Since(start)
	return r, nil
}

// baseline runs, with no mutant, everything the mutants' runs will: the scenarios of all their
// rules and their packages' unit tests. Both must pass, or no kill means anything.
func (p pass) baseline(mutants []Mutant) error {
	dir, err := os.MkdirTemp("", "concspec-srcmutate-baseline-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin, out, err := p.buildCorpus(overlay{}, dir)
	if err != nil {
		return fmt.Errorf("the corpus does not build with no mutant: %w\n%s", err, out)
	}
	all := Mutant{} // stands for every mutant at once: the union of their rules
	var packages []string
	for _, m := range mutants {
		for _, r := range m.Rules {
			if !slices.Contains(all.Rules, r) {
				all.Rules = append(all.Rules, r)
			}
		}
		if !slices.Contains(packages, m.Package()) {
			packages = append(packages, m.Package())
			if u := p.runUnitTests(m.Package(), overlay{}); len(u.Failed) > 0 {
				return fmt.Errorf("the unit tests of %s fail with no mutant: %v", m.Package(), u.Failed)
			}
		}
	}
	slices.Sort(all.Rules)
	sel := all.selection(p.tags)
	fmt.Printf("baseline: the scenarios of %s with no mutant …\n", strings.Join(all.Rules, " "))
	if o := p.runCorpus(bin, overlay{}, sel); o.Exit != 0 {
		return fmt.Errorf("with no mutant the corpus fails (seed %d, exit %d, scenarios %v), so no kill can be trusted; replay it with `CONCSPEC_SEED=%d CONCSPEC_TAGS='%s' go test -race -run '^TestFeatures$' .`",
			o.Seed, o.Exit, o.Failed, o.Seed, sel)
	}
	return nil
}
