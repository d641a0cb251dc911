package harness

import (
	"context"
	"encoding/xml"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/concspec/concspec/internal/tooling"
	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v34"
)

// The junit and skip tests run testdata/junit/features through Run in a child process (one of
// its scenarios fails, which fails the run), once with one scenario at a time and once with
// several side by side: godog tells the formatters of each differently.

const (
	junitChildEnv        = "CONCSPEC_JUNIT_CHILD_REPORTS"
	junitConcurrencyEnv  = "CONCSPEC_JUNIT_CHILD_CONCURRENCY"
	junitSchema          = "testdata/junit/junit-10.xsd"
	junitChildBound      = 3 * time.Minute
	flux                 = "this machine has no flux capacitor"
	undeclaredCapability = "ours does not declare time-travel, which this scenario needs"
)

// TestJUnitChild is the child side.
func TestJUnitChild(t *testing.T) {
	reports := os.Getenv(junitChildEnv)
	if reports == "" {
		t.Skip("runs only as the child process of the junit and skip tests")
	}
	concurrency, err := strconv.Atoi(os.Getenv(junitConcurrencyEnv))
	if err != nil {
		t.Fatal(err)
	}
	Run(t, Suite{
		Name: "junit", Features: os.DirFS("testdata/junit/features"), Seed: 1, ReportsDir: reports, Concurrency: concurrency,
		Subjects: []Subject{{Name: "ours", Column: "implementation"}},
		Steps: func(sc *godog.ScenarioContext) {
			sc.Step(`^a step that passes$`, func() {})
			sc.Step(`^a step that fails$`, func() error { return errors.New("it failed\nand says more on a second line") })
			sc.Step(`^a step records the figure "([^"]*)" of (\d+) (\w+)$`, func(ctx context.Context, name string, value int, unit string) error {
				return Record(ctx, Figure{Name: name, Value: float64(value), Unit: unit})
			})
			sc.Step(`^the machine lacks what this scenario needs$`, func(ctx context.Context) error { return Skip(ctx, flux) })
			sc.Step(`^a step whose definition is still pending$`, func() error { return godog.ErrPending })
		},
	})
}

// junitRun is what a child run printed and the junit.xml it wrote.
type junitRun struct {
	output string
	junit  string
}

// junitRuns caches the child runs by concurrency: the tests of a package run one at a time.
var junitRuns = map[int]junitRun{}

func runJUnitChild(t *testing.T, concurrency int) junitRun {
	t.Helper()
	if run, ok := junitRuns[concurrency]; ok {
		return run
	}
	if testing.Short() {
		t.Skip("starts a child process")
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), junitChildBound)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestJUnitChild$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), junitChildEnv+"="+dir, junitConcurrencyEnv+"="+strconv.Itoa(concurrency))
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("the child run did not end within %s:\n%s", junitChildBound, out)
	}
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Fatalf("the child run has a failing scenario and should exit 1, not %d (%v):\n%s", code, err, out)
	}
	junit, err := os.ReadFile(filepath.Join(dir, "junit.xml"))
	if err != nil {
		t.Fatalf("the child run wrote no junit.xml: %v\n%s", err, out)
	}
	run := junitRun{output: string(out), junit: string(junit)}
	junitRuns[concurrency] = run
	return run
}

// concurrencies are the ways the child runs: one scenario at a time, and several side by side.
var concurrencies = []int{1, 4}

