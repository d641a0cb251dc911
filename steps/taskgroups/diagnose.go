package taskgroups

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/shared"
)

// Every wait of these steps is bounded, and one that cannot end fails its scenario at once with
// a diagnosis: harness.Call runs a call into the group (Go, TryGo) or a wait for the group's
// tasks in a goroutine of the scenario, and fails as soon as the scenario goes quiet with the
// call still blocked, saying — from the ledger — who holds the group's slots and what they wait
// for, followed by the scenario's goroutines.

// call runs fn (a call into the group that may block) through harness.Call, diagnosed with
// what l knows. It keeps the call's end, so that the scenario's end (or a step that resolves a
// deadlock) can wait for a call left blocked.
//
// A call that nothing can unblock is the deadlock diagnosis's verdict: with that detector off
// the step goes on as if the call had returned, and whatever it does next shows the deadlock no
// longer said at once.
func (s *state) call(ctx context.Context, l *ledger, what string, fn func(), head func() (string, string)) error {
	done := make(chan struct{})
	s.group.calls = append(s.group.calls, done)
	err := harness.Call(ctx, what, func() {
		defer close(done)
		fn()
	}, func([]harness.Goroutine) string { return l.explain(head()) })
	if errors.Is(err, harness.ErrStuck) {
		return harness.Detect(ctx, deadlockDiagnosis, func() error { return err })
	}
	return err
}

// settle waits for done: it fails at once, with the diagnosis, when the scenario goes quiet while
// done is still open, since nothing can close it then. The goroutine that waits ends when settle
// returns, so that a negative control, which goes on once the wait has failed, leaves nothing.
func settle(ctx context.Context, l *ledger, done <-chan struct{}, what string, head func() string) error {
	waitCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	return shared.Settle(waitCtx, done, what, func([]harness.Goroutine) string { return l.explain(head(), "") })
}

// submit hands each task to the group's Go, one after another, in a goroutine of the scenario:
// a Go that blocks with nothing left to move it fails the step at once, saying why.
func (s *state) submit(ctx context.Context, l *ledger, tasks []*taskRecord, body func(t *taskRecord) func(context.Context) error) error {
	g := s.group.group
	return s.call(ctx, l, fmt.Sprintf("the %s's Go", l.group), func() {
		for _, t := range tasks {
			g.Go(l.run(t, body(t)))
			l.accept(t)
		}
	}, func() (string, string) { return "Go is blocked", l.pending(tasks) })
}

// awaitStarted waits until every one of tasks has started, or fails as soon as none of them can.
// Once the group is cancelled (a deadline that passed while the tasks were being handed over),
// a task it has not started may be skipped: the contract allows it, and it is not waited for.
func awaitStarted(ctx context.Context, l *ledger, tasks []*taskRecord) error {
	for _, t := range tasks {
		if l.skipped(ctx, t) {
			continue
		}
		head := func() string {
			var waiting []string
			for _, v := range l.of(tasks) {
				if !v.started {
					waiting = append(waiting, v.t.name)
				}
			}
			verb := "has"
			if len(waiting) > 1 {
				verb = "have"
			}
			return fmt.Sprintf("%s %s not started", names(waiting), verb)
		}
		if err := settle(ctx, l, t.started, "the wait for "+t.name+" to start", head); err != nil {
			return err
		}
	}
	return nil
}

// letGo lets the held tasks return, in the order given, and waits after each batch until the
// scenario is quiet: the first alone, then batches that double (1, 1, 2, 4, …), so that a Wait
// that returns too early — at the first return or the first error, or any time before the last —
// has returned while others are still held, and the ledger shows it, at the cost of a few looks
// at the goroutines however many tasks there are. A task that starts only once another has made
// room (a group that queues) is let go in its turn; one that never starts (skipped) is not
// waited for.
func letGo(ctx context.Context, l *ledger, tasks []*taskRecord) error {
	opened := make([]bool, len(tasks))
	for round := 0; ; round++ {
		batch := 1
		if round > 1 {
			batch = 1 << min(round-1, 30)
		}
		var next []int
		for i, v := range l.of(tasks) {
			if v.started && !v.finished && !opened[i] && len(next) < batch {
				next = append(next, i)
			}
		}
		if len(next) == 0 {
			return nil
		}
		for _, i := range next {
			opened[i] = true
			tasks[i].hold.Open()
		}
		// A task let go returns by itself, whatever the group does: wait for that first, so that
		// the look for quiet below is about the group alone.
		for _, i := range next {
			if err := harness.Await(ctx, tasks[i].returned, tasks[i].name+" to return once let go"); err != nil {
				return err
			}
		}
		if _, err := harness.AwaitQuiet(ctx, fmt.Sprintf("the %s to settle after %s was let go", l.group, names(namesOf(tasks, next)))); err != nil {
			return err
		}
	}
}

// namesOf names the tasks at the indices.
func namesOf(tasks []*taskRecord, indices []int) []string {
	out := make([]string, len(indices))
	for i, j := range indices {
		out[i] = tasks[j].name
	}
	return out
}

// stuck is the error of a step that found the scenario quiet, and so stuck, with what it awaited
// not done: the diagnosis, then the scenario's goroutines.
func stuck(why string, parked []harness.Goroutine) error {
	return fmt.Errorf("%w: nothing in the scenario can move: %s; the scenario's goroutines follow:\n\n%s", harness.ErrStuck, why, harness.Stacks(parked))
}

