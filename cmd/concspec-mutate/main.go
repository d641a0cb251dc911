// Command concspec-mutate proves that the corpus can fail: for every mutant the concepts declare
// (a known-broken implementation swapped in for a reference one) it runs the scenarios of the
// rules the mutant breaks — as a mutation tool runs only the tests that cover the mutated code —
// or, with -all, the whole corpus, and reads which scenarios killed it. It prints the matrix, and exits non-zero
// unless every mutant was killed by a scenario of one of the rules it breaks — a mutant that
// survives, or that only a failure unrelated to it "killed" (a compile error, another rule's
// scenario), shows a hole in the corpus.
//
// Usage (from the module root; `make mutate` does this):
//
//	go run ./cmd/concspec-mutate [-mutants 'name,name'] [-tags '~@slow'] [-all] [-parallel 2] [-out reports/mutation.json]
//
// Each mutant runs in a corpus process of its own, one scenario at a time; -parallel of those
// processes run side by side (by default, one per CPU), and the verdicts print in the mutants'
// order. With -out it also writes the matrix as JSON, which reports/summary.html shows.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/corpusbin"
	"github.com/concspec/concspec/steps"
)

func main() {
	only := flag.String("mutants", "", "comma-separated mutant names to run (default: all)")
	tags := flag.String("tags", "~@slow", "godog tag expression selecting the scenarios")
	out := flag.String("out", "", "also write the matrix as JSON to this file")
	all := flag.Bool("all", false, "run the whole corpus (within -tags) for every mutant, not only its rules' scenarios")
	parallel := flag.Int("parallel", runtime.NumCPU(), "corpus processes to run side by side (the baseline and the mutants)")
	flag.Parse()
	mutants, err := selectMutants(*only)
	if err == nil && *parallel < 1 {
		err = errors.New("-parallel must be at least 1")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "concspec-mutate:", err)
		os.Exit(2)
	}
	if err := mutate(mutants, *tags, *all, *parallel, *out); err != nil {
		fmt.Fprintln(os.Stderr, "concspec-mutate:", err)
		os.Exit(1)
	}
}

func selectMutants(only string) ([]catalog.Mutant, error) {
	all := steps.Mutants()
	if only == "" {
		return all, nil
	}
	var out []catalog.Mutant
	for _, name := range strings.Split(only, ",") {
		m, err := catalog.Find(all, strings.TrimSpace(name))
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// mutate runs every mutant, parallel corpus processes at a time, and prints each verdict in the
// mutants' order as soon as it and those before it are known, then the matrix. The baseline run
// (for the detector-off mutants) takes the first slot; the detector-off mutants, which wait for
// it, start after the others.
func mutate(mutants []catalog.Mutant, tags string, all bool, parallel int, out string) error {
	rules, err := scenarioRules()
	if err != nil {
		return err
	}
	corpus, remove, err := corpusbin.Build()
	if err != nil {
		return err
	}
	defer remove()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fmt.Printf("%d mutants, %d corpus processes side by side …\n", len(mutants), parallel)
	s := make(slots, parallel)
	j := judge{corpus: corpus, tags: tags, all: all, rules: rules, fired: func() (firing, error) { return nil, nil }}
	if slices.ContainsFunc(mutants, isBlind) {
		j.fired = startBaseline(ctx, cancel, s, corpus, tags)
	}
	jobs := make([]func() verdict, len(mutants))
	for i, m := range mutants {
		jobs[i] = func() verdict { return j.verdict(ctx, m) }
	}
	verdicts := inOrder(s, jobs, blindLast(mutants), func(v verdict) {
		if ctx.Err() == nil { // after the baseline failed, the runs cut short judge nothing
			fmt.Println(v.line())
		}
	})
	if _, err := j.fired(); err != nil {
		return err
	}
	if out != "" {
		if err := writeMatrix(out, verdicts); err != nil {
			return err
		}
	}
	return printMatrix(verdicts)
}

// blindLast is the order in which to start the mutants: those that swap an implementation
// first, then the detector-off ones, which need the baseline's result.
func blindLast(mutants []catalog.Mutant) []int {
	var swaps, blind []int
	for i, m := range mutants {
		if isBlind(m) {
			blind = append(blind, i)
		} else {
			swaps = append(swaps, i)
		}
	}
	return append(swaps, blind...)
}

// judge runs one mutant and judges it.
type judge struct {
	corpus, tags string
	all          bool
	rules        map[string][]string
	// fired waits for the baseline and says which detector fired in which negative control.
	fired func() (firing, error)
}

func (j judge) verdict(ctx context.Context, m catalog.Mutant) verdict {
	var controls controls
	if isBlind(m) {
		f, err := j.fired()
		if err != nil {
			return verdict{mutant: m} // the baseline's error ends the whole run
		}
		controls = f[m.Blind()]
		m.Rules = controls.rules
		if len(m.Rules) == 0 { // nothing to run: no negative control shows the detector firing
			return blindVerdict(verdict{mutant: m, killers: map[string][]string{}}, controls)
		}
	}
	selection := j.tags
	if !j.all {
		selection = ownRules(m, j.tags)
	}
	v := run(ctx, j.corpus, m, selection, j.rules)
	if isBlind(m) {
		v = blindVerdict(v, controls)
	}
	return v
}

// ownRules selects the scenarios of the rules m breaks, within tags: godog reads "a,b && c" as
// (a or b) and c.
func ownRules(m catalog.Mutant, tags string) string {
	var tagged []string
	for _, r := range m.Rules {
		tagged = append(tagged, "@"+r)
	}
	selection := strings.Join(tagged, ",")
	if strings.TrimSpace(tags) != "" {
		selection += " && " + tags
	}
	return selection
}
