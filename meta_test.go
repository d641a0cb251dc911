package concspec

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps"
	"github.com/cucumber/godog"
)

// The meta-tests prove the harness's guarantees: each runs a deliberately bad feature from
// testdata/meta in a child process (a hang or a leak must not take this process down) and
// asserts that the run fails with a message naming the problem. The passing feature is the
// control that shows the child run itself works.

const metaFeatureEnv = "CONCSPEC_META_FEATURES"

// TestMetaChild is the child side: it runs the features in $CONCSPEC_META_FEATURES with the
// corpus's steps plus the deliberately bad ones below.
func TestMetaChild(t *testing.T) {
	dir := os.Getenv(metaFeatureEnv)
	if dir == "" {
		t.Skip("runs only as the child process of a meta-test")
	}
	opts, _, err := optionsFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := steps.Catalog("")
	if err != nil {
		t.Fatal(err)
	}
	harness.Run(t, harness.Suite{
		Name:     "meta",
		Features: os.DirFS(dir),
		Steps: func(sc *godog.ScenarioContext) {
			steps.Register(cat)(sc)
			registerBadSteps(sc)
		},
		Seed: opts.Seed, Tags: opts.Tags, HangBound: opts.HangBound, ReportsDir: opts.ReportsDir, Concurrency: opts.Concurrency,
	})
}

// neverClosed is a channel nobody closes: whatever waits on it waits forever.
var neverClosed = make(chan struct{})

// meeting and leaked let the two scenarios of testdata/meta/sidebyside run at the same time: each
// waits at the barrier for the other, and the clean one goes on only once the other has leaked.
var (
	meeting = func() *sync.WaitGroup { var wg sync.WaitGroup; wg.Add(2); return &wg }()
	leaked  = make(chan struct{})
)

// meetingDone is closed once both scenarios have reached the barrier.
func meetingDone() <-chan struct{} {
	done := make(chan struct{})
	go func() { meeting.Wait(); close(done) }()
	return done
}

func registerBadSteps(sc *godog.ScenarioContext) {
	sc.Given(`^a goroutine is started that waits forever on a channel nobody closes$`, func() {
		go leakedForever()
	})
	sc.Given(`^a step waits forever on a channel nobody closes$`, func() { hungForever() })
	sc.Given(`^both scenarios have met$`, func(ctx context.Context) error {
		meeting.Done()
		return harness.Await(ctx, meetingDone(), "the other scenario to reach the barrier")
	})
	sc.When(`^the other scenario is told the leak has happened$`, func() { close(leaked) })
	sc.When(`^the other scenario's leak has happened$`, func(ctx context.Context) error {
		return harness.Await(ctx, leaked, "the other scenario to leak its goroutine")
	})
	sc.Given(`^a step whose definition is still pending$`, func() error { return godog.ErrPending })
	sc.Given(`^the machine lacks what this scenario needs$`, func(ctx context.Context) error {
		return harness.Skip(ctx, "this machine has no flux capacitor")
	})
	sc.Given(`^a step that two definitions match$`, func() {})
	sc.Given(`^a step that two definitions (match)$`, func(string) {})
	sc.After(func(ctx context.Context, sc *godog.Scenario, _ error) (context.Context, error) {
		for _, tag := range sc.Tags {
			if tag.Name == "@hang-in-after-hook" {
				afterHookHangs()
			}
		}
		return ctx, nil
	})
}

func afterHookHangs() { <-neverClosed }

func leakedForever() { <-neverClosed }

func hungForever() { <-neverClosed }

// runMeta runs the features in testdata/meta/<name> in a child process; env is added to its
// environment.
func runMeta(t *testing.T, name string, env ...string) (output string, exitCode int) {
	t.Helper()
	if testing.Short() {
		t.Skip("meta-tests start child processes")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*harness.DefaultHangBound)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestMetaChild$", "-test.v")
	cmd.Env = append(os.Environ(),
		metaFeatureEnv+"="+filepath.Join("testdata", "meta", name),
		harness.EnvHangBound+"=2s", harness.EnvSeed+"=1", harness.EnvTags+"=", harness.EnvReports+"=", concurrencyEnv+"=")
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("running the meta child: %v\n%s", err, out)
	}
	return string(out), cmd.ProcessState.ExitCode()
}

