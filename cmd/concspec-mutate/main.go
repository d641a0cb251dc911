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
//	go run ./cmd/concspec-mutate [-mutants 'name,name'] [-tags '~@slow'] [-all] [-out reports/mutation.json]
//
// With -out it also writes the matrix as JSON, which reports/summary.html shows.
package main

import (
	"flag"
	"fmt"
	"os"
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
	flag.Parse()
	mutants, err := selectMutants(*only)
	if err != nil {
		fmt.Fprintln(os.Stderr, "concspec-mutate:", err)
		os.Exit(2)
	}
	if err := mutate(mutants, *tags, *all, *out); err != nil {
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

func mutate(mutants []catalog.Mutant, tags string, all bool, out string) error {
	rules, err := scenarioRules()
	if err != nil {
		return err
	}
	corpus, remove, err := corpusbin.Build()
	if err != nil {
		return err
	}
	defer remove()
	var fired firing
	if slices.ContainsFunc(mutants, func(m catalog.Mutant) bool { return m.Blind() != "" }) {
		if fired, err = baseline(corpus, tags); err != nil {
			return err
		}
	}
	var verdicts []verdict
	for _, m := range mutants {
		if m.Blind() != "" {
			m.Rules = fired[m.Blind()].rules
			if len(m.Rules) == 0 { // nothing to run: no negative control shows the detector firing
				v := verdict{mutant: m, killers: map[string][]string{}}
				fmt.Println(v.line())
				verdicts = append(verdicts, v)
				continue
			}
		}
		selection := tags
		if !all {
			selection = ownRules(m, tags)
		}
		v := run(corpus, m, selection, rules)
		if m.Blind() != "" {
			v = blindVerdict(v, fired[m.Blind()])
		}
		fmt.Println(v.line())
		verdicts = append(verdicts, v)
	}
	if out != "" {
		if err := writeMatrix(out, verdicts); err != nil {
			return err
		}
	}
	return printMatrix(verdicts)
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
