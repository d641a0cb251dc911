package harness

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing/fstest"

	"github.com/concspec/concspec/internal/featurefs"
	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"
)

// Tags of the conformance kit.
const (
	// ContractTag marks an Examples block whose rows state the reference contract of a pattern:
	// every subject of the block's implementation column is held to the same rows.
	ContractTag = "@contract"
	// NeedsPrefix starts a tag naming a capability the contract scenario needs
	// ("@needs:recovers-panics"); a subject that does not declare it has the scenario skipped.
	NeedsPrefix = "@needs:"
	// ImplementationPrefix starts the tag of the Examples blocks added for a subject
	// ("@implementation:ourgroup").
	ImplementationPrefix = "@implementation:"
)

// Subject is an implementation under test: a team's own implementation of a pattern, run
// through the contract scenarios beside the reference.
type Subject struct {
	// Name is how the scenarios name it, in the Examples rows added for it.
	Name string
	// Column is the Examples column that names the implementation ("group" for task groups).
	Column string
	// Capabilities are what the implementation promises beyond the minimal contract.
	Capabilities []string
}

// withSubjects returns the features with, after every contract Examples block that has a
// subject's column, a block of the same rows for that subject: the rows of the block's first
// implementation, with the subject's name in its place. Without subjects it returns fsys.
func withSubjects(fsys fs.FS, paths []string, subjects []Subject) (fs.FS, error) {
	if len(subjects) == 0 {
		return fsys, nil
	}
	out := fstest.MapFS{}
	for _, path := range paths {
		data, err := fs.ReadFile(fsys, path)
		if err != nil {
			return nil, err
		}
		if data, err = addSubjectRows(data, subjects); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out[path] = &fstest.MapFile{Data: data}
	}
	return out, nil
}

// insertion is text to add after a line of a feature file.
type insertion struct {
	afterLine int
	text      string
}

func addSubjectRows(data []byte, subjects []Subject) ([]byte, error) {
	doc, err := gherkin.ParseGherkinDocument(bytes.NewReader(data), (&messages.Incrementing{}).NewId)
	if err != nil || doc.Feature == nil {
		return data, nil // godog reports a feature that does not parse, with its line
	}
	var inserts []insertion
	for _, sc := range scenariosOf(doc.Feature) {
		for _, ex := range sc.Examples {
			if !slices.ContainsFunc(ex.Tags, func(t *messages.Tag) bool { return t.Name == ContractTag }) {
				continue
			}
			for _, s := range subjects {
				if text, ok := subjectBlock(ex, s); ok {
					last := ex.TableBody[len(ex.TableBody)-1].Location.Line
					inserts = append(inserts, insertion{afterLine: int(last), text: text})
				}
			}
		}
	}
	lines := strings.SplitAfter(string(data), "\n")
	slices.SortStableFunc(inserts, func(a, b insertion) int { return b.afterLine - a.afterLine })
	for _, in := range inserts {
		lines = slices.Insert(lines, in.afterLine, in.text)
	}
	return []byte(strings.Join(lines, "")), nil
}

