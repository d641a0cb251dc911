package ecosystem

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Difference is a row on which a library differs from its contract.
type Difference struct {
	Implementation string
	Row            string
}

// The classifications a difference can be given, from reading the library's code or docs.
var classifications = []string{
	"documented choice", // the library documents it: the contract must accept it as a capability
	"library bug",       // the library breaks its own promise
	"concspec bug",      // the contract or the adapter is wrong
}

// The markers of docs/ecosystem.md: between them the matrix (written by the run) and the table
// of differences (written by hand).
const (
	matrixBegin      = "<!-- matrix:begin (written by make ecosystem) -->"
	matrixEnd        = "<!-- matrix:end -->"
	differencesBegin = "<!-- differences:begin -->"
	differencesEnd   = "<!-- differences:end -->"
)

// between is the text of doc between the markers.
func between(doc, begin, end string) (string, error) {
	_, rest, ok := strings.Cut(doc, begin)
	if !ok {
		return "", fmt.Errorf("docs/ecosystem.md has no %q", begin)
	}
	inside, _, ok := strings.Cut(rest, end)
	if !ok {
		return "", fmt.Errorf("docs/ecosystem.md has %q without %q", begin, end)
	}
	return inside, nil
}

// Explained checks the differences against the table of docs/ecosystem.md, whose rows start
// "| implementation | row | classification |": every difference must be listed, with one of
// the classifications, and every listed one must still occur.
func Explained(doc string, found []Difference) error {
	table, err := between(doc, differencesBegin, differencesEnd)
	if err != nil {
		return err
	}
	var listed []Difference
	var errs []error
	for _, line := range strings.Split(table, "\n") {
		cells := cells(line)
		if len(cells) < 3 || cells[0] == "implementation" || strings.Trim(cells[0], "-: ") == "" {
			continue
		}
		d := Difference{Implementation: strings.Trim(cells[0], "`"), Row: strings.Trim(cells[1], "`")}
		if !slices.Contains(classifications, cells[2]) {
			errs = append(errs, fmt.Errorf("docs/ecosystem.md classifies %s's row %q as %q; a difference is one of: %s", d.Implementation, d.Row, cells[2], strings.Join(classifications, ", ")))
		}
		listed = append(listed, d)
	}
	for _, d := range found {
		if !slices.Contains(listed, d) {
			errs = append(errs, fmt.Errorf("%s differs on the row %q, and docs/ecosystem.md does not explain it: read the library's code or docs, then add its row to the table of differences with its classification (%s) and a reproduction", d.Implementation, d.Row, strings.Join(classifications, ", ")))
		}
	}
	for _, d := range listed {
		if !slices.Contains(found, d) {
			errs = append(errs, fmt.Errorf("docs/ecosystem.md lists %s's row %q as a difference, and it no longer differs (or has been renamed): take it out", d.Implementation, d.Row))
		}
	}
	return errors.Join(errs...)
}

// cells splits a Markdown table row; nil for a line that is not one.
func cells(line string) []string {
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, "|") || !strings.HasSuffix(line, "|") {
		return nil
	}
	parts := strings.Split(strings.Trim(line, "|"), "|")
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
	}
	return parts
}

// WithMatrix is doc with its matrix section replaced by m's, and whether that changed it.
func WithMatrix(doc string, m Matrix) (string, bool, error) {
	old, err := between(doc, matrixBegin, matrixEnd)
	if err != nil {
		return doc, false, err
	}
	table := "\n" + m.Markdown()
	return strings.Replace(doc, matrixBegin+old+matrixEnd, matrixBegin+table+matrixEnd, 1), old != table, nil
}

// Markdown is the matrix as one table per contract: a line per library, a column per rule, and
// in each cell how many of the rule's rows held, differed or were skipped.
func (m Matrix) Markdown() string {
	var b strings.Builder
	var contracts []string
	for _, e := range m.Entries {
		if !slices.Contains(contracts, e.Contract) {
			contracts = append(contracts, e.Contract)
		}
	}
	for _, c := range contracts {
		var rules []string
		for _, e := range m.Entries {
			if e.Contract == c {
				for _, r := range e.Rows {
					rules = append(rules, r.Rules...)
				}
			}
		}
		slices.Sort(rules)
		rules = slices.Compact(rules)
		fmt.Fprintf(&b, "**%s**\n\n| implementation | library | version | capabilities | %s |\n|---|---|---|---|%s\n", c, strings.Join(rules, " | "), strings.Repeat("---|", len(rules)))
		for _, e := range m.Entries {
			if e.Contract != c {
				continue
			}
			caps := strings.Join(e.Capabilities, ", ")
			if caps == "" {
				caps = "—"
			}
			version := e.Version
			if e.Library == "std" {
				version = "the toolchain's" // the page must not change with the Go release that runs it
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |", e.Implementation, e.Library, version, caps)
			for _, rule := range rules {
				fmt.Fprintf(&b, " %s |", e.cell(rule))
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// cell counts the entry's rows of rule by verdict: "2 holds", "1 differs · 1 skipped".
func (e Entry) cell(rule string) string {
	counts := map[Verdict]int{}
	for _, r := range e.Rows {
		if slices.Contains(r.Rules, rule) {
			counts[r.Verdict]++
		}
	}
	var parts []string
	for _, v := range []Verdict{Differs, Holds, Skipped} {
		if counts[v] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[v], v))
		}
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, " · ")
}
