package main

import (
	"bufio"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strings"
)

// Mutant is one source mutant: a snippet of a reference pattern and what replaces it.
type Mutant struct {
	// Name names the mutant in the matrix and in -only.
	Name string
	// File is the mutated file, relative to the module root (under patterns/).
	File string
	// Rules are the rules the mutant breaks: the scenarios tagged with them must kill it.
	Rules []string
	// What says in one line what the mutant does.
	What string
	// Find is the snippet to replace; it must occur exactly once in File.
	Find string
	// Replace is what takes its place (possibly nothing).
	Replace string
	// Equivalent, when set, says why no scenario can tell the mutant from the original.
	Equivalent string
	// Line is where the mutant starts in the list, for error messages.
	Line int
}

// Package is the directory of the mutated package, relative to the module root.
func (m Mutant) Package() string { return path.Dir(m.File) }

// Apply returns src with the mutant's snippet replaced. It fails unless the snippet occurs
// exactly once, so a list written against an older file does not rot silently.
func (m Mutant) Apply(src string) (string, error) {
	if n := strings.Count(src, m.Find); n != 1 {
		return "", fmt.Errorf("mutant %q (line %d): its snippet occurs %d times in %s, not exactly once; the file has changed since the mutant was written:\n%s",
			m.Name, m.Line, n, m.File, m.Find)
	}
	return strings.Replace(src, m.Find, m.Replace, 1), nil
}

// selection is the godog tag expression that picks the scenarios of the mutant's rules within
// tags: godog reads "a,b && c" as (a or b) and c.
func (m Mutant) selection(tags string) string {
	tagged := make([]string, len(m.Rules))
	for i, r := range m.Rules {
		tagged[i] = "@" + r
	}
	s := strings.Join(tagged, ",")
	if strings.TrimSpace(tags) != "" {
		s += " && " + tags
	}
	return s
}

var ruleID = regexp.MustCompile(`^[RP]\d\d$`)

// parseMutants reads a list of mutants. Each starts with "mutant: <name>", followed by the keys
// file, rules, what, find, replace and optionally equivalent, one a line as "key: value". The
// value of find and replace may instead be a block: the key alone on its line, then lines that
// each begin with "|", whose text after the "|" is taken verbatim (tabs included) and joined
// with newlines; a replace with no block and no value replaces the snippet with nothing. Blank
// lines and lines beginning with "#" are ignored.
func parseMutants(r io.Reader) ([]Mutant, error) {
	var (
		mutants []Mutant
		keys    map[string]bool // the keys the current mutant has given
		block   *string         // the find or replace block being read, if any
		empty   bool            // whether that block has no line yet
		n       int
	)
	scanner := bufio.NewScanner(r)
	for scanner.Scan() {
		n++
		line := scanner.Text()
		if text, ok := strings.CutPrefix(line, "|"); ok {
			if block == nil {
				return nil, fmt.Errorf("line %d: a \"|\" line outside a find or replace block", n)
			}
			if !empty {
				*block += "\n"
			}
			*block += text
			empty = false
			continue
		}
		block = nil
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("line %d: want \"key: value\", got %q", n, line)
		}
		value = strings.TrimPrefix(value, " ")
		if key == "mutant" {
			if err := complete(mutants, keys); err != nil {
				return nil, err
			}
			mutants = append(mutants, Mutant{Name: strings.TrimSpace(value), Line: n})
			keys = map[string]bool{}
			continue
		}
		if len(mutants) == 0 {
			return nil, fmt.Errorf("line %d: %q before the first \"mutant:\" line", n, key)
		}
		m := &mutants[len(mutants)-1]
		if keys[key] {
			return nil, fmt.Errorf("line %d: %q given twice for mutant %q", n, key, m.Name)
		}
		keys[key] = true
		switch key {
		case "file":
			m.File = strings.TrimSpace(value)
		case "rules":
			m.Rules = strings.Fields(strings.ReplaceAll(value, ",", " "))
		case "what":
			m.What = strings.TrimSpace(value)
		case "equivalent":
			m.Equivalent = strings.TrimSpace(value)
		case "find", "replace":
			target := &m.Find
			if key == "replace" {
				target = &m.Replace
			}
			*target = value
			if value == "" {
				block, empty = target, true
			}
		default:
			return nil, fmt.Errorf("line %d: unknown key %q (want file, rules, what, find, replace or equivalent)", n, key)
		}
	}
	if err := scanner.Err(); err != nil {
		return nil, err
	}
	if err := complete(mutants, keys); err != nil {
		return nil, err
	}
	return mutants, validate(mutants)
}

// complete refuses a last mutant without a replace line: a forgotten replacement must not
// silently delete the snippet.
func complete(mutants []Mutant, keys map[string]bool) error {
	if len(mutants) > 0 && !keys["replace"] {
		m := mutants[len(mutants)-1]
		return fmt.Errorf("mutant %q (line %d): no \"replace:\" line (write \"replace:\" alone to delete the snippet)", m.Name, m.Line)
	}
	return nil
}

// validate refuses a list with a mutant that lacks what the pass needs.
func validate(mutants []Mutant) error {
	names := map[string]bool{}
	for _, m := range mutants {
		where := fmt.Sprintf("mutant %q (line %d)", m.Name, m.Line)
		switch {
		case m.Name == "":
			return fmt.Errorf("line %d: a mutant with no name", m.Line)
		case names[m.Name]:
			return fmt.Errorf("%s: the name is used twice", where)
		case !strings.HasPrefix(m.File, "patterns/") || !strings.HasSuffix(m.File, ".go"):
			return fmt.Errorf("%s: file %q is not a Go file under patterns/", where, m.File)
		case len(m.Rules) == 0:
			return fmt.Errorf("%s: no rules: the pass would not know which scenarios must kill it", where)
		case slices.ContainsFunc(m.Rules, func(r string) bool { return !ruleID.MatchString(r) }):
			return fmt.Errorf("%s: rules %v are not all rule IDs such as R09", where, m.Rules)
		case m.What == "":
			return fmt.Errorf("%s: no \"what\" line saying what it does", where)
		case m.Find == "":
			return fmt.Errorf("%s: nothing to find", where)
		case m.Find == m.Replace:
			return fmt.Errorf("%s: the replacement is the snippet itself", where)
		}
		names[m.Name] = true
	}
	return nil
}
