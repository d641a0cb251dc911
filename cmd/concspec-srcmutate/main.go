// Command concspec-srcmutate is the project's own source-mutation pass over patterns/: where
// concspec-mutate swaps in the broken twins the concepts declare, this one breaks the reference
// implementations themselves, as a mutation tool does (a negated condition, a removed Unlock,
// close or cancel, a dropped last item, a limit ignored, a context swapped, a buffer resized, an
// early return), and asks whether the corpus notices.
//
// The mutants are listed in mutants/patterns.txt (see parseMutants for the format): each names
// a file, an exact snippet of it, its replacement, the rules it breaks and what it does, and
// may say why it is equivalent. For each mutant the pass lays the mutated file over the module
// with the go command's -overlay (the shared tree is never written), builds the corpus with
// -race, and runs the scenarios of the mutant's rules -runs times, one scenario at a time; the
// controls program the corpus builds gets the overlay too, through GOFLAGS. Then it runs the
// mutated package's unit tests, for the matrix only: a mutant counts as killed only when a
// scenario of its rules fails in every run. A snippet that is not found exactly once stops the
// pass before anything runs, so the list cannot rot silently.
//
// Usage (from the module root; `make mutate-source` does this):
//
//	go run ./cmd/concspec-srcmutate [-only 'name,name'] [-runs 5] [-parallel 2] [-tags '~@slow && ~@polyglot'] [-out reports/source-mutation.json]
//
// It prints the matrix (mutant, rules, verdict, killing scenarios, unit tests), the survivors by
// package, writes the JSON report, and exits non-zero unless every mutant is killed in every run
// or listed as equivalent.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

func main() {
	list := flag.String("list", "mutants/patterns.txt", "the list of source mutants")
	only := flag.String("only", "", "comma-separated mutant names to run (default: all)")
	runs := flag.Int("runs", 1, "runs of the scenarios for each mutant: a kill counts only if it happens in every one")
	parallel := flag.Int("parallel", 1, "mutants run side by side, each in its own processes")
	tags := flag.String("tags", "~@slow && ~@polyglot", "godog tag expression every mutant's selection stays within")
	out := flag.String("out", "", "also write the pass as JSON to this file")
	check := flag.Bool("check", false, "only apply every mutant and build its package, running nothing")
	baseline := flag.Bool("baseline", true, "first run the mutants' scenarios and unit tests with no mutant; they must pass")
	flag.Parse()
	if *runs < 1 || *parallel < 1 {
		fmt.Fprintln(os.Stderr, "concspec-srcmutate: -runs and -parallel must be at least 1")
		os.Exit(2)
	}
	root, err := moduleRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, "concspec-srcmutate:", err)
		os.Exit(2)
	}
	mutants, mutated, err := load(root, filepath.Join(root, *list), *only)
	if err != nil {
		fmt.Fprintln(os.Stderr, "concspec-srcmutate:", err)
		os.Exit(2)
	}
	p := pass{root: root, tags: *tags, runs: *runs}
	if *check {
		err = p.check(mutants, mutated)
	} else {
		err = p.all(mutants, mutated, *parallel, *baseline, *out)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "concspec-srcmutate:", err)
		os.Exit(1)
	}
}

// moduleRoot is the directory of the main module's go.mod.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	gomod := strings.TrimSpace(string(out))
	if err != nil || gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("run it inside the concspec module (go env GOMOD: %q, %v)", gomod, err)
	}
	return filepath.Dir(gomod), nil
}

// load reads the list, keeps the mutants named in only (all when empty) and applies each to
// the file it mutates, in memory; any snippet not found exactly once is an error.
func load(root, list, only string) ([]Mutant, []string, error) {
	f, err := os.Open(list)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	all, err := parseMutants(f)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", list, err)
	}
	mutants, err := selectMutants(all, only)
	if err != nil {
		return nil, nil, err
	}
	mutated := make([]string, len(mutants))
	for i, m := range mutants {
		src, err := os.ReadFile(filepath.Join(root, m.File))
		if err != nil {
			return nil, nil, fmt.Errorf("mutant %q: %w", m.Name, err)
		}
		if mutated[i], err = m.Apply(string(src)); err != nil {
			return nil, nil, err
		}
	}
	return mutants, mutated, nil
}

// selectMutants keeps the mutants named in only, a comma-separated list (all when empty).
func selectMutants(all []Mutant, only string) ([]Mutant, error) {
	if strings.TrimSpace(only) == "" {
		return all, nil
	}
	var out []Mutant
	for name := range strings.SplitSeq(only, ",") {
		i := indexOf(all, strings.TrimSpace(name))
		if i < 0 {
			return nil, fmt.Errorf("no mutant is named %q", strings.TrimSpace(name))
		}
		out = append(out, all[i])
	}
	return out, nil
}

func indexOf(mutants []Mutant, name string) int {
	for i, m := range mutants {
		if m.Name == name {
			return i
		}
	}
	return -1
}

// check compiles every mutant's package with the mutant laid over it.
func (p pass) check(mutants []Mutant, mutated []string) error {
	failed := 0
	for i, m := range mutants {
		o, err := p.layOver(m, mutated[i])
		if err != nil {
			o.remove()
			return err
		}
		cmd := exec.Command("go", append(append([]string{"build"}, o.flags()...), "./"+m.Package())...)
		cmd.Dir = p.root
		if out, err := cmd.CombinedOutput(); err != nil {
			failed++
			fmt.Printf("%s: does not compile:\n%s\n", m.Name, out)
		}
		o.remove()
	}
	fmt.Printf("%d mutants apply; %d of them do not compile\n", len(mutants), failed)
	if failed > 0 {
		return fmt.Errorf("%d mutants do not compile", failed)
	}
	return nil
}

// all runs the baseline, then every mutant, parallel at a time, and reports.
func (p pass) all(mutants []Mutant, mutated []string, parallel int, baseline bool, out string) error {
	if baseline {
		if err := p.baseline(mutants); err != nil {
			return err
		}
	}
	fmt.Printf("%d source mutants, %d side by side, %d run(s) each …\n", len(mutants), parallel, p.runs)
	results := make([]result, len(mutants))
	errs := make([]error, len(mutants))
	next := make(chan int)
	var printing sync.Mutex
	var workers sync.WaitGroup
	for range parallel {
		workers.Go(func() {
			for i := range next {
				results[i], errs[i] = p.mutate(mutants[i], mutated[i])
				printing.Lock()
				fmt.Println(results[i].line())
				printing.Unlock()
			}
		})
	}
	for i := range mutants {
		next <- i
	}
	close(next)
	workers.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	printMatrix(os.Stdout, results)
	if out != "" {
		if !filepath.IsAbs(out) {
			out = filepath.Join(p.root, out)
		}
		if err := writeReport(out, results); err != nil {
			return err
		}
	}
	if s := summarise(results); s.Killed+s.Equivalent != s.Mutants {
		return fmt.Errorf("%d of %d source mutants are neither killed in every run by a scenario of their rules nor equivalent", s.Mutants-s.Killed-s.Equivalent, s.Mutants)
	}
	return nil
}
