package harness

import (
	"slices"

	messages "github.com/cucumber/messages/go/v34"
)

// outcomes are the ways a scenario can end, from the one that decides first: a step that
// failed (or never finished: a hang) fails the scenario whatever else happened, then a step
// that is ambiguous, undefined or pending; else a skipped step makes the scenario skipped,
// even after steps that passed (harness.Skip may end a scenario once it has measured the
// machine); else it passed.
var outcomes = []messages.TestStepResultStatus{
	messages.TestStepResultStatus_FAILED,
	messages.TestStepResultStatus_UNKNOWN,
	messages.TestStepResultStatus_AMBIGUOUS,
	messages.TestStepResultStatus_UNDEFINED,
	messages.TestStepResultStatus_PENDING,
	messages.TestStepResultStatus_SKIPPED,
}

// outcome is how a scenario ended, from its steps' statuses (see outcomes). A scenario without
// steps is undefined, as godog has it: the run fails on it.
func outcome(statuses []messages.TestStepResultStatus) messages.TestStepResultStatus {
	if len(statuses) == 0 {
		return messages.TestStepResultStatus_UNDEFINED
	}
	for _, o := range outcomes {
		if slices.Contains(statuses, o) {
			return o
		}
	}
	return messages.TestStepResultStatus_PASSED
}
