// Command concspec-mutate proves that the corpus can fail: for every mutant in the catalogue
// (a known-broken implementation swapped in for a reference one, see catalog.Mutants) it runs
// the corpus once, and reads which scenarios killed it. It prints the matrix, and exits non-zero
// unless every mutant was killed by a scenario of one of the rules it breaks — a mutant that
// survives, or that only a failure unrelated to it "killed" (a compile error, another rule's
// scenario), shows a hole in the corpus.
//
// Usage (from the module root; `make mutate` does this):
//
//	go run ./cmd/concspec-mutate [-mutants 'name,name'] [-tags '~@slow'] [-out reports/mutation.json]
//
// With -out it also writes the matrix as JSON, which reports/summary.html shows.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/corpusbin"
)

func main() {
	only := flag.String("mutants", "", "comma-separated mutant names to run (default: all)")
	tags := flag.String("tags", "~@slow", "godog tag expression selecting the scenarios")
	out := flag.String("out", "", "also write the matrix as JSON to this file")
	flag.Parse()
	mutants, err := selectMutants(*only)
	if err != nil {
		fmt.Fprintln(os.Stderr, "concspec-mutate:", err)
		os.Exit(2)
	}
	if err := mutate(mutants, *tags, *out); err != nil {
		fmt.Fprintln(os.Stderr, "concspec-mutate:", err)
		os.Exit(1)
	}
}

func selectMutants(only string) ([]catalog.Mutant, error) {
	if only == "" {
		return catalog.Mutants, nil
	}
	var out []catalog.Mutant
	for _, name := range strings.Split(only, ",") {
		found := false
		for _, m := range catalog.Mutants {
			if m.Name == strings.TrimSpace(name) {
				out, found = append(out, m), true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown mutant %q", name)
		}
	}
	return out, nil
}

func mutate(mutants []catalog.Mutant, tags, out string) error {
	rules, err := scenarioRules()
	if err != nil {
		return err
	}
	corpus, remove, err := corpusbin.Build()
	if err != nil {
		return err
	}
	defer remove()
	var verdicts []verdict
	for _, m := range mutants {
		v := run(corpus, m, tags, rules)
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
