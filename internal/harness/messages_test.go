package harness

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concspec/concspec/internal/cucumberschema"
	"github.com/concspec/concspec/internal/tooling"
	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v34"
)

// TestMessagesValidateAgainstTheSchema runs a feature whose steps end in every status godog
// knows, writes Cucumber Messages, and checks every line against the schema @cucumber/messages
// ships (installed by `make tools`).
func TestMessagesValidateAgainstTheSchema(t *testing.T) {
	schema := loadSchema(t)
	out := runForMessages(t, "testdata/messages")
	kinds, err := schema.Validate(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("messages.ndjson does not follow the schema:\n%v", err)
	}
	for kind, want := range map[string]int{
		"meta": 1, "source": 1, "gherkinDocument": 1, "pickle": 7, "testRunStarted": 1, "testRunFinished": 1,
		"testCase": 7, "testCaseStarted": 7, "testCaseFinished": 7, "attachment": 1,
		"testStepStarted": 20, "testStepFinished": 20, "stepDefinition": 7,
	} {
		if kinds[kind] != want {
			t.Errorf("%d %s messages, want %d (all: %v)", kinds[kind], kind, want, kinds)
		}
	}
	for _, status := range []string{"PASSED", "FAILED", "SKIPPED", "PENDING", "UNDEFINED", "AMBIGUOUS"} {
		if !bytes.Contains(out, []byte(`"status":"`+status+`"`)) {
			t.Errorf("no step finished %s", status)
		}
	}
	if !bytes.Contains(out, []byte(`"success":false`)) {
		t.Error("the run failed but testRunFinished does not say so")
	}
}

// The validation must be able to fail: a message the schema forbids is reported with its line.
func TestSchemaRejectsAMalformedEnvelope(t *testing.T) {
	schema := loadSchema(t)
	bad := `{"testRunStarted":{"timestamp":{"seconds":1,"nanos":0}}}
{"testStepFinished":{"testCaseStartedId":"1","testStepId":"2","timestamp":{"seconds":1,"nanos":0},"testStepResult":{"status":"GREEN","duration":{"seconds":0,"nanos":0}}}}
{"noSuchMessage":{}}
`
	_, err := schema.Validate(strings.NewReader(bad))
	if err == nil || !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), "line 3") || strings.Contains(err.Error(), "line 1:") {
		t.Fatalf("want lines 2 and 3 reported, and only them; got %v", err)
	}
}

func loadSchema(t *testing.T) *cucumberschema.Schema {
	t.Helper()
	path := filepath.Join("..", "..", cucumberschema.SchemaPath)
	if _, err := os.Stat(path); err != nil {
		tooling.Missing(t, "the @cucumber/messages schema ("+cucumberschema.SchemaPath+"): run `make tools`")
	}
	s, err := cucumberschema.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// runForMessages runs the features in dir through godog with the messages formatter alone.
func runForMessages(t *testing.T, dir string) []byte {
	t.Helper()
	file := filepath.Join(t.TempDir(), "messages.ndjson")
	suite := godog.TestSuite{
		Name: "messages",
		ScenarioInitializer: func(sc *godog.ScenarioContext) {
			pass := func() error { return nil }
			sc.Step(`^a step that passes$`, pass)
			sc.Step(`^a step attaches a figure$`, func(ctx context.Context) (context.Context, error) {
				return godog.Attach(ctx, attachment("a figure", []byte(`{"value":1.5}`))), nil
			})
			sc.Step(`^a step that fails$`, func() error { return errors.New("it failed") })
			sc.Step(`^a step that is pending$`, func() error { return godog.ErrPending })
			sc.Step(`^a step that two definitions match$`, pass)
			sc.Step(`^a step that two definitions (\w+)$`, func(string) error { return nil })
			sc.Step(`^a step takes (\d+) and (\d+)$`, func(int, int) error { return nil })
			sc.Step(`^a step with a table$`, func(*godog.Table) error { return nil })
			sc.Step(`^a step with a doc string$`, func(*godog.DocString) error { return nil })
		},
		Options: &godog.Options{Paths: []string{dir}, Format: messagesFormat + ":" + file, Strict: true, Concurrency: 1, Output: &bytes.Buffer{}},
	}
	if suite.Run() == 0 {
		t.Fatal("the run with failing, pending, undefined and ambiguous steps passed")
	}
	out, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A scenario godog announced and `go test -run` then left out ran neither a hook nor a step:
// the reports leave it out, where they would otherwise show it undefined.
func TestAScenarioThatNeverRanIsLeftOut(t *testing.T) {
	p := &messages.Pickle{Id: "p", Steps: []*messages.PickleStep{{Id: "s", Text: "a step"}}}
	if !neverRan(&caseRecord{pickle: p}) {
		t.Error("a scenario with no hook and no step run is counted as run")
	}
	if neverRan(&caseRecord{pickle: p, steps: []*stepRecord{{step: p.Steps[0]}}}) {
		t.Error("a scenario a step of which ran is counted as never run")
	}
	traces.Store(p, &caseTrace{})
	defer traces.Delete(p)
	if neverRan(&caseRecord{pickle: p}) {
		t.Error("a scenario whose hooks ran (it hung or was skipped before its first step) is counted as never run")
	}
}
