package ecosystem

import (
	"strings"
	"testing"

	"github.com/concspec/concspec"
	"github.com/concspec/concspec/internal/harness"
	"golang.org/x/sync/errgroup"
)

// lying is errgroup's zero Group declared with what only errgroup.WithContext does: its first
// error cancels nothing, since the group has no context. It stands for a library whose adapter
// (or documentation) promises more than the library does.
const lying = "lying-errgroup"

func init() {
	fixtures[lying] = fixture{
		adapters: []Adapter{taskGroup(lying, (*errgroup.Group)(nil), startZeroErrgroup,
			concspec.CancelsOnError, concspec.ReportsCause, concspec.FirstErrorOnly)},
		corpus: []string{"task_groups.feature"},
	}
}

// TestADifferenceIsAFindingNotAFailure runs a library that differs from its contract the way
// TestEcosystem runs every contract: the run goes on, the row that differs is recorded with the
// failing step's message, the other rows hold or are skipped, and the difference must then be
// explained in the docs.
func TestADifferenceIsAFindingNotAFailure(t *testing.T) {
	entries, err := runContract(t, lying, t.TempDir())
	if err != nil {
		t.Fatalf("a library that differs made the run fail: %v", err)
	}
	if len(entries) != 1 {
		t.Fatalf("%d entries for one adapter", len(entries))
	}
	e := entries[0]
	if e.Library != "golang.org/x/sync" || e.Version == "" {
		t.Errorf("the library is %s at %q, not golang.org/x/sync at the version go.mod requires", e.Library, e.Version)
	}
	verdicts := map[Verdict]int{}
	var differs Row
	for _, r := range e.Rows {
		verdicts[r.Verdict]++
		if r.Verdict == Differs {
			differs = r
		}
	}
	if verdicts[Differs] != 1 || verdicts[Holds] == 0 || verdicts[Skipped] == 0 {
		t.Fatalf("verdicts %v: want exactly one row that differs (the siblings' cancellation), some that hold, some skipped", verdicts)
	}
	want := lying + ": when one task fails, all 4 siblings observe cancellation"
	if differs.Label != want || !strings.Contains(differs.Evidence.Message, "sibling") || e.Rules["R11"] != Differs {
		t.Errorf("the row that differs is %q (rule R11: %s), with the message %q; want %q, saying which siblings were not cancelled", differs.Label, e.Rules["R11"], differs.Evidence.Message, want)
	}
	found := Matrix{Entries: entries}.Differences()
	if err := Explained(docWith(), found); err == nil || !strings.Contains(err.Error(), "does not explain it") {
		t.Errorf("a difference the docs do not list passed: %v", err)
	}
	if err := Explained(docWith("| "+lying+" | "+want+" | concspec bug | a test fixture |"), found); err != nil {
		t.Errorf("a listed difference failed: %v", err)
	}
}

// TestExplained checks the table of differences: listed, classified, still occurring.
func TestExplained(t *testing.T) {
	found := []Difference{{Implementation: "lib", Row: "lib: a row"}}
	for _, c := range []struct {
		name, doc, want string
	}{
		{"listed", docWith("| `lib` | lib: a row | library bug | its doc says otherwise |"), ""},
		{"not listed", docWith(), "does not explain it"},
		{"no longer occurs", docWith("| lib | lib: a row | library bug | … |", "| lib | lib: another row | documented choice | … |"), "no longer differs"},
		{"not classified", docWith("| lib | lib: a row | odd | … |"), "classifies"},
		{"no table", "# nothing", "has no"},
	} {
		err := Explained(c.doc, found)
		if (err == nil) != (c.want == "") || err != nil && !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v; want an error saying %q", c.name, err, c.want)
		}
	}
}

// TestWithMatrix checks that each page's matrix is rewritten in place — docs/ecosystem.md's
// whole, the README's in short — and said to have changed only when it did.
func TestWithMatrix(t *testing.T) {
	m := Matrix{Entries: []Entry{{Implementation: "lib", Library: "example.com/lib", Version: "v1.0.0", Contract: "shared counter",
		Rows: []Row{{Label: "r1", Rules: []string{"R18"}, Verdict: Holds}, {Label: "r2", Rules: []string{"R18"}, Verdict: Differs}, {Label: "r3", Rules: []string{"R19"}, Verdict: Skipped}}}}}
	for _, c := range []struct {
		block
		want string
	}{
		{docsMatrix, "| `lib` | example.com/lib | v1.0.0 | — | 1 differs · 1 holds | 1 skipped |"},
		{readmeMatrix, "| shared counter | `lib` | example.com/lib | v1.0.0 | 1 | [1](docs/ecosystem.md#differences) (R18) | 1 |"},
	} {
		b, want := c.block, c.want
		doc := "before\n" + b.Begin + "\nold\n" + b.End + "\nafter\n"
		doc, changed, err := b.rewrite(doc, m)
		if err != nil || !changed || !strings.Contains(doc, want) || !strings.HasSuffix(doc, b.End+"\nafter\n") {
			t.Fatalf("%s: changed %v, err %v; want a line %s:\n%s", b.Page, changed, err, want, doc)
		}
		if _, changed, _ := b.rewrite(doc, m); changed {
			t.Errorf("%s: the matrix just written is said to have changed", b.Page)
		}
		if _, _, err := b.rewrite("# no markers", m); err == nil || !strings.Contains(err.Error(), b.Page+" has no") {
			t.Errorf("%s: a page without the markers: %v", b.Page, err)
		}
	}
}

func docWith(rows ...string) string {
	return "# doc\n" + differencesBegin + "\n| implementation | row | classification | why |\n|---|---|---|---|\n" + strings.Join(rows, "\n") + "\n" + differencesEnd + "\n"
}

// TestAnAllowedDifferenceDiffers checks that a row that passed while recording a difference —
// the unbounded link's, which its declared capability allows — is a difference in the matrix,
// with what was recorded as its evidence, and so must be classified in the docs.
func TestAnAllowedDifferenceDiffers(t *testing.T) {
	const where, name = "links.feature:9", "lib: a row"
	plan := []concspec.Planned{{Implementation: "lib", Scenario: name, Where: where}}
	run := Run{
		Scenarios: []Scenario{{URI: "links.feature", Line: 9, Name: name, Tags: []string{"@R25"}, Steps: []Step{{Text: "a step", Status: "passed"}}}},
		Conformance: []harness.ConformanceCell{{Implementation: "lib", Rule: "R25", Verdict: harness.Differs, Observations: []harness.Observation{
			{Implementation: "lib", Rule: "R25", Verdict: harness.Differs, Observed: "took 98 items", Scenario: name},
		}}},
	}
	e, err := BuildEntry(Adapter{Name: "lib", Contract: LinkContract, Package: "example.com/lib"}, Module{}, plan, run)
	if err != nil {
		t.Fatal(err)
	}
	if r := e.Rows[0]; r.Verdict != Differs || r.Evidence.Message != "took 98 items" || e.Rules["R25"] != Differs {
		t.Errorf("the row is %s with the message %q (rule R25: %s); want differs, saying what the row recorded", r.Verdict, r.Evidence.Message, e.Rules["R25"])
	}
	run.Conformance[0].Observations[0].Verdict = harness.Holds
	if e, err := BuildEntry(Adapter{Name: "lib", Contract: LinkContract, Package: "example.com/lib"}, Module{}, plan, run); err != nil || e.Rows[0].Verdict != Holds {
		t.Errorf("a row that passed recording only what holds is %v (%v); want holds", e.Rows, err)
	}
}