// A scenario skipped by harness.Skip (before its first step, or after steps that passed) or
// for a capability its implementation does not declare is skipped in go test -v, in the
// closing summary and in junit.xml, with its reason; it is neither passed nor failed.
func TestASkipIsASkipEverywhere(t *testing.T) {
	for _, concurrency := range concurrencies {
		t.Run("concurrency "+strconv.Itoa(concurrency), func(t *testing.T) {
			run := runJUnitChild(t, concurrency)
			for _, want := range []string{
				"--- PASS: TestJUnitChild/passes,_with_a_figure_measured",
				"--- FAIL: TestJUnitChild/fails",
				"--- SKIP: TestJUnitChild/skipped_before_its_first_step,_for_what_the_machine_lacks",
				"--- SKIP: TestJUnitChild/skipped_after_steps_that_passed,_for_what_the_machine_lacks",
				"--- SKIP: TestJUnitChild/skipped_for_a_capability_ours_does_not_declare",
				"skipped: " + flux,
				"skipped: " + undeclaredCapability,
				"--- FAIL: TestJUnitChild/pending",
				"6 scenarios: 1 passed, 1 failed, 3 skipped, 1 pending\n",
			} {
				if !strings.Contains(run.output, want) {
					t.Errorf("the child's output does not say %q:\n%s", want, run.output)
				}
			}
			if strings.Contains(run.output, "scenarios (") {
				t.Errorf("godog's own summary, which counts a skipped scenario as passed, is printed:\n%s", run.output)
			}
			var suites junitSuites
			if err := xml.Unmarshal([]byte(run.junit), &suites); err != nil || len(suites.Suites) != 1 {
				t.Fatalf("junit.xml does not hold one suite (%v):\n%s", err, run.junit)
			}
			suite := suites.Suites[0]
			if suite.Tests != 6 || suite.Failures != 1 || suite.Errors != 1 || suite.Skipped != 3 {
				t.Errorf("junit.xml counts %d tests, %d failures, %d errors, %d skipped; want 6, 1, 1, 3:\n%s", suite.Tests, suite.Failures, suite.Errors, suite.Skipped, run.junit)
			}
			cases := map[string]junitCase{}
			for _, c := range suite.Cases {
				cases[c.Name] = c
				if c.Classname != "A scenario for every way a scenario ends" {
					t.Errorf("%q has the classname %q, not its feature", c.Name, c.Classname)
				}
				if d, err := strconv.ParseFloat(c.Time, 64); err != nil || d < 0 {
					t.Errorf("%q took %q", c.Name, c.Time)
				}
			}
			for name, reason := range map[string]string{
				"skipped before its first step, for what the machine lacks":   flux,
				"skipped after steps that passed, for what the machine lacks": flux,
				"skipped for a capability ours does not declare":              undeclaredCapability,
			} {
				if c := cases[name]; c.Skipped == nil || c.Skipped.Message != reason || c.Failure != nil || c.Error != nil {
					t.Errorf("%q is not <skipped message=%q>: %+v", name, reason, c)
				}
			}
			if c := cases["passes, with a figure measured"]; c.Skipped != nil || c.Failure != nil || c.Error != nil || c.SystemOut != "speed-up = 3 times\n" {
				t.Errorf("the passing scenario is not passed with its figure in system-out: %+v", c)
			}
			if c := cases["skipped after steps that passed, for what the machine lacks"]; c.SystemOut != "rounds = 2 rounds\n" {
				t.Errorf("the figure of the scenario skipped after it measured is not in system-out: %+v", c)
			}
			failed := cases["fails"].Failure
			if failed == nil || failed.Message != "When a step that fails: it failed" ||
				!strings.Contains(failed.Text, "every_outcome.feature:10: When a step that fails\nit failed\nand says more on a second line") {
				t.Errorf("the failure does not carry the failed step and its whole error: %+v", failed)
			}
			if pending := cases["pending"].Error; pending == nil || pending.Type != "pending" || !strings.HasPrefix(pending.Message, "When a step whose definition is still pending: ") {
				t.Errorf("the pending scenario is not an error naming its pending step: %+v", pending)
			}
		})
	}
}

// junit.xml validates against the JUnit schema of Jenkins' xunit plugin: a run with a passing
// scenario carrying a figure, a failing one, a pending one and skipped ones.
func TestJUnitValidatesAgainstJenkinsSchema(t *testing.T) {
	xmllint := findXmllint(t)
	for _, concurrency := range concurrencies {
		t.Run("concurrency "+strconv.Itoa(concurrency), func(t *testing.T) {
			run := runJUnitChild(t, concurrency)
			if err := validateJUnit(xmllint, t.TempDir(), run.junit); err != nil {
				t.Errorf("%v\n%s", err, run.junit)
			}
		})
	}
}

