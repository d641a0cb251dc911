package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// ecosystemJSON is a reports/ecosystem.json in the shape `make ecosystem` writes it: one
// library that differs on one row, is skipped on another and holds on a third, and one that
// holds throughout, under the same contract; and a library under a second contract.
const ecosystemJSON = `{
  "go": "go1.99",
  "entries": [
    {"implementation": "lib.Pool", "library": "example.com/lib", "version": "v1.2.3", "contract": "worker pool",
     "capabilities": ["survives-panics"],
     "rules": {"R10": "differs", "R19": "holds"},
     "rows": [
       {"row": "lib.Pool: stops with nothing running", "where": "pools.feature:9", "rules": ["R10"], "verdict": "differs",
        "why": "the step no goroutine is left running failed",
        "evidence": {"step": "no goroutine is left running", "message": "1 goroutine <is> still running", "observed": ["1 goroutine <is> still running", "a worker"], "figures": ["leftover = 1 goroutines"]}},
       {"row": "lib.Pool: a full pool pushes back", "where": "pools.feature:20", "rules": ["R10", "R19"], "verdict": "skipped",
        "why": "needs the capability pushes-back", "evidence": {}},
       {"row": "lib.Pool: never exceeds its limit", "where": "pools.feature:30", "rules": ["R19"], "verdict": "holds", "evidence": {}}
     ]},
    {"implementation": "other.Pool", "library": "example.com/other", "version": "v0.1.0", "contract": "worker pool",
     "capabilities": [],
     "rows": [{"row": "other.Pool: never exceeds its limit", "where": "pools.feature:30", "rules": ["R19"], "verdict": "holds", "evidence": {}}]},
    {"implementation": "c.Counter", "library": "example.com/c", "version": "v2.0.0", "contract": "shared counter",
     "capabilities": [],
     "rows": [{"row": "c.Counter: counts every increment", "where": "counters.feature:5", "rules": ["R18"], "verdict": "holds", "evidence": {}}]}
  ]
}`

// TestTheEcosystemMatrixIsATablePerContract reads an ecosystem.json as the page does and checks
// what it shows: a table per contract, a line per library with its version and capabilities,
// each cell counting its rule's rows by verdict, every "differs" linking to its evidence and
// titled with it, every "skipped" titled with why.
func TestTheEcosystemMatrixIsATablePerContract(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "ecosystem.json"), []byte(ecosystemJSON), 0o644))
	in, err := Load(dir)
	require.NoError(t, err)
	require.NotContains(t, in.Missing, "ecosystem.json")
	p, err := Build(corpus, in)
	require.NoError(t, err)

	eco := p.Ecosystem
	require.NotNil(t, eco)
	require.Len(t, eco.Contracts, 2)
	pools := eco.Contracts[0]
	require.Equal(t, "worker pool", pools.Contract)
	require.Equal(t, []string{"R10", "R19"}, pools.Rules)
	require.Len(t, pools.Lines, 2)
	lib := pools.Lines[0]
	require.Equal(t, EcosystemLine{Implementation: "lib.Pool", Library: "example.com/lib", Version: "v1.2.3", Capabilities: "survives-panics", Cells: lib.Cells}, lib)
	r10, r19 := lib.Cells[0], lib.Cells[1]
	require.Equal(t, "differs", r10.Verdict)
	require.Equal(t, []EcosystemCount{
		{N: 1, Verdict: "differs", Title: "lib.Pool: stops with nothing running: 1 goroutine <is> still running", Link: "ecosystem-difference-1"},
		{N: 1, Verdict: "skipped", Title: "needs the capability pushes-back"},
	}, r10.Counts)
	require.Equal(t, "holds", r19.Verdict, "a rule with a row that holds and none that differs holds")
	require.Equal(t, []EcosystemCount{{N: 1, Verdict: "holds"}, {N: 1, Verdict: "skipped", Title: "needs the capability pushes-back"}}, r19.Counts)
	require.Equal(t, EcosystemCell{Verdict: "holds", Counts: []EcosystemCount{{N: 1, Verdict: "holds"}}}, pools.Lines[1].Cells[1])
	require.Empty(t, pools.Lines[1].Cells[0].Counts, "a rule with no row for the library is an empty cell")
	require.Equal(t, []EcosystemDifference{{
		ID: "ecosystem-difference-1", Implementation: "lib.Pool", Contract: "worker pool", Row: "lib.Pool: stops with nothing running",
		Where: "pools.feature:9", Why: "the step no goroutine is left running failed", Step: "no goroutine is left running",
		Message: "1 goroutine <is> still running", Observed: []string{"a worker"}, Figures: []string{"leftover = 1 goroutines"},
	}}, eco.Differences)

	var page bytes.Buffer
	require.NoError(t, p.Render(&page))
	html := page.String()
	for _, want := range []string{
		`<h2 id="ecosystem">Ecosystem</h2>`, "built with go1.99",
		`<table class="ecosystem-table" data-contract="worker pool">`, `<table class="ecosystem-table" data-contract="shared counter">`,
		`<td>example.com/lib</td><td>v1.2.3</td><td>survives-panics</td>`, `<td>example.com/other</td><td>v0.1.0</td><td>—</td>`,
		`<a class="differs" href="#ecosystem-difference-1" title="lib.Pool: stops with nothing running: 1 goroutine &lt;is&gt; still running">1 differs</a> · <span class="skipped" title="needs the capability pushes-back">1 skipped</span>`,
		`<li class="ecosystem-difference" id="ecosystem-difference-1">`, `<div class="message">1 goroutine &lt;is&gt; still running</div>`,
		"figure: leftover = 1 goroutines",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the page does not show %s", want)
		}
	}
	if strings.Contains(html, `id="ecosystem-missing"`) {
		t.Error("the page says the ecosystem matrix is missing, and it is there")
	}
}

// TestWithoutAnEcosystemMatrixThePageSaysHowToGetOne renders the page from reports with no
// ecosystem.json: the section is there, says how to produce the file, and draws no table.
func TestWithoutAnEcosystemMatrixThePageSaysHowToGetOne(t *testing.T) {
	in, err := Load(t.TempDir())
	require.NoError(t, err)
	require.Contains(t, in.Missing, "ecosystem.json")
	p, err := Build(corpus, in)
	require.NoError(t, err)
	require.Nil(t, p.Ecosystem)
	var page bytes.Buffer
	require.NoError(t, p.Render(&page))
	html := page.String()
	require.Contains(t, html, `<h2 id="ecosystem">Ecosystem</h2>`)
	require.Contains(t, html, `id="ecosystem-missing">No ecosystem matrix in this run's reports: <code>make ecosystem</code>`)
	require.NotContains(t, html, "ecosystem-table")
}
