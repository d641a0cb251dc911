package concspec_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/concspec/concspec"
	"github.com/concspec/concspec/internal/fixtures/groups"
)

const fixtureChildEnv = "CONCSPEC_FIXTURE_CHILD"

// fixtureCorpus holds every contract row of the task groups.
var fixtureCorpus = []string{"task_groups.feature", "group_limits.feature", "group_panics.feature", "cancellation_depth.feature"}

// The contract rows the broken fixtures fail, as the run names them after "<implementation>: ".
const (
	rowJoinOnFailure = "when a task fails, Wait still returns only after every task has returned"
	rowFailFast      = "when one task fails, all 4 siblings observe cancellation"
	rowFirstError    = `when three tasks fail in turn, Wait returns only "first"`
	rowLimit         = "12 tasks through a limit of 3"
	rowLimitOfOne    = "12 tasks through a limit of 1"
	rowLimitCancel   = "12 tasks through a limit of 3, the root cancelled while they wait for a slot"
	rowTryGo         = "when every slot is taken, TryGo refuses a further task"
	rowPanic         = "the panic becomes the error Wait returns"
	rowDepthCancel   = "cancelling the root reaches a group nested in a task"
	rowDepthDeadline = "the root's deadline reaches a group nested in a task"
	rowContextEnded  = "all 3 watchers have ended once Wait has returned"
)

// fixture is a task group of internal/fixtures/groups with its expected verdict.
type fixture struct {
	name  string
	start func(parent context.Context, limit int) concspec.Group
	// capabilities are what it is declared to do.
	capabilities []string
	// breaks is the rule a broken fixture breaks; empty for a legal one.
	breaks string
	// fails are the rows that check that rule — exactly these must fail — each with what its
	// failure must say: the rule's own check caught it, not some other one. A legal fixture has
	// none, and must pass every row its capabilities select.
	fails map[string]string
}

// What each rule's check says when it catches a group.
const (
	saysJoin          = "Wait returned while"
	saysLateCancel    = "had not observed cancellation"
	saysNotFirst      = "returned an error that is not the one"
	saysNoError       = "returned nil, want the error"
	saysPanicNotError = "want an error with the panic value"
	saysOverLimit     = "4 tasks ran at once under a limit of 3"
	saysOverOne       = "2 tasks ran at once under a limit of 1"
	saysShortOfLimit  = "at most 2 tasks ran at once, want the group to fill all 3 slots"
	saysSlotUnused    = "Go is blocked: 1 task(s) are running, so 1 of the group's 2 slots are free"
	saysTryGoTook     = "TryGo took a task although every slot"
	saysLeak          = "goroutine leak"
	saysNoCause       = "context.Cause("
	saysNotDerived    = "not derived from the root"
	saysContextLive   = "which Wait left live"
)

// every capability: what a fixture shaped like errgroup with SetLimit and TryGo, that also
// recovers panics, promises.
var every = []string{concspec.CancelsOnError, concspec.ReportsCause, concspec.CancelsOnWait, concspec.FirstErrorOnly, concspec.RecoversPanics, concspec.Bounded, concspec.TryGo}

// but returns every capability except those left out.
func but(left ...string) []string {
	return slices.DeleteFunc(slices.Clone(every), func(c string) bool { return slices.Contains(left, c) })
}

// plug adapts a fixture's constructor to concspec.TaskGroup.
func plug[G concspec.Group](newGroup func(context.Context, int) G) func(context.Context, int) concspec.Group {
	return func(parent context.Context, limit int) concspec.Group { return newGroup(parent, limit) }
}

