package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const list = `# a comment
mutant: counter: no lock
file: patterns/counter/counter.go
rules: R18, R05
what: Increment without the lock
find:
|	c.mu.Lock()
|	c.n++
replace:
|	c.n++

mutant: counter: deleted
file: patterns/counter/counter.go
rules: R18
what: a line deleted
find: c.mu.Unlock()
replace:

mutant: fanout: capacity
file: patterns/fanout/fanout.go
rules: R15
what: no capacity
equivalent: only the capacity changes
find: make([]Result, 0, len(urls))
replace: make([]Result, 0)
`

func TestTheListIsReadWithItsTabsAndDeletions(t *testing.T) {
	mutants, err := parseMutants(strings.NewReader(list))
	if err != nil {
		t.Fatal(err)
	}
	if len(mutants) != 3 {
		t.Fatalf("got %d mutants", len(mutants))
	}
	first := mutants[0]
	if first.Find != "\tc.mu.Lock()\n\tc.n++" || first.Replace != "\tc.n++" || !slices.Equal(first.Rules, []string{"R18", "R05"}) {
		t.Fatalf("first mutant: %+v", first)
	}
	if first.Package() != "patterns/counter" || first.Line != 2 {
		t.Fatalf("package %q, line %d", first.Package(), first.Line)
	}
	if mutants[1].Find != "c.mu.Unlock()" || mutants[1].Replace != "" {
		t.Fatalf("a deletion: %+v", mutants[1])
	}
	if mutants[2].Equivalent != "only the capacity changes" || mutants[2].Replace != "make([]Result, 0)" {
		t.Fatalf("an equivalent: %+v", mutants[2])
	}
}

func TestAMalformedListIsRefusedWithItsLine(t *testing.T) {
	for name, c := range map[string]struct{ list, want string }{
		"unknown key":       {"mutant: m\nfiles: patterns/a/a.go\n", `line 2: unknown key "files"`},
		"key twice":         {"mutant: m\nwhat: a\nwhat: b\n", `line 3: "what" given twice`},
		"stray block":       {"mutant: m\nwhat: a\n|x\n", `line 3: a "|" line outside`},
		"key before mutant": {"file: patterns/a/a.go\n", `line 1: "file" before the first`},
		"no replace":        {"mutant: m\nfile: patterns/a/a.go\nrules: R01\nwhat: w\nfind: x\n", `no "replace:" line`},
		"no rules":          {"mutant: m\nfile: patterns/a/a.go\nwhat: w\nfind: x\nreplace: y\n", "no rules"},
		"not a rule":        {"mutant: m\nfile: patterns/a/a.go\nrules: R1\nwhat: w\nfind: x\nreplace: y\n", "not all rule IDs"},
		"outside patterns":  {"mutant: m\nfile: steps/a.go\nrules: R01\nwhat: w\nfind: x\nreplace: y\n", "not a Go file under patterns/"},
		"same name": {"mutant: m\nfile: patterns/a/a.go\nrules: R01\nwhat: w\nfind: x\nreplace: y\n" +
			"mutant: m\nfile: patterns/a/a.go\nrules: R01\nwhat: w\nfind: x\nreplace: z\n", "used twice"},
		"no change": {"mutant: m\nfile: patterns/a/a.go\nrules: R01\nwhat: w\nfind: x\nreplace: x\n", "the snippet itself"},
	} {
		_, err := parseMutants(strings.NewReader(c.list))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", name, err, c.want)
		}
	}
}

func TestASnippetMustOccurExactlyOnce(t *testing.T) {
	m := Mutant{Name: "m", File: "patterns/a/a.go", Find: "x++", Replace: "x--"}
	if got, err := m.Apply("a\nx++\nb"); err != nil || got != "a\nx--\nb" {
		t.Fatalf("once: %q, %v", got, err)
	}
	for _, src := range []string{"a\nb", "x++\nx++"} {
		if _, err := m.Apply(src); err == nil || !strings.Contains(err.Error(), "not exactly once") {
			t.Errorf("%q: got %v", src, err)
		}
	}
}

func TestTheSelectionIsTheMutantsRulesWithinTheTags(t *testing.T) {
	m := Mutant{Rules: []string{"R09", "R11"}}
	if got := m.selection("~@slow && ~@polyglot"); got != "@R09,@R11 && ~@slow && ~@polyglot" {
		t.Fatalf("got %q", got)
	}
	if got := m.selection(" "); got != "@R09,@R11" {
		t.Fatalf("no tags: got %q", got)
	}
}

// TestTheListAppliesToTheCurrentTree keeps mutants/patterns.txt in step with patterns/: a
// snippet that a change to a pattern no longer matches fails here, not only in the long pass.
func TestTheListAppliesToTheCurrentTree(t *testing.T) {
	root := filepath.Join("..", "..")
	f, err := os.Open(filepath.Join(root, "mutants", "patterns.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	mutants, err := parseMutants(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mutants {
		src, err := os.ReadFile(filepath.Join(root, m.File))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := m.Apply(string(src)); err != nil {
			t.Error(err)
		}
	}
}
