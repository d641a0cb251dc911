package ecosystem

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/concspec/concspec"
)

// The environment of a child run, and of TestEcosystem.
const (
	// childContract names the contract a child process runs.
	childContract = "ECOSYSTEM_CHILD_CONTRACT"
	// childReports is where the child writes its run's reports.
	childReports = "ECOSYSTEM_CHILD_REPORTS"
	// reportsEnv is concspec's reports directory (../reports by default).
	reportsEnv = "ECOSYSTEM_REPORTS"
	// writeDocsEnv set to 1 rewrites the matrix of docs/ecosystem.md and README.md instead of
	// failing when it is out of date.
	writeDocsEnv = "ECOSYSTEM_WRITE_DOCS"
)

// root is the repository's root, where the pages that carry the matrix are.
const root = ".."

// childBound is the most a contract's child run may take.
const childBound = 15 * time.Minute

// TestEcosystem runs each contract's libraries in a child process (a library that differs fails
// the child, not this test), builds the matrix from the reports the child wrote, writes
// reports/ecosystem.json, and checks that docs/ecosystem.md explains every difference and that
// it and the README carry the matrix. It fails only for an error of concspec's: a run that did not end
// normally, a row with no outcome, a reference row that failed, a difference not explained.
func TestEcosystem(t *testing.T) {
	if os.Getenv(childContract) != "" {
		t.Skip("a child process runs one contract (TestContractRun)")
	}
	list, err := Adapters()
	if err != nil {
		t.Fatal(err)
	}
	reports := cmp.Or(os.Getenv(reportsEnv), "../reports")
	m := Matrix{Go: runtime.Version()}
	for _, contract := range Contracts(list) {
		entries, err := runContract(t, contract, filepath.Join(reports, "ecosystem", strings.ReplaceAll(contract, " ", "-")))
		if err != nil {
			t.Fatalf("the %s contract: %v", contract, err)
		}
		m.Entries = append(m.Entries, entries...)
	}
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(reports, "ecosystem.json"), append(body, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("the matrix (%s):\n%s", filepath.Join(reports, "ecosystem.json"), m.Markdown())
	checkDocs(t, m)
}

// checkDocs checks that docs/ecosystem.md explains every difference, and that it and the
// README carry the matrix (rewriting it with ECOSYSTEM_WRITE_DOCS=1).
func checkDocs(t *testing.T, m Matrix) {
	data, err := os.ReadFile(filepath.Join(root, docsMatrix.Page))
	if err != nil {
		t.Fatal(err)
	}
	if err := Explained(string(data), m.Differences()); err != nil {
		t.Error(err)
	}
	for _, b := range matrixBlocks {
		checkBlock(t, b, m)
	}
}

// checkBlock checks that the block's page carries this run's matrix, or rewrites it with
// ECOSYSTEM_WRITE_DOCS=1.
func checkBlock(t *testing.T, b block, m Matrix) {
	path := filepath.Join(root, b.Page)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, changed, err := b.rewrite(string(data), m)
	switch {
	case err != nil:
		t.Error(err)
	case changed && os.Getenv(writeDocsEnv) == "1":
		if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote the matrix of %s", b.Page)
	case changed:
		t.Errorf("the matrix of %s is not this run's; run `make ecosystem %s=1` to write it, then read what changed:\n%s", b.Page, writeDocsEnv, b.Render(m))
	}
}

// TestContractRun is the child process: it holds one contract's libraries (or a fixture's
// adapters) to their rows. A library that differs fails it.
func TestContractRun(t *testing.T) {
	set := os.Getenv(childContract)
	if set == "" {
		t.Skip("run by TestEcosystem, in a child process for each contract")
	}
	_, opts, _, err := optionsFor(set)
	if err != nil {
		t.Fatal(err)
	}
	opts.ReportsDir = os.Getenv(childReports)
	concspec.Run(t, opts)
}

// fixture is a set of adapters run the way a contract's libraries are, to test the run itself,
// on the feature files given.
type fixture struct {
	adapters []Adapter
	corpus   []string
}

// fixtures are the sets of adapters the tests run beside the contracts.
var fixtures = map[string]fixture{}

// optionsFor are the adapters of a contract (or a fixture), the options that run them, and the
// plan of their rows.
func optionsFor(set string) ([]Adapter, concspec.Options, []concspec.Planned, error) {
	if f, ok := fixtures[set]; ok {
		opts, _, err := Options(f.adapters)
		if err != nil {
			return nil, opts, nil, err
		}
		opts.Corpus = f.corpus
		plan, err := concspec.Plan(opts)
		return f.adapters, opts, plan, err
	}
	list, err := Adapters()
	if err != nil {
		return nil, concspec.Options{}, nil, err
	}
	list = adaptersOf(list, set)
	opts, plan, err := Options(list)
	return list, opts, plan, err
}

// runContract runs the contract's adapters (or a fixture's) in a child process writing its
// reports to dir, and makes the matrix's entries of its reports.
func runContract(t *testing.T, contract string, dir string) ([]Entry, error) {
	list, _, plan, err := optionsFor(contract)
	if err != nil {
		return nil, err
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	logPath := filepath.Join(dir, "run.log")
	childErr := runChild(t, contract, dir, logPath)
	run, err := LoadRun(dir)
	if err != nil {
		return nil, fmt.Errorf("%w (the child: %v; its output: %s)", err, childErr, logPath)
	}
	var pkgs []string
	for _, a := range list {
		pkgs = append(pkgs, a.Package)
	}
	mods, err := Modules(pkgs)
	if err != nil {
		return nil, err
	}
	var entries []Entry
	for _, a := range list {
		e, err := BuildEntry(a, mods[a.Package], plan, run)
		if err != nil {
			return nil, err
		}
		entries = append(entries, e)
	}
	var failed []string
	for _, sc := range run.Scenarios {
		if sc.Status() != "failed" {
			continue
		}
		failed = append(failed, sc.Name)
		if !slices.ContainsFunc(list, func(a Adapter) bool { return slices.Contains(sc.Tags, ImplementationTag(a.Name)) }) {
			step, msg := sc.Failure()
			return nil, fmt.Errorf("the contract's own row %q failed, so no verdict on a library can be trusted: %s: %s", sc.Name, step, msg)
		}
	}
	switch {
	case childErr != nil && len(failed) == 0:
		return nil, fmt.Errorf("the child run failed (%v), yet no row failed: see %s", childErr, logPath)
	case childErr == nil && len(failed) > 0:
		return nil, fmt.Errorf("the child run passed, yet %d rows failed (%s): see %s", len(failed), strings.Join(failed, "; "), logPath)
	}
	t.Logf("the %s contract: %d rows, %d of them differ; the run's output is in %s", contract, len(plan), len(Matrix{Entries: entries}.Differences()), logPath)
	return entries, nil
}

// runChild runs TestContractRun for contract in a child process, its output in logPath, bounded
// by this test's deadline; the error is how the child ended.
func runChild(t *testing.T, contract, dir, logPath string) error {
	// Each scenario of the child has concspec's hang bound; this bounds the child as a whole
	// (a build that hangs, a run that never ends), leaving the test time to say so.
	deadline := time.Now().Add(childBound)
	if d, ok := t.Deadline(); ok && d.Add(-time.Minute).Before(deadline) {
		deadline = d.Add(-time.Minute)
	}
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	log, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer log.Close()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestContractRun$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), childContract+"="+contract, childReports+"="+dir)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.WaitDelay = 10 * time.Second
	err = cmd.Run()
	if ctx.Err() != nil {
		return errors.Join(err, fmt.Errorf("the child was stopped at %s, past its bound: it hung", deadline.Format(time.TimeOnly)))
	}
	return err
}

func adaptersOf(list []Adapter, contract string) []Adapter {
	return slices.DeleteFunc(slices.Clone(list), func(a Adapter) bool { return a.Contract != contract })
}
