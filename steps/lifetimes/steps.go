package lifetimes

import (
	"context"
	"fmt"
	"strings"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/cucumber/godog"
)

// The detectors of the feature's rules.
const (
	// errorHeard is the ledger of rule R10: every error a task produced was heard by someone.
	errorHeard harness.Detector = "error ledger"
	// receiverReturns is rule R12's check: a receiver returns once its context is cancelled.
	receiverReturns harness.Detector = "receiver returns"
	// allResultsArrive is rule R21's check: every result the tasks produced was delivered.
	allResultsArrive harness.Detector = "all results arrive"
)

// state is what one scenario's lifetime steps share. Every goroutine a scenario starts here ends
// once release is opened, which the scenario's cleanup does at the latest, so a negative
// control's leak is let go before the harness's own leak check.
type state struct {
	cat     *catalog.Catalog
	release *stepkit.Gate
	task    forgotten
	recv    receiving
	results collected
}

// register adds the feature's steps but one: "a task that fails with … is started in the group
// and the group is waited for" needs the scenario's task group, and steps/taskgroups has it.
func register(sc *godog.ScenarioContext, cat *catalog.Catalog) {
	s := &state{cat: cat}
	sc.When(stepkit.Re(`^a task that fails with "([^"]+)" is started fire-and-forget$`), s.taskFiredAndForgotten)
	sc.Then(stepkit.Re(`^once the task has ended, the check that its error was heard fails: the ledger counts (\d+) produced and (\d+) heard$`), s.errorHeardFails)
	sc.When(stepkit.Re(`^a goroutine waits to receive from a channel nobody sends to, (selecting on its context|with no way to stop it)$`), s.receiverWaits)
	sc.When(stepkit.Re(`^its context is cancelled$`), s.cancelReceiver)
	sc.Then(stepkit.Re(`^the receiver returns "([^"]+)"$`), s.receiverReturned)
	sc.Then(stepkit.Re(`^the check that the receiver returns "([^"]+)" fails$`), s.receiverCheckFails)
	sc.When(stepkit.Re(`^(-?\d+) tasks hand their results to "(Collect|CollectWithoutWait)"$`), s.collectResults)
	sc.Then(stepkit.Re(`^all (\d+) results arrive$`), s.allArrive)
	sc.Then(stepkit.Re(`^the check that all (\d+) results arrive fails, with (\d+) of them lost$`), s.allArriveFails)
	sc.Then(stepkit.Re(`^the leak check reports a goroutine in "([^"]+)"$`), leakReported)
}

// gate is the scenario's release gate, made on first use and opened when the scenario ends.
func (s *state) gate(ctx context.Context) (*stepkit.Gate, error) {
	if s.release == nil {
		s.release = stepkit.NewGate()
		if err := harness.Cleanup(ctx, s.release.Open); err != nil {
			return nil, err
		}
	}
	return s.release, nil
}

func leakReported(ctx context.Context, function string) error {
	report, err := harness.Leaks(ctx)
	if err != nil {
		return err
	}
	if report == "" || !strings.Contains(report, function) {
		return fmt.Errorf("the leak check should report a goroutine in %q; it reported: %q", function, report)
	}
	return nil
}
