package harness

import (
	"context"
	"fmt"

	"github.com/cucumber/godog"
)

// Skip ends the scenario as skipped — not passed — with the reason printed, attached to the
// step and counted at the end of the run. A step returns it when the machine cannot run the
// scenario (one core, a runtime that is not installed).
func Skip(ctx context.Context, reason string) error {
	s := current(ctx)
	if s == nil {
		return errNoScenario
	}
	s.run.locked(func() { s.run.scenarios-- }) // it started, but it checked nothing
	s.pending = append(s.pending, skipNote(reason))
	return s.run.skip(s.name, reason)
}

// skip records why a scenario is skipped, and returns the error that makes godog skip it; the
// caller attaches skipNote(reason) to the step, which the terminal prints under the scenario.
func (r *run) skip(name, reason string) error {
	r.locked(func() { r.skipped = append(r.skipped, name+": "+reason) })
	return fmt.Errorf("%w: %s", godog.ErrSkip, reason)
}

// skipNoteName names the attachment that says why a scenario was skipped.
const skipNoteName = "skipped"

func skipNote(reason string) godog.Attachment {
	return godog.Attachment{FileName: skipNoteName, MediaType: "text/plain", Body: []byte("skipped: " + reason)}
}
