package harness

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v34"
)

// The leak check fails the After hook's test step, not the scenario's last step (which passed),
// and a capability skip's reason is attached to the Before hook's step, which is skipped along
// with the scenario's steps.
func TestTheHarnessHooksAreTestStepsOfTheirOwn(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	out := filepath.Join(t.TempDir(), "messages.ndjson")
	r := newRun(Suite{HangBound: 4 * time.Second, Subjects: []Subject{{Name: "outsider"}}})
	suite := godog.TestSuite{
		Name: "hooks",
		ScenarioInitializer: func(sc *godog.ScenarioContext) {
			h := instrument(sc)
			r.beforeScenario(h)
			sc.Step(`^a step that passes$`, pass)
			sc.Step(`^a step leaves a goroutine running$`, func(ctx context.Context) error {
				go func() { <-release }()
				return nil
			})
			r.afterScenario(h)
		},
		Options: &godog.Options{Paths: []string{"testdata/hooks"}, Format: messagesFormat + ":" + out, Strict: true, Concurrency: 1, Output: &bytes.Buffer{}},
	}
	if suite.Run() == 0 {
		t.Fatal("the run with a leak passed")
	}
	steps := testStepsByScenario(t, readFile(t, out))
	leaky := steps["a step that leaves a goroutine running"]
	if got := leaky.statuses(); got != "hook PASSED, PASSED, PASSED, hook FAILED" {
		t.Fatalf("the leaking scenario's test steps ended %s, want the After hook alone failed", got)
	}
	if msg := leaky[3].result.Message; !strings.Contains(msg, "goroutine leak") {
		t.Errorf("the After hook's step says %q, not that a goroutine leaked", msg)
	}
	skippedCase := steps["a scenario that needs what its implementation lacks"]
	if got := skippedCase.statuses(); got != "hook SKIPPED, SKIPPED, hook PASSED" {
		t.Fatalf("the skipped scenario's test steps ended %s", got)
	}
	if len(skippedCase[0].attachments) != 1 || !strings.Contains(skippedCase[0].attachments[0], "does not declare recovers-panics") {
		t.Errorf("the Before hook's step carries %q, not the reason of the skip", skippedCase[0].attachments)
	}
	if len(skippedCase[1].attachments) != 0 {
		t.Errorf("the reason is on the scenario's step too: %q", skippedCase[1].attachments)
	}
}

type testStepRun struct {
	hook        bool
	result      *messages.TestStepResult
	attachments []string
}

type testStepRuns []*testStepRun

func (runs testStepRuns) statuses() string {
	var out []string
	for _, r := range runs {
		s := string(r.result.Status)
		if r.hook {
			s = "hook " + s
		}
		out = append(out, s)
	}
	return strings.Join(out, ", ")
}

// testStepsByScenario reads the test steps each scenario ran, by the scenario's name.
func testStepsByScenario(t *testing.T, ndjson []byte) map[string]testStepRuns {
	t.Helper()
	names, hooks, byStep := map[string]string{}, map[string]bool{}, map[string]*testStepRun{}
	caseOf, startedCase := map[string]string{}, map[string]string{}
	out := map[string]testStepRuns{}
	scanner := bufio.NewScanner(bytes.NewReader(ndjson))
	scanner.Buffer(make([]byte, 1<<20), 16<<20)
	for scanner.Scan() {
		var e messages.Envelope
		if err := json.Unmarshal(scanner.Bytes(), &e); err != nil {
			t.Fatal(err)
		}
		switch {
		case e.Pickle != nil:
			names[e.Pickle.Id] = e.Pickle.Name
		case e.TestCase != nil:
			caseOf[e.TestCase.Id] = names[e.TestCase.PickleId]
			for _, s := range e.TestCase.TestSteps {
				hooks[s.Id] = s.HookId != ""
			}
		case e.TestCaseStarted != nil:
			startedCase[e.TestCaseStarted.Id] = caseOf[e.TestCaseStarted.TestCaseId]
		case e.TestStepStarted != nil:
			r := &testStepRun{hook: hooks[e.TestStepStarted.TestStepId]}
			byStep[e.TestStepStarted.TestStepId] = r
			name := startedCase[e.TestStepStarted.TestCaseStartedId]
			out[name] = append(out[name], r)
		case e.Attachment != nil:
			byStep[e.Attachment.TestStepId].attachments = append(byStep[e.Attachment.TestStepId].attachments, e.Attachment.Body)
		case e.TestStepFinished != nil:
			byStep[e.TestStepFinished.TestStepId].result = e.TestStepFinished.TestStepResult
		}
	}
	return out
}
