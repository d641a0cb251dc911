package report_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/concspec/concspec"
	"github.com/concspec/concspec/internal/cucumberschema"
	"github.com/concspec/concspec/internal/report"
	"github.com/concspec/concspec/internal/rules"
	"github.com/concspec/concspec/internal/tooling"
)

// pageBound is the fail-safe for one page to load and show what is asserted.
const pageBound = 60 * time.Second

// TestPagesRenderInABrowser runs part of the corpus (enough for every plot and the conformance
// matrix), stands in for the mutation and ecosystem matrices, renders both pages, and opens
// them in headless Chromium: the summary must show every rule of the catalogue, its plots and
// matrices (a "differs" of the ecosystem matrix titled with its evidence and linked to it); the
// Cucumber report must show the features, the scenarios, their steps with statuses, and a
// figure attached to a step. Screenshots land in reports/.
func TestPagesRenderInABrowser(t *testing.T) {
	browser := findBrowser(t)
	if _, err := os.Stat(filepath.Join("..", "..", cucumberschema.SchemaPath)); err != nil {
		tooling.Missing(t, "the npm packages of tools/report: run `make tools`")
	}
	dir := t.TempDir()
	concspec.Run(t, concspec.Options{Tags: "@R08 && ~@slow,@R04,@R24,@R13 && ~@negative", ReportsDir: dir})
	writeMutationMatrix(t, dir)
	writeEcosystemMatrix(t, dir)
	if err := report.Generate(filepath.Join("..", ".."), dir, concspec.Features()); err != nil {
		t.Fatal(err)
	}
	ctx := openBrowser(t, browser)
	t.Run("summary", func(t *testing.T) { checkSummary(t, ctx, dir) })
	t.Run("cucumber report", func(t *testing.T) { checkCucumberReport(t, ctx, dir) })
}

// writeMutationMatrix stands in for `make mutate` (a run per mutant takes minutes): one row, in
// the format cmd/concspec-mutate writes.
func writeMutationMatrix(t *testing.T, dir string) {
	rows := []report.Mutation{{Mutant: "unsynchronised counter", Rules: []string{"R18"}, Verdict: "killed",
		KilledBy: []report.Killer{{Scenario: "The mutex counter counts every increment", Rules: []string{"R18"}}}}}
	data, err := json.Marshal(rows)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "mutation.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeEcosystemMatrix stands in for `make ecosystem` (it runs every library through its
// contract): two libraries of one contract, one differing on a row, in the format the ecosystem
// module writes.
func writeEcosystemMatrix(t *testing.T, dir string) {
	differs := report.EcosystemRow{Label: "lib.Pool: stops with nothing running", Where: "pools.feature:9", Rules: []string{"R10"}, Verdict: "differs", Why: "the step no goroutine is left running failed"}
	differs.Evidence.Message = "1 goroutine still running"
	m := report.EcosystemMatrix{Go: "go1.99", Entries: []report.EcosystemEntry{
		{Implementation: "lib.Pool", Library: "example.com/lib", Version: "v1.2.3", Contract: "worker pool", Rows: []report.EcosystemRow{differs}},
		{Implementation: "other.Pool", Library: "example.com/other", Version: "v0.1.0", Contract: "worker pool",
			Rows: []report.EcosystemRow{{Label: "other.Pool: stops with nothing running", Rules: []string{"R10"}, Verdict: "holds"}}},
	}}
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ecosystem.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func checkSummary(t *testing.T, ctx context.Context, dir string) {
	ctx, cancel := bounded(ctx)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.Join(dir, "summary.html")), chromedp.WaitVisible(chromedp.CSS("#rule-table"))); err != nil {
		t.Fatalf("summary.html: %v (bound %s)", err, pageBound)
	}
	ruleIDs := evaluate[[]string](t, ctx, `[...document.querySelectorAll('tr.rule')].map(r => r.dataset.rule)`)
	statuses := evaluate[map[string]string](t, ctx, `Object.fromEntries([...document.querySelectorAll('tr.rule')].map(r => [r.dataset.rule, r.dataset.status]))`)
	plots := evaluate[map[string]int](t, ctx, `Object.fromEntries([...document.querySelectorAll('svg.plot')].map(s => [s.id, s.querySelectorAll('circle').length]))`)
	conformanceRows := evaluate[int](t, ctx, `document.querySelectorAll('#conformance-table tr').length - 1`)
	mutationRows := evaluate[int](t, ctx, `document.querySelectorAll('#mutation-table tr').length - 1`)
	ecosystemLines := evaluate[int](t, ctx, `document.querySelectorAll('.ecosystem-table tr.ecosystem-line').length`)
	claims := evaluate[int](t, ctx, `document.querySelectorAll('.errata-table tr.claim').length`)
	evidence := evaluate[string](t, ctx, `(() => { const a = document.querySelector('.ecosystem-table a.differs'); const d = a && document.querySelector(a.getAttribute('href')); return a && d ? a.title + ' | ' + d.innerText : '' })()`)
	screenshot(t, ctx, "summary.png")
	if len(ruleIDs) != len(rules.Catalogue()) {
		t.Errorf("the page shows %d rules, the catalogue has %d", len(ruleIDs), len(rules.Catalogue()))
	}
	for i, r := range rules.Catalogue() {
		if i >= len(ruleIDs) || ruleIDs[i] != r.ID {
			t.Errorf("rule %s is not in its place on the page (shown: %v)", r.ID, ruleIDs)
			break
		}
	}
	for id, want := range map[string]string{"R08": report.Passed, "R04": report.Passed, "R13": report.Passed, "R18": report.NotRun} {
		if statuses[id] != want {
			t.Errorf("rule %s shows %q, want %q", id, statuses[id], want)
		}
	}
	for _, id := range []string{"plot-io-scaling", "plot-cpu-wall", "plot-spawn-cost"} {
		if plots[id] == 0 {
			t.Errorf("plot %s shows no measured point (plots: %v)", id, plots)
		}
	}
	if conformanceRows < 5 {
		t.Errorf("the conformance matrix has %d rows; the R13 scenarios ran five implementations", conformanceRows)
	}
	if claims != len(rules.Claims()) {
		t.Errorf("the errata show %d claims, the catalogue has %d", claims, len(rules.Claims()))
	}
	if mutationRows != 1 {
		t.Errorf("the mutation matrix has %d rows, want 1", mutationRows)
	}
	if ecosystemLines != 2 {
		t.Errorf("the ecosystem matrix has %d lines, want 2", ecosystemLines)
	}
	if strings.Count(evidence, "1 goroutine still running") != 2 {
		t.Errorf("the cell that differs is not titled with its evidence and linked to it: %q", evidence)
	}
}