// subjectBlock writes the Examples block for subject s, or reports false when the block has no
// column for it.
func subjectBlock(ex *messages.Examples, s Subject) (string, bool) {
	if ex.TableHeader == nil || len(ex.TableBody) == 0 {
		return "", false
	}
	col := slices.IndexFunc(ex.TableHeader.Cells, func(c *messages.TableCell) bool { return c.Value == s.Column })
	if col < 0 {
		return "", false
	}
	reference := ex.TableBody[0].Cells[col].Value
	indent := strings.Repeat(" ", int(ex.Location.Column)-1)
	tags := []string{ImplementationPrefix + s.Name}
	for _, t := range ex.Tags {
		tags = append(tags, t.Name)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s%s\n%sExamples: %s, held to the contract of %s\n", indent, strings.Join(tags, " "), indent, s.Name, reference)
	b.WriteString(tableRow(indent, ex.TableHeader.Cells, -1, ""))
	for _, row := range ex.TableBody {
		if row.Cells[col].Value == reference {
			b.WriteString(tableRow(indent, row.Cells, col, s.Name))
		}
	}
	return b.String(), true
}

// tableRow writes a row of cells, with the cell at replace holding value instead.
func tableRow(indent string, cells []*messages.TableCell, replace int, value string) string {
	escape := strings.NewReplacer(`\`, `\\`, "|", `\|`, "\n", `\n`)
	parts := make([]string, len(cells))
	for i, c := range cells {
		v := c.Value
		if i == replace {
			v = value
		}
		parts[i] = escape.Replace(v)
	}
	return indent + "  | " + strings.Join(parts, " | ") + " |\n"
}

func scenariosOf(f *messages.Feature) []*messages.Scenario {
	var out []*messages.Scenario
	for _, child := range f.Children {
		if child.Scenario != nil {
			out = append(out, child.Scenario)
		}
		if child.Rule != nil {
			for _, rc := range child.Rule.Children {
				if rc.Scenario != nil {
					out = append(out, rc.Scenario)
				}
			}
		}
	}
	return out
}

// skipReason says why the scenario must be skipped: it runs a subject that does not declare a
// capability the scenario needs. Empty means run it.
func skipReason(subjects []Subject, tags []*messages.PickleTag) string {
	var name string
	var needs []string
	for _, t := range tags {
		if n, ok := strings.CutPrefix(t.Name, ImplementationPrefix); ok {
			name = n
		}
		if c, ok := strings.CutPrefix(t.Name, NeedsPrefix); ok {
			needs = append(needs, c)
		}
	}
	i := slices.IndexFunc(subjects, func(s Subject) bool { return s.Name == name })
	if i < 0 {
		return ""
	}
	var missing []string
	for _, c := range needs {
		if !slices.Contains(subjects[i].Capabilities, c) {
			missing = append(missing, c)
		}
	}
	if len(missing) == 0 {
		return ""
	}
	return fmt.Sprintf("%s does not declare %s, which this scenario needs", name, strings.Join(missing, ", "))
}

// Planned is a contract scenario as a run will treat it for one subject.
type Planned struct {
	Implementation string
	Scenario       string
	// Where is the scenario's row in the features as the run sees them, subject rows added.
	Where string
	// Skip is why the run will skip it; empty when it will run.
	Skip string
}

// Plan lists, for each subject, the contract scenarios of the features it would be held to,
// and which of them would be skipped for a capability it does not declare; it runs nothing.
func Plan(fsys fs.FS, subjects []Subject) ([]Planned, error) {
	paths, err := featurePaths(fsys)
	if err != nil {
		return nil, err
	}
	features, err := withSubjects(fsys, paths, subjects)
	if err != nil {
		return nil, err
	}
	var plan []Planned
	err = featurefs.Walk(features, func(path string, doc *messages.GherkinDocument, ids *messages.Incrementing) error {
		rows := rowLines(doc)
		for _, p := range gherkin.Pickles(*doc, path, ids.NewId) {
			for _, t := range p.Tags {
				if name, ok := strings.CutPrefix(t.Name, ImplementationPrefix); ok {
					where := fmt.Sprintf("%s:%d", path, rows[p.AstNodeIds[len(p.AstNodeIds)-1]])
					plan = append(plan, Planned{Implementation: name, Scenario: p.Name, Where: where, Skip: skipReason(subjects, p.Tags)})
				}
			}
		}
		return nil
	})
	return plan, err
}

// rowLines maps the id of every example row of the document to its line.
func rowLines(doc *messages.GherkinDocument) map[string]int64 {
	m := map[string]int64{}
	if doc.Feature == nil {
		return m
	}
	for _, sc := range scenariosOf(doc.Feature) {
		for _, ex := range sc.Examples {
			for _, row := range ex.TableBody {
				m[row.Id] = row.Location.Line
			}
		}
	}
	return m
}