// fixtures are the task groups and their verdicts. Each recovers panics; one that did not
// would have to leave RecoversPanics out, so that the panic row is skipped for it rather than
// crash the process.
func fixtures() []fixture {
	return []fixture{
		{name: "returns-early-on-error", start: plug(groups.NewReturnsEarlyOnError), capabilities: every,
			breaks: "R09: Wait returns only once every task has returned, on every path",
			fails: map[string]string{rowJoinOnFailure: saysJoin, rowFailFast: saysJoin, rowPanic: saysJoin,
				rowDepthCancel: saysJoin, rowDepthDeadline: saysJoin}},
		{name: "joins-only-on-success", start: plug(groups.NewJoinsOnlyOnSuccess), capabilities: every,
			breaks: "R09: Wait returns only once every task has returned, on every path",
			fails:  map[string]string{rowJoinOnFailure: saysJoin, rowFailFast: saysJoin, rowPanic: saysJoin}},
		{name: "cancels-late", start: plug(groups.NewCancelsLate), capabilities: every,
			breaks: "R11: a failure cancels the other tasks when it happens, not when Wait is called",
			fails:  map[string]string{rowFailFast: saysLateCancel, rowPanic: saysLateCancel}},
		{name: "cancels-without-cause", start: plug(groups.NewCancelsWithoutCause), capabilities: every,
			breaks: "R11: the cancellation carries the failure as its cause",
			fails:  map[string]string{rowFailFast: saysNoCause}},
		{name: "detached", start: plug(groups.NewDetached), capabilities: every,
			breaks: "R11: cancelling the parent reaches every task, at every depth",
			fails:  map[string]string{rowDepthCancel: saysNotDerived, rowDepthDeadline: saysNotDerived}},
		{name: "keeps-context-live", start: plug(groups.NewLeavesContextLive), capabilities: every,
			breaks: "R11: once Wait has returned, nothing started with the group's context outlives the group",
			fails:  map[string]string{rowContextEnded: saysContextLive}},
		{name: "swallows-first-error", start: plug(groups.NewSwallowsFirstError), capabilities: every,
			breaks: "R13: Wait returns the first failure, a panic included",
			fails: map[string]string{rowJoinOnFailure: saysNoError, rowFailFast: saysNotFirst, rowFirstError: saysNotFirst,
				rowPanic: saysPanicNotError}},
		{name: "leaks-on-panic", start: plug(groups.NewLeaksOnPanic), capabilities: every,
			breaks: "R14 with R10: a recovered panic leaves no goroutine behind",
			fails:  map[string]string{rowPanic: saysLeak}},
		{name: "runs-limit-plus-one", start: plug(groups.NewRunsLimitPlusOne), capabilities: every,
			breaks: "R19: no more tasks than the limit run at once",
			fails: map[string]string{rowLimit: saysOverLimit, rowLimitOfOne: saysOverOne, rowLimitCancel: saysOverLimit,
				rowTryGo: saysTryGoTook}},
		{name: "runs-limit-minus-one", start: plug(groups.NewRunsLimitMinusOne), capabilities: every,
			breaks: "R19: the group uses its limit: at some moment as many tasks run as it allows",
			fails:  map[string]string{rowLimit: saysShortOfLimit, rowTryGo: saysSlotUnused}},
		{name: "trygo-ignores-limit", start: plug(groups.NewTryGoIgnoresLimit), capabilities: every,
			breaks: "R19: TryGo refuses a task when every slot is taken",
			fails:  map[string]string{rowTryGo: saysTryGoTook}},

		{name: "queues-at-limit", start: plug(groups.NewQueuesAtLimit), capabilities: every},
		{name: "skips-after-cancel", start: plug(groups.NewSkipsAfterCancel), capabilities: every},
		{name: "collects-every-error", start: plug(groups.NewCollectsEveryError), capabilities: but(concspec.FirstErrorOnly)},
		{name: "collector", start: plug(groups.NewCollector), capabilities: every},
		{name: "no-cause-promised", start: plug(groups.NewCancelsWithoutCause), capabilities: but(concspec.ReportsCause)},
		{name: "context-left-to-the-parent", start: plug(groups.NewLeavesContextLive), capabilities: but(concspec.CancelsOnWait)},
	}
}

func fixtureImplementations() []concspec.Implementation {
	var impls []concspec.Implementation
	for _, f := range fixtures() {
		impls = append(impls, concspec.TaskGroup(f.name, f.start, f.capabilities...))
	}
	return impls
}

