package taskgroups

import "github.com/concspec/concspec/internal/harness"

// The detectors of the task-group features: every check a task-group rule rests on runs through
// harness.Detect under one of these names, and each fires in at least one negative control, on
// a group broken in the way it looks for.
const (
	// joinCheck: Wait returned only once every task that had started had returned, and no task
	// it had taken started after it returned (R09; the returns-early and returns-at-first-error
	// groups).
	joinCheck harness.Detector = "join"
	// taskLedger: every task Go took is accounted for: it ran exactly once, started without
	// waiting for Wait, or was skipped once the group was cancelled (R09, R19; the
	// drops-when-full group).
	taskLedger harness.Detector = "task ledger"
	// limitCheck: never more tasks ran at once than the limit (R19; the exceeds-limit group).
	limitCheck harness.Detector = "limit"
	// limitReached: at one moment as many tasks ran as the limit allows (R19; the
	// falls-short-of-limit group).
	limitReached harness.Detector = "limit reached"
	// tryGoCheck: TryGo refused a task when every slot was taken (R19; the exceeds-limit group).
	tryGoCheck harness.Detector = "TryGo at the limit"
	// siblingCancel: the first failure cancelled every sibling when it happened, and each
	// observed it (R11, R14; the no-cancel group, and a task that ignores its context).
	siblingCancel harness.Detector = "sibling cancellation"
	// waitError: what Wait returned: the first error alone, or every error joined (R10, R13; the
	// swallows-errors group).
	waitError harness.Detector = "Wait's error"
	// contextEnded: once Wait had returned, whatever the tasks had started with their context
	// ended: Wait cancelled it (R11; the leaves-context-live group).
	contextEnded harness.Detector = "context ended by Wait"
	// causeCheck: context.Cause in a cancelled task is the error that cancelled it (R11; the
	// loses-cause group).
	causeCheck harness.Detector = "cancellation cause"
	// panicAsError: a task's panic became the error Wait returned, with its value and stack
	// (R14; the crashes-on-panic group, in a child process).
	panicAsError harness.Detector = "panic as error"
	// cancellationDepth: cancelling the root, or its deadline, reached the tasks of a group
	// nested in a task (R11; a nested group started from context.Background()).
	cancellationDepth harness.Detector = "cancellation depth"
	// deadlockDiagnosis: a call into the group that nothing can unblock fails at once, saying who
	// holds the slots and what they wait for (R19; siblings that fill every slot).
	deadlockDiagnosis harness.Detector = "deadlock diagnosis"
)

// detectors lists them for the concept.
var detectors = []harness.Detector{
	joinCheck, taskLedger, limitCheck, limitReached, tryGoCheck, siblingCancel, waitError,
	contextEnded, causeCheck, panicAsError, cancellationDepth, deadlockDiagnosis,
}
