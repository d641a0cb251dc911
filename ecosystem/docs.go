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
// of differences (written by hand); and of README.md: between them the matrix in short.
const (
	matrixBegin      = "<!-- matrix:begin (written by make ecosystem) -->"
	matrixEnd        = "<!-- matrix:end -->"
	differencesBegin = "<!-- differences:begin -->"
	differencesEnd   = "<!-- differences:end -->"
	summaryBegin     = "<!-- matrix-summary:begin (written by make ecosystem) -->"
	summaryEnd       = "<!-- matrix-summary:end -->"
)

// block is a page's part the run writes: the text between two markers, rendered from the
// matrix. Page is the page's path from the repository's root.
type block struct {
	Page, Begin, End string
	Render           func(Matrix) string
}

// The pages that carry the matrix: docs/ecosystem.md whole, README.md in short.
var (
	docsMatrix   = block{Page: "docs/ecosystem.md", Begin: matrixBegin, End: matrixEnd, Render: Matrix.Markdown}
	readmeMatrix = block{Page: "README.md", Begin: summaryBegin, End: summaryEnd, Render: Matrix.Summary}
	matrixBlocks = []block{docsMatrix, readmeMatrix}
)

// between is the text of doc (the page named page) between the markers.
func between(doc, page, begin, end string) (string, error) {
	_, rest, ok := strings.Cut(doc, begin)
	if !ok {
		return "", fmt.Errorf("%s has no %q", page, begin)
	}
	inside, _, ok := strings.Cut(rest, end)
	if !ok {
		return "", fmt.Errorf("%s has %q without %q", page, begin, end)
	}
	return inside, nil
}

// Explained checks the differences against the table of docs/ecosystem.md, whose rows start
// "| implementation | row | classification |": every difference must be listed, with one of
// the classifications, and every listed one must still occur.
func Explained(doc string, found []Difference) error {
	table, err := between(doc, docsMatrix.Page, differencesBegin, differencesEnd)
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

// rewrite is doc (the block's page) with the block replaced by m's, and whether that changed it.
func (b block) rewrite(doc string, m Matrix) (string, bool, error) {
	old, err := between(doc, b.Page, b.Begin, b.End)
	if err != nil {
		return doc, false, err
	}
	table := "\n" + b.Render(m)
	return strings.Replace(doc, b.Begin+old+b.End, b.Begin+table+b.End, 1), old != table, nil
}

// contracts are the entries' contracts in the order they first appear.
func (m Matrix) contracts() []string {
	var out []string
	for _, e := range m.Entries {
		if !slices.Contains(out, e.Contract) {
			out = append(out, e.Contract)
		}
	}
	return out
}

// Markdown is the matrix as one table per contract: a line per library, a column per rule, and
// in each cell how many of the rule's rows held, differed or were skipped.
func (m Matrix) Markdown() string {
	var b strings.Builder
	for _, c := range m.contracts() {
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
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |", e.Implementation, e.Library, e.version(), caps)
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

// Summary is the matrix in short, for the README: a line per library and contract, counting its
// rows that held, differed (with the rules they are of, linked to where docs/ecosystem.md
// classifies them) or were skipped.
func (m Matrix) Summary() string {
	var b strings.Builder
	b.WriteString("| contract | implementation | library | version | holds | differs | skipped |\n|---|---|---|---|---|---|---|\n")
	for _, c := range m.contracts() {
		for _, e := range m.Entries {
			if e.Contract != c {
				continue
			}
			counts := map[Verdict]int{}
			var differing []string
			for _, r := range e.Rows {
				counts[r.Verdict]++
				if r.Verdict == Differs {
					differing = append(differing, r.Rules...)
				}
			}
			differs := "0"
			if counts[Differs] > 0 {
				slices.Sort(differing)
				differs = fmt.Sprintf("[%d](docs/ecosystem.md#differences) (%s)", counts[Differs], strings.Join(slices.Compact(differing), ", "))
			}
			fmt.Fprintf(&b, "| %s | `%s` | %s | %s | %d | %s | %d |\n", c, e.Implementation, e.Library, e.version(), counts[Holds], differs, counts[Skipped])
		}
	}
	return b.String()
}

// version is the library's version as the pages show it: the standard library's is the
// toolchain's, which the pages must not change with.
func (e Entry) version() string {
	if e.Library == "std" {
		return "the toolchain's"
	}
	return e.Version
}