// TestFixtureChild is the child side of TestFixturesGetTheirVerdicts: every fixture at once,
// held to the task-group contract under its own name. It writes its reports into the
// directory the parent names.
func TestFixtureChild(t *testing.T) {
	reports := os.Getenv(fixtureChildEnv)
	if reports == "" {
		t.Skip("runs only as the child process of TestFixturesGetTheirVerdicts")
	}
	concspec.Run(t, concspec.Options{
		Corpus: fixtureCorpus, Tags: "@contract", Implementations: fixtureImplementations(), ReportsDir: reports,
		// A bounded wait gives up after a quarter of this: a row that waits for what a broken
		// fixture never does fails in seconds, and a hang stops the child well within the
		// parent's bound.
		HangBound: 20 * time.Second,
	})
}

// fixtureChildBound is how long the child may take in all; past it, something hung.
const fixtureChildBound = 2 * time.Minute

// hangLine is what the hang bound prints when it stops the process; seedLine says which order
// the child ran the scenarios in.
var (
	hangLine = regexp.MustCompile(`concspec: HANG: .*`)
	seedLine = regexp.MustCompile(`random order, seed \d+`)
)

// Every fixture gets its verdict from the contract: a broken one fails exactly the rows that
// check the rule it breaks, and each of them where that rule is checked; a legal one passes
// every row its capabilities select. The fixtures run in one child process, so that a hang or
// a crash is this test's failure, with the child's output; the verdicts are read from the
// child's junit.xml, one test case per scenario.
func TestFixturesGetTheirVerdicts(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	plan, err := concspec.Plan(concspec.Options{Corpus: fixtureCorpus, Implementations: fixtureImplementations()})
	if err != nil {
		t.Fatal(err)
	}
	checkExpectationsAreRows(t, plan)
	reports := t.TempDir()
	output := runFixtureChild(t, reports)
	if m := hangLine.FindString(output); m != "" {
		t.Errorf("a scenario hung the child process, which stopped it:\n%s", strings.TrimSpace(m))
	}
	verdicts, err := readVerdicts(filepath.Join(reports, "junit.xml"))
	if err != nil {
		t.Fatalf("the child's verdicts: %v. Its output:\n%s", err, output)
	}

	byName := map[string]fixture{}
	for _, f := range fixtures() {
		byName[f.name] = f
	}
	for _, p := range plan {
		f := byName[p.Implementation]
		row := strings.TrimPrefix(p.Scenario, f.name+": ")
		want := expectedVerdict(f, row, p)
		got, ended := verdicts[p.Scenario]
		switch {
		case !ended:
			t.Errorf("%s: %q never ended in the child (want %s)", f.name, row, want)
		case got.status != want:
			t.Errorf("%s: %q: %s, want %s (%s)\n%s", f.name, row, got.status, want, verdictWhy(f, want), indent(firstLines(got.text, 25)))
		case want == "FAIL" && !strings.Contains(got.text, f.fails[row]):
			t.Errorf("%s: %q failed, but not where %s is checked: its failure does not say %q\n%s",
				f.name, row, f.breaks, f.fails[row], indent(firstLines(got.text, 25)))
		}
	}
	if t.Failed() {
		t.Logf("the child's whole output:\n%s", output)
	}
}

// runFixtureChild runs TestFixtureChild in a child process, bounded, with its reports written
// into reports, and returns its output.
func runFixtureChild(t *testing.T, reports string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), fixtureChildBound)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run", "^TestFixtureChild$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), fixtureChildEnv+"="+reports)
	start := time.Now()
	out, _ := cmd.CombinedOutput() // broken fixtures fail the child: its exit status says nothing
	output := string(out)
	if ctx.Err() != nil {
		t.Fatalf("the fixtures' child process was still running after %s: a fixture hung it. Its output:\n%s", fixtureChildBound, output)
	}
	seed, _, _ := strings.Cut(seedLine.FindString(output), " (")
	t.Logf("the child ran for %s (%s)", time.Since(start).Round(time.Millisecond), seed)
	return output
}