// expectFailure asserts that the child failed and that its output says each of the wants.
func expectFailure(t *testing.T, name string, wants ...string) {
	t.Helper()
	expectFailureWith(t, name, nil, wants...)
}

// expectFailureWith is expectFailure with env added to the child's environment.
func expectFailureWith(t *testing.T, name string, env []string, wants ...string) {
	t.Helper()
	out, code := runMeta(t, name, env...)
	if code == 0 {
		t.Fatalf("the %s feature should fail the run, but it passed:\n%s", name, out)
	}
	for _, want := range wants {
		if !strings.Contains(out, want) {
			t.Errorf("the %s run failed, but its output does not say %q:\n%s", name, want, out)
		}
	}
}

func TestMetaPassingFeaturePasses(t *testing.T) {
	out, code := runMeta(t, "passing")
	if code != 0 || !strings.Contains(out, "1 scenarios: 1 passed, 0 failed, 0 skipped\n") {
		t.Fatalf("the control feature should pass, exit status %d:\n%s", code, out)
	}
}

// A scenario skipped for what the machine lacks is reported skipped, with its reason, in the
// terminal, in its subtest and in junit.xml; it is neither a pass nor a failure.
func TestMetaSkippedScenarioIsReportedSkippedNotPassed(t *testing.T) {
	dir := t.TempDir()
	out, code := runMeta(t, "skip", harness.EnvReports+"="+dir)
	if code != 0 {
		t.Fatalf("a skipped scenario should not fail the run, exit status %d:\n%s", code, out)
	}
	for _, want := range []string{
		"2 scenarios: 1 passed, 0 failed, 1 skipped\n", "1 scenarios skipped, not passed", "this machine has no flux capacitor",
		"--- SKIP: TestMetaChild/The_machine_lacks_what_this_scenario_needs",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output does not say %q:\n%s", want, out)
		}
	}
	junit, err := os.ReadFile(filepath.Join(dir, "junit.xml"))
	if err != nil || !strings.Contains(string(junit), `skipped="1"`) || !strings.Contains(string(junit), "<skipped") {
		t.Errorf("junit.xml does not report the scenario skipped (%v):\n%s", err, junit)
	}
}

func TestMetaLeakedGoroutineFails(t *testing.T) {
	expectFailure(t, "leak", "goroutine leak", `scenario "A goroutine outlives its scenario"`, "concspec.leakedForever")
}

// Scenarios run side by side, and a leak is reported against the scenario that made it and no
// other: the clean scenario checks for leaks after the other one has leaked, while it still
// runs, and passes.
func TestMetaLeakBesideAnotherScenarioIsThatScenariosAlone(t *testing.T) {
	out, code := runMeta(t, "sidebyside")
	if code == 0 {
		t.Fatalf("the leaking scenario should fail the run:\n%s", out)
	}
	for _, want := range []string{
		`scenario "The leaking one" left goroutines running`,
		"concspec.leakedForever",
		"--- FAIL: TestMetaChild/The_leaking_one",
		"--- PASS: TestMetaChild/The_clean_one",
		"2 scenarios: 1 passed, 1 failed, 0 skipped\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output does not say %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, `scenario "The clean one" left goroutines running`) {
		t.Errorf("the leak was reported against the clean scenario too:\n%s", out)
	}
}

func TestMetaHangIsStoppedWithGoroutineDump(t *testing.T) {
	expectFailure(t, "hang", "HANG", `scenario "A step never returns"`, "hang bound of 2s", "concspec.hungForever")
}