// pending says which of tasks Go was handed last and which are still to come: "Go was handed
// sibling 3, with sibling 4 and the task to fail with "boom" still to come".
func (l *ledger) pending(tasks []*taskRecord) string {
	var todo []string
	for _, v := range l.of(tasks) {
		if !v.accepted && !v.started {
			todo = append(todo, v.t.name)
		}
	}
	l.mu.Lock()
	if l.planned != "" {
		todo = append(todo, fmt.Sprintf("the task to fail with %q", l.planned))
	}
	l.mu.Unlock()
	if len(todo) == 0 {
		return ""
	}
	out := "Go was handed " + todo[0]
	if len(todo) > 1 {
		out += ", with " + names(todo[1:]) + " still to come"
	}
	return out
}

// explain says, from the ledger, why the group cannot go on. head names what is stuck ("Go is
// blocked"); explain adds who holds the group's slots and what they wait for, what is queued,
// then more (what a step still means to submit, if not empty): "Go is blocked: the group's 2
// slots are held by tasks waiting for a cancellation that only the failing task, not yet
// started, can bring (…)".
func (l *ledger) explain(head, more string) string {
	views := l.view()
	var running, queued []taskView
	for _, v := range views {
		switch {
		case v.started && !v.finished:
			running = append(running, v)
		case v.accepted && !v.started:
			queued = append(queued, v)
		}
	}
	l.mu.Lock()
	failure, planned := l.failure, l.planned
	l.mu.Unlock()
	failureRan := failure != nil && slices.ContainsFunc(views, func(v taskView) bool { return v.t == failure && v.started })
	waitersOnly := len(running) > 0 && !slices.ContainsFunc(running, func(v taskView) bool { return v.doing != doingWaitsOnContext })

	var b strings.Builder
	b.WriteString(head)
	switch {
	case l.limit > 0 && len(running) > l.limit:
		fmt.Fprintf(&b, ": %d tasks run at once, more than the group's limit of %d", len(running), l.limit)
	case l.limit > 0 && len(running) == l.limit:
		fmt.Fprintf(&b, ": the group's %d slots are held by %s", l.limit, holders(running, waitersOnly, failure, failureRan, planned))
	case len(running) > 0:
		fmt.Fprintf(&b, ": %d task(s) are running", len(running))
		if l.limit > 0 {
			fmt.Fprintf(&b, ", so %d of the group's %d slots are free", l.limit-len(running), l.limit)
		}
	default:
		b.WriteString(": no task is running")
		if l.limit > 0 {
			fmt.Fprintf(&b, ", so every one of the group's %d slots is free", l.limit)
		}
	}
	if len(running) > 0 {
		b.WriteString(" (" + doings(running) + ")")
	}
	if len(queued) > 0 {
		verb := "has"
		if len(queued) > 1 {
			verb = "have"
		}
		fmt.Fprintf(&b, "; Go took %s, which %s not started", names(nameList(queued)), verb)
		if l.limit > 0 && len(running) >= l.limit {
			b.WriteString(": they wait for a slot")
		}
	}
	if more != "" {
		b.WriteString("; " + more)
	}
	if l.limit > 0 && len(running) >= l.limit && waitersOnly && !failureRan && (failure != nil || planned != "") {
		b.WriteString(". A limited group needs a free slot for the task whose failure would cancel the others: " +
			"give it a limit above the number of tasks that wait on their context, or start the failing task first")
	}
	return b.String()
}

// holders says what the tasks holding every slot wait for.
func holders(running []taskView, waitersOnly bool, failure *taskRecord, failureRan bool, planned string) string {
	switch {
	case waitersOnly && !failureRan && (failure != nil || planned != ""):
		return "tasks waiting for a cancellation that only the failing task, not yet started, can bring"
	case waitersOnly && failureRan:
		return fmt.Sprintf("tasks waiting for a cancellation that the failure of %s did not bring", failure.name)
	case waitersOnly:
		return "tasks waiting for a cancellation that nothing in the scenario brings"
	case !slices.ContainsFunc(running, func(v taskView) bool { return v.doing != doingHeld && v.doing != doingHeldRound }):
		return "tasks the step holds until it lets them return"
	}
	return "tasks that have not returned"
}

// doings says what each task is doing: "sibling 1 waits on its context, sibling 2 …".
func doings(views []taskView) string {
	parts := make([]string, len(views))
	for i, v := range views {
		doing := v.doing
		if doing == "" {
			doing = "runs"
		}
		parts[i] = v.t.name + " " + doing
	}
	return strings.Join(parts, ", ")
}

func nameList(views []taskView) []string {
	out := make([]string, len(views))
	for i, v := range views {
		out[i] = v.t.name
	}
	return out
}

// skipped says whether the group skipped t: t has not started, the group is cancelled, and
// nothing in the scenario moves any more, so it never will.
func (l *ledger) skipped(ctx context.Context, t *taskRecord) bool {
	if l.of([]*taskRecord{t})[0].started || !l.cancelled() {
		return false
	}
	if _, err := harness.AwaitQuiet(ctx, "the group to skip or start "+t.name); err != nil {
		return false // the wait that follows says what moves
	}
	return !l.of([]*taskRecord{t})[0].started
}