// verdict is how a scenario ended: PASS, FAIL, SKIP, or ERROR (undefined, or interrupted by a
// hang), with what the report says about it.
type verdict struct {
	status, text string
}

// junitReport is the part of junit.xml the verdicts need: one test case per scenario.
type junitReport struct {
	Suites []struct {
		Cases []struct {
			Name    string        `xml:"name,attr"`
			Skipped *junitMessage `xml:"skipped"`
			Failure *junitMessage `xml:"failure"`
			Error   *junitMessage `xml:"error"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

func (m *junitMessage) String() string { return strings.TrimSpace(m.Message + "\n" + m.Text) }

// readVerdicts reads the verdict of every scenario in a junit.xml, by scenario name.
func readVerdicts(path string) (map[string]verdict, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var report junitReport
	if err := xml.Unmarshal(data, &report); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	verdicts := map[string]verdict{}
	for _, suite := range report.Suites {
		for _, c := range suite.Cases {
			switch {
			case c.Failure != nil:
				verdicts[c.Name] = verdict{"FAIL", c.Failure.String()}
			case c.Error != nil:
				verdicts[c.Name] = verdict{"ERROR", c.Error.String()}
			case c.Skipped != nil:
				verdicts[c.Name] = verdict{"SKIP", c.Skipped.String()}
			default:
				verdicts[c.Name] = verdict{"PASS", ""}
			}
		}
	}
	if len(verdicts) == 0 {
		return nil, fmt.Errorf("%s holds no scenario", path)
	}
	return verdicts, nil
}

// expectedVerdict is the verdict row p should get for fixture f.
func expectedVerdict(f fixture, row string, p concspec.Planned) string {
	switch {
	case p.Skip != "":
		return "SKIP"
	case f.fails[row] != "":
		return "FAIL"
	default:
		return "PASS"
	}
}

// checkExpectationsAreRows fails when a fixture expects a row to fail that the contract does
// not hold it to (a row renamed, removed, or skipped for a capability it does not declare):
// such an expectation would pass without checking anything.
func checkExpectationsAreRows(t *testing.T, plan []concspec.Planned) {
	t.Helper()
	for _, f := range fixtures() {
		for row := range f.fails {
			i := slices.IndexFunc(plan, func(p concspec.Planned) bool { return p.Scenario == f.name+": "+row })
			switch {
			case i < 0:
				t.Errorf("%s is expected to fail %q, which is no contract row of the task groups", f.name, row)
			case plan[i].Skip != "":
				t.Errorf("%s is expected to fail %q, which the run skips for it: %s", f.name, row, plan[i].Skip)
			}
		}
		if (f.breaks == "") != (len(f.fails) == 0) {
			t.Errorf("%s: a broken fixture names the rule it breaks and the rows that check it; a legal one neither", f.name)
		}
	}
}

// verdictWhy says why a row should have the verdict want.
func verdictWhy(f fixture, want string) string {
	switch {
	case want == "FAIL":
		return "it breaks " + f.breaks + ", which this row checks"
	case want == "SKIP":
		return "it does not declare a capability the row needs"
	case f.breaks == "":
		return "a legal group passes every row its capabilities select"
	default:
		return "it breaks only " + f.breaks + ", which this row does not check"
	}
}

// firstLines returns the first n lines of s, goroutine dumps left out (each runs from its
// "goroutine N [state]:" line to a blank line).
func firstLines(s string, n int) string {
	var kept []string
	inStack := false
	for _, l := range strings.Split(s, "\n") {
		text := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(text, "goroutine ") && strings.HasSuffix(text, ":"):
			inStack = true
		case inStack && text == "":
			inStack = false
		case !inStack:
			kept = append(kept, l)
		}
	}
	if len(kept) > n {
		kept = append(kept[:n], fmt.Sprintf("… (%d more lines)", len(kept)-n))
	}
	return strings.Join(kept, "\n")
}

func indent(s string) string {
	if s == "" {
		return ""
	}
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}