// checkCucumberReport opens the official report filtered on @R08, opens the feature, and reads
// what it shows.
func checkCucumberReport(t *testing.T, ctx context.Context, dir string) {
	ctx, cancel := bounded(ctx)
	defer cancel()
	const feature, scenario = "io_scaling.feature", "Tasks that wait one after another do not scale"
	err := chromedp.Do(ctx,
		chromedp.Navigate("file://"+filepath.Join(dir, "index.html")+"?query=%40R08"),
		waitForText(feature),
	)
	if err != nil {
		t.Fatalf("index.html: %v (bound %s)", err, pageBound)
	}
	front := evaluate[string](t, ctx, `document.body.innerText`)
	if !evaluate[bool](t, ctx, `(() => { const b = [...document.querySelectorAll('button')].find(b => b.innerText.includes('`+feature+`')); if (b) b.click(); return !!b })()`) {
		t.Fatalf("no button opens %s:\n%.2000s", feature, front)
	}
	if err := chromedp.Do(ctx, waitForText(scenario)); err != nil {
		t.Fatalf("opening %s: %v", feature, err)
	}
	opened := evaluate[string](t, ctx, `document.body.innerText`)
	screenshot(t, ctx, "index.png")
	for _, want := range []string{feature, "passed"} {
		if !strings.Contains(front, want) {
			t.Errorf("the report's front page does not show %q:\n%.2000s", want, front)
		}
	}
	for _, want := range []string{"I/O-bound work scales with concurrency", scenario,
		"a loopback HTTP/2 server", "wall time of n I/O-bound tasks relative to one"} {
		if !strings.Contains(opened, want) {
			t.Errorf("the opened feature does not show %q:\n%.3000s", want, opened)
		}
	}
}

func waitForText(text string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](`document.body && document.body.innerText.includes(` + strconv.Quote(text) + `)`)
}

func evaluate[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

func findBrowser(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	t.Skip("skipped: no Chromium browser on this machine (`make tools` installs Debian's chromium where apt-get may run)")
	return ""
}

// openBrowser starts headless Chromium with the flags this sandbox needs (no sandbox as root,
// nothing that reaches out to the network) and a fresh profile.
func openBrowser(t *testing.T, path string) context.Context {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 1600))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser, with no deadline on it
		t.Fatalf("starting %s: %v", path, err)
	}
	return ctx
}

// bounded limits one page's checks to pageBound. The browser must have started before: a
// deadline on the first Run would stop the browser itself (see openBrowser).
func bounded(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, pageBound)
}

// screenshot saves the whole page into the module's reports directory.
func screenshot(t *testing.T, ctx context.Context, name string) {
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	dir := filepath.Join("..", "..", "reports")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: reports/%s", name)
}
