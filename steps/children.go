package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/concspec/concspec/harness"
	"github.com/cucumber/godog"
)

// childState is the last child process a scenario ran.
type childState struct {
	ran    bool
	race   bool
	result harness.ChildResult
}

const raceWarning = "WARNING: DATA RACE"

func (w *world) registerChildren(sc *godog.ScenarioContext) {
	sc.Then(re(`^the race detector reports a data race$`), w.raceReported)
	sc.Then(re(`^the race report points at "([^"]+)"$`), w.raceReportPointsAt)
	sc.Then(re(`^the race detector reports nothing$`), w.noRaceReported)
	sc.Then(re(`^the child process exits normally$`), w.childExitedNormally)
}

// runChild runs a control in a child process, keeps the result for the Then steps, and decodes
// the JSON the control prints into out.
func (w *world) runChild(ctx context.Context, race bool, out any, args ...string) error {
	res, err := harness.RunChild(ctx, harness.Child{Race: race, Args: args})
	if err != nil {
		return err
	}
	w.child = childState{ran: true, race: race, result: res}
	if res.ExitCode != 0 {
		return nil // the Then steps say whether that was expected
	}
	if err := json.Unmarshal([]byte(res.Stdout), out); err != nil {
		return fmt.Errorf("the child's output is not the JSON it should print: %w\n%s", err, w.childOutput())
	}
	return nil
}

func (w *world) childOutput() string {
	r := w.child.result
	how := fmt.Sprintf("exit status %d after %s", r.ExitCode, r.Elapsed)
	if r.StoppedByBound {
		how = fmt.Sprintf("still running after %s: stopped by the bound (its goroutines are dumped below)", r.Elapsed)
	}
	return fmt.Sprintf("%s\n--- stdout\n%s--- stderr\n%s", how, r.Stdout, r.Stderr)
}

func (w *world) needChild(race bool) error {
	switch {
	case !w.child.ran:
		return fmt.Errorf("no child process has run in this scenario")
	case race && !w.child.race:
		return fmt.Errorf("the child process was built without the race detector, so it cannot report a race")
	}
	return nil
}

func (w *world) raceReported(ctx context.Context) error {
	if err := w.needChild(true); err != nil {
		return err
	}
	r := w.child.result
	if r.ExitCode != harness.RaceExitCode || !strings.Contains(r.Stderr, raceWarning) {
		return fmt.Errorf("expected the race detector to halt the child with status %d and %q; got:\n%s",
			harness.RaceExitCode, raceWarning, w.childOutput())
	}
	return harness.Record(ctx, harness.Figure{
		Name: "race-detector child run", Value: r.Elapsed.Seconds(), Unit: "s",
		Settings: map[string]string{"GORACE": strings.TrimPrefix(harness.RaceEnv, "GORACE=")},
	})
}

func (w *world) raceReportPointsAt(frame string) error {
	if err := w.needChild(true); err != nil {
		return err
	}
	stderr := w.child.result.Stderr
	at := strings.Index(stderr, raceWarning)
	if at < 0 || !strings.Contains(stderr[at:], frame) {
		return fmt.Errorf("expected a race report that points at %q; got:\n%s", frame, w.childOutput())
	}
	return nil
}

func (w *world) noRaceReported() error {
	if err := w.needChild(true); err != nil {
		return err
	}
	if strings.Contains(w.child.result.Stderr, raceWarning) || w.child.result.ExitCode != 0 {
		return fmt.Errorf("expected a clean exit with no race report; got:\n%s", w.childOutput())
	}
	return nil
}

func (w *world) childExitedNormally() error {
	if err := w.needChild(false); err != nil {
		return err
	}
	if w.child.result.ExitCode != 0 {
		return fmt.Errorf("expected the child process to exit with status 0; got:\n%s", w.childOutput())
	}
	return nil
}