// When the hang bound stops the run, the reports are still written: the hung scenario failed
// with the dump, the scenario that ended as it ended, and the run's end saying it failed.
func TestMetaHangStillWritesEveryReport(t *testing.T) {
	dir := t.TempDir()
	out, code := runMeta(t, "hangreports", harness.EnvReports+"="+dir)
	if code != harness.HangExitCode {
		t.Fatalf("the run should stop with the hang's exit status %d, got %d:\n%s", harness.HangExitCode, code, out)
	}
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%s was not written: %v\n%s", name, err, out)
		}
		return string(data)
	}
	messages, junit, cucumber := read("messages.ndjson"), read("junit.xml"), read("cucumber.json")
	for _, want := range []string{`"testRunFinished":{`, `"success":false`, `"status":"FAILED"`, `HANG: still running after the hang bound of 2s`, `"status":"PASSED"`} {
		if !strings.Contains(messages, want) {
			t.Errorf("messages.ndjson does not hold %q:\n%s", want, messages)
		}
	}
	for _, want := range []string{`tests="2"`, `failures="1"`, `<testcase name="A step never returns"`, `<failure message="Given a step waits forever on a channel nobody closes: HANG`, `<testcase name="A scenario that ends well"`} {
		if !strings.Contains(junit, want) {
			t.Errorf("junit.xml does not hold %q:\n%s", want, junit)
		}
	}
	if !strings.Contains(cucumber, `"status": "failed"`) || !strings.Contains(cucumber, `"name": "A scenario that ends well"`) {
		t.Errorf("cucumber.json does not hold both scenarios, the hung one failed:\n%s", cucumber)
	}
}

// A corpus built without the race detector fails, rather than passing the scenarios whose
// claims rest on it.
func TestMetaCorpusWithoutTheRaceDetectorFails(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the corpus without -race")
	}
	bin := filepath.Join(t.TempDir(), "corpus-without-race.test")
	if out, err := exec.Command("go", "test", "-c", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("building the corpus without -race: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-test.run", "^TestFeatures$")
	cmd.Env = append(os.Environ(), harness.EnvTags+"=@R18 && ~@negative && ~@slow", harness.EnvReports+"=")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "this corpus was built without the race detector") {
		t.Fatalf("the corpus built without -race should fail saying so; err %v:\n%s", err, out)
	}
}

func TestMetaUndefinedStepFailsNamingFileAndLine(t *testing.T) {
	expectFailure(t, "undefined", "UNDEFINED undefined.feature:5: When 4 goroutines each incremnt it 100 times", "step is undefined")
}

func TestMetaArgumentOutOfRangeFailsNamingFileAndLine(t *testing.T) {
	expectFailure(t, "badrange", "FAILED badrange.feature:5: When -3 goroutines each increment it 100 times",
		`the number of goroutines must be a whole number from 1 to 1000000, got "-3"`)
}

func TestMetaUnknownImplementationFailsListingTheKnownOnes(t *testing.T) {
	expectFailure(t, "unknownimpl", "FAILED unknownimpl.feature:4:",
		`unknown counter implementation "mutexx"; known: atomic, mutex, owner, unsynchronised`)
}

func TestMetaMalformedTagExpressionFails(t *testing.T) {
	expectFailureWith(t, "passing", []string{harness.EnvTags + "=@R18 || @R19"}, `"@R18 || @R19" is not a tag`)
}

func TestMetaTagExpressionThatSelectsNothingFails(t *testing.T) {
	expectFailureWith(t, "passing", []string{harness.EnvTags + "=@R99"}, `no scenario ran (tags "@R99")`)
}

func TestMetaEmptyFeatureFails(t *testing.T) {
	expectFailure(t, "empty", "empty.feature has no scenarios")
}

// A scenario without steps is refused before the run: godog would fail the run for it while
// Cucumber's messages count it passed (the Compatibility Kit's empty sample).
func TestMetaScenarioWithoutStepsFails(t *testing.T) {
	expectFailure(t, "stepless", `stepless.feature: the scenario "A scenario without a single step" has no steps`)
}

func TestMetaHangingAfterHookIsStoppedWithGoroutineDump(t *testing.T) {
	expectFailure(t, "hookhang", "HANG", `scenario "A scenario whose After hook never returns"`, "concspec.afterHookHangs")
}

func TestMetaHangingChildIsStoppedByItsBound(t *testing.T) {
	expectFailure(t, "childhang", "FAILED childhang.feature:6: Then the child's loop ends", "stopped by the bound", "work.SpinUntil")
}

func TestMetaAmbiguousStepFails(t *testing.T) {
	expectFailure(t, "ambiguous", "ambiguous step definition", "a step that two definitions match")
}

func TestMetaPendingStepFails(t *testing.T) {
	expectFailure(t, "pending", "1 pending", "a step whose definition is still pending")
}

func TestMetaMalformedGherkinFails(t *testing.T) {
	expectFailure(t, "malformed", "malformed.feature", "(7:3)", "Parser errors", "does not parse")
}