// The validation can fail: junit.xml with a negative suite time (godog's formatter wrote such
// times when scenarios ran in random order), or with the skipped count on <testsuites> that
// the schema does not have, is rejected. The schema lets a testcase go without a classname, so
// TestASkipIsASkipEverywhere checks that one.
func TestJenkinsSchemaRejectsBadJUnit(t *testing.T) {
	xmllint := findXmllint(t)
	good := runJUnitChild(t, 1).junit
	for what, bad := range map[string]string{
		"a negative suite time":   suiteTime.ReplaceAllString(good, "${1}-"),
		"skipped on <testsuites>": strings.Replace(good, `<testsuites name="concspec"`, `<testsuites name="concspec" skipped="3"`, 1),
	} {
		if bad == good {
			t.Fatalf("could not make junit.xml with %s from:\n%s", what, good)
		}
		if err := validateJUnit(xmllint, t.TempDir(), bad); err == nil {
			t.Errorf("xmllint accepts junit.xml with %s", what)
		}
	}
}

// suiteTime matches the start of the suite's time attribute, up to its value.
var suiteTime = regexp.MustCompile(`(<testsuite [^>]*\btime=")`)

func findXmllint(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("xmllint")
	if err != nil {
		tooling.Missing(t, "xmllint (Debian's libxml2-utils): run `make tools`")
	}
	return path
}

// validateJUnit checks junit against the schema with xmllint, and returns what xmllint said
// when it rejects it.
func validateJUnit(xmllint, dir, junit string) error {
	path := filepath.Join(dir, "junit.xml")
	if err := os.WriteFile(path, []byte(junit), 0o644); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, xmllint, "--noout", "--schema", junitSchema, path).CombinedOutput()
	if err != nil {
		return errors.New("xmllint rejects junit.xml: " + string(out))
	}
	return nil
}

// An outline's rows share their scenario's name: junit.xml names each by its line as well, so
// that a dashboard can tell them apart, even a row that is alone in a shard; a scenario that is
// no outline keeps its name.
func TestJUnitTellsAnOutlinesRowsApart(t *testing.T) {
	index := map[string]astNode{"outline": {name: "counts every increment"}, "row1": {line: 16}, "row2": {line: 17}, "plain": {line: 5},
		"placeholders": {name: "counts <n> increments"}, "row3": {line: 21}}
	row := func(id string) *caseRecord {
		return &caseRecord{pickle: &messages.Pickle{Name: "counts every increment", AstNodeIds: []string{"outline", id}}}
	}
	one, two := row("row1"), row("row2")
	plain := &caseRecord{pickle: &messages.Pickle{Name: "plain", AstNodeIds: []string{"plain"}}}
	names := caseNames("counters.feature", index, []*caseRecord{one, two, plain})
	want := map[*caseRecord]string{one: "counts every increment (counters.feature:16)", two: "counts every increment (counters.feature:17)", plain: "plain"}
	if alone := caseNames("counters.feature", index, []*caseRecord{two}); alone[two] != want[two] {
		t.Errorf("a row alone in its shard is named %q, not %q as in the whole run", alone[two], want[two])
	}
	named := &caseRecord{pickle: &messages.Pickle{Name: "counts 3 increments", AstNodeIds: []string{"placeholders", "row3"}}}
	if got := caseNames("counters.feature", index, []*caseRecord{named})[named]; got != "counts 3 increments" {
		t.Errorf("a row whose outline's name has a placeholder is named %q, not by its values alone", got)
	}
	for c, name := range want {
		if names[c] != name {
			t.Errorf("case named %q, want %q", names[c], name)
		}
	}
}
