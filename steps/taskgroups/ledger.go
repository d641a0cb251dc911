package taskgroups

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/concspec/concspec/steps/internal/stepkit"
)

// ledger records every task a scenario hands to one group: whether Go accepted it, whether it
// started (and how often), what it is doing, whether it returned and with what — and, at the
// moment the group's Wait returned, which tasks had started and which had returned. From it the
// steps judge the join on every path (Wait returns only once every task that started has
// returned), tell a task the group was allowed to skip from one it lost, measure how many tasks
// ran at once, and say in words who holds what when a call into the group blocks.
type ledger struct {
	// group names the group in messages: "the errgroup group".
	group string
	// root is the context the group was started from: once it (or the context the group gives
	// its tasks) is cancelled, the group may skip the tasks it has not started.
	root context.Context
	// limit is the group's limit, 0 for none.
	limit int
	// all is opened when the scenario ends: every held task lets go.
	all *stepkit.Gate

	mu    sync.Mutex
	tasks []*taskRecord
	// running is how many tasks are inside their function now; peak the most there ever were.
	running, peak int
	// returns counts the returns, to number them.
	returns int
	// failure is the task a step submitted to fail, or is about to submit (planned).
	failure *taskRecord
	planned string
	// waitStarted and waitReturned say that the group's Wait was called, and has returned (or
	// panicked); cancelledAtWait whether the group was cancelled when it was called.
	waitStarted, waitReturned, cancelledAtWait bool
	// atWait is each task's progress at the moment Wait returned.
	atWait []progress
}

// progress is how far a task had got at one moment.
type progress struct{ started, returned bool }

// taskRecord is one task in the ledger. Its channels are closed once each; the fields below mu
// are guarded by the ledger's mutex.
type taskRecord struct {
	// name says which task it is in messages: "sibling 2", `the task failing with "boom"`.
	name string
	// index is its place in the ledger.
	index int
	// want is the error the task fails with on its own; nil for a task that does not.
	want error
	// hold is opened to let a held task return (for a sibling: its work is released).
	hold *stepkit.Gate
	// started, observed and returned are closed at its first start, when it saw its context
	// done, and at its first return.
	started, observed, returned chan struct{}

	accepted           bool // Go (or TryGo) returned, having taken it
	starts             int
	finished           bool
	observedBeforeWait bool
	// cancelledBeforeWait: its context was cancelled when Wait was called.
	cancelledBeforeWait bool
	ctx                 context.Context
	err                 error
	returnNumber        int
	doing               string
}

// What a task can be doing, for the diagnoses.
const (
	doingWaitsOnContext = "waits on its context"
	doingHeldObserved   = "has observed cancellation and is held until the step lets it return"
	doingIgnores        = "ignores its context and waits to be let go"
	doingHeld           = "is held until the step lets it return"
	doingHeldRound      = "is held until the step lets its round go"
	doingRunsInner      = "waits for the inner group it started"
	doingFails          = "returns its error"
	doingStartsWatcher  = "starts a watcher on its context and returns"
)

func newLedger(group string, root context.Context, limit int) *ledger {
	return &ledger{group: group, root: root, limit: limit, all: stepkit.NewGate()}
}

// add records a task the scenario is about to hand to the group.
func (l *ledger) add(name string, want error) *taskRecord {
	t := &taskRecord{
		name: name, want: want, hold: stepkit.NewGate(),
		started: make(chan struct{}), observed: make(chan struct{}), returned: make(chan struct{}),
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	t.index = len(l.tasks)
	l.tasks = append(l.tasks, t)
	select {
	case <-l.all.Wait():
		t.hold.Open() // the scenario has ended: nothing is held any more
	default:
	}
	return t
}

// addFailure records the task that fails with msg.
func (l *ledger) addFailure(msg string, want error) *taskRecord {
	return l.addFailing(fmt.Sprintf("the task failing with %q", msg), want)
}

// addFailing records a task whose failure (an error, or a panic: want nil) is to cancel the
// others.
func (l *ledger) addFailing(name string, want error) *taskRecord {
	t := l.add(name, want)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.failure, l.planned = t, ""
	return t
}

// failing returns the task failing with the error whose text is msg, if the ledger has one.
func (l *ledger) failing(msg string) *taskRecord {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, t := range l.tasks {
		if t.want != nil && t.want.Error() == msg {
			return t
		}
	}
	return nil
}

// plan says that a task failing with msg will be submitted once the tasks before it run.
func (l *ledger) plan(msg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.planned = msg
}

// run wraps body as the function handed to Go: it records the start, the context the group
// gave, what body returned and the return (a panic, which it lets through, returns too).
func (l *ledger) run(t *taskRecord, body func(ctx context.Context) error) func(context.Context) error {
	return func(ctx context.Context) (err error) {
		l.start(t, ctx)
		defer func() { l.finish(t, err) }()
		return body(ctx)
	}
}

func (l *ledger) start(t *taskRecord, ctx context.Context) {
	l.mu.Lock()
	defer l.mu.Unlock()
	t.starts++
	if t.starts == 1 {
		t.ctx = ctx
		close(t.started)
	}
	l.running++
	l.peak = max(l.peak, l.running)
}

func (l *ledger) finish(t *taskRecord, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.running--
	l.returns++
	if !t.finished {
		t.finished, t.err, t.returnNumber = true, err, l.returns
		close(t.returned)
	}
}

// accept records that Go (or TryGo) took the task.
func (l *ledger) accept(t *taskRecord) {
	l.mu.Lock()
	defer l.mu.Unlock()
	t.accepted = true
}

// set records what the task is doing now.
func (l *ledger) set(t *taskRecord, doing string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	t.doing = doing
}

// observe records that the task saw its context done.
func (l *ledger) observe(t *taskRecord) {
	l.mu.Lock()
	defer l.mu.Unlock()
	t.observedBeforeWait = !l.waitStarted
	t.doing = doingHeldObserved
	close(t.observed)
}

// hold blocks the task until the step, or the scenario's end, lets it go.
func (l *ledger) hold(t *taskRecord) {
	select {
	case <-t.hold.Wait():
	case <-l.all.Wait():
	}
}

// openAll lets every task go: the scenario is ending, or resolving a deadlock.
func (l *ledger) openAll() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.all.Open()
	for _, t := range l.tasks {
		t.hold.Open()
	}
}

// cancelledLocked says whether the group is cancelled: its root, or the context it gave any task
// that started. l.mu is held.
func (l *ledger) cancelledLocked() bool {
	if l.root.Err() != nil {
		return true
	}
	for _, t := range l.tasks {
		if t.ctx != nil && t.ctx.Err() != nil {
			return true
		}
	}
	return false
}

func (l *ledger) cancelled() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.cancelledLocked()
}

// waitCalled records that Wait is being called now.
func (l *ledger) waitCalled() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.waitStarted, l.cancelledAtWait = true, l.cancelledLocked()
	for _, t := range l.tasks {
		t.cancelledBeforeWait = t.ctx != nil && t.ctx.Err() != nil
	}
}

// waitDone records each task's progress at the moment Wait returned (or panicked).
func (l *ledger) waitDone() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.waitReturned = true
	l.atWait = make([]progress, len(l.tasks))
	for i, t := range l.tasks {
		l.atWait[i] = progress{started: t.starts > 0, returned: t.finished}
	}
}

// waitDoneYet says whether the group's Wait has returned (or panicked).
func (l *ledger) waitDoneYet() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.waitReturned
}

// taskView is a copy of a task's record, read under the ledger's mutex; t is the record itself,
// for what never changes (its name, its error, its channels).
type taskView struct {
	t                                                                    *taskRecord
	accepted, started, finished, observedBeforeWait, cancelledBeforeWait bool
	err                                                                  error
	ctx                                                                  context.Context
	returnNumber                                                         int
	doing                                                                string
}

// view copies the records, so that steps and diagnoses read them without racing the tasks.
func (l *ledger) view() []taskView {
	l.mu.Lock()
	defer l.mu.Unlock()
	views := make([]taskView, len(l.tasks))
	for i, t := range l.tasks {
		views[i] = viewOf(t)
	}
	return views
}

// of returns the views of the given tasks of the ledger, in their order.
func (l *ledger) of(tasks []*taskRecord) []taskView {
	l.mu.Lock()
	defer l.mu.Unlock()
	views := make([]taskView, len(tasks))
	for i, t := range tasks {
		views[i] = viewOf(l.tasks[t.index])
	}
	return views
}

// viewOf copies t; the ledger's mu is held.
func viewOf(t *taskRecord) taskView {
	return taskView{
		t: t, accepted: t.accepted, started: t.starts > 0, finished: t.finished,
		observedBeforeWait: t.observedBeforeWait, cancelledBeforeWait: t.cancelledBeforeWait, err: t.err, ctx: t.ctx,
		returnNumber: t.returnNumber, doing: t.doing,
	}
}

// peakRunning is the most tasks that were ever inside their function at once.
func (l *ledger) peakRunning() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.peak
}

// unstartedAtWait says whether a task Go had taken had not started when Wait returned: it may
// start later (a Wait that did not wait for it) or never (a task the group skipped).
func (l *ledger) unstartedAtWait() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, p := range l.atWait {
		if l.tasks[i].accepted && !p.started {
			return true
		}
	}
	return false
}

// joinFault says how Wait broke the join, or "" if it did not: it returned while a task that
// had started was still running, or before a task it had taken had started, which then started
// later. Call it once Wait has returned and the scenario has settled.
func (l *ledger) joinFault() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var running, late []string
	total := 0
	for i, p := range l.atWait {
		t := l.tasks[i]
		if !t.accepted && t.starts == 0 {
			continue // Go never took it (a refused TryGo, a Go still blocked)
		}
		switch {
		case p.started && !p.returned:
			running = append(running, t.name)
		case !p.started && t.starts > 0:
			late = append(late, t.name)
		case !p.started:
			continue // never ran: the ledger's to judge
		}
		total++
	}
	if len(running)+len(late) == 0 {
		return ""
	}
	var what []string
	if len(running) > 0 {
		what = append(what, fmt.Sprintf("%s had started and not returned", names(running)))
	}
	if len(late) > 0 {
		what = append(what, fmt.Sprintf("%s had been taken by Go but started only after Wait had returned", names(late)))
	}
	return fmt.Sprintf("the %s's Wait returned while %d of the %d tasks were still running: %s. Wait must return only once every task that started has returned — on every path, a failure or a cancellation included — so that nothing the group started outlives it",
		l.group, len(running)+len(late), total, strings.Join(what, "; "))
}

// ledgerFault says which tasks Go took are not accounted for, or "" if every one is: a task
// that never ran though nothing had cancelled the group when Wait was called (a group may skip
// a task only once it is cancelled), or — strict — one skipped even so; a task that ran more
// than once. Call it once Wait has returned and the scenario has settled.
func (l *ledger) ledgerFault(strict bool) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var lost, skipped, twice []string
	taken := 0
	for _, t := range l.tasks {
		if !t.accepted && t.starts == 0 {
			continue // Go never took it
		}
		taken++
		switch {
		case t.starts > 1:
			twice = append(twice, fmt.Sprintf("%s ran %d times", t.name, t.starts))
		case t.starts == 0 && !l.cancelledAtWait:
			lost = append(lost, t.name)
		case t.starts == 0 && strict:
			skipped = append(skipped, t.name)
		}
	}
	var parts []string
	if len(lost) > 0 {
		parts = append(parts, fmt.Sprintf("%d of the %d tasks Go took never ran, though nothing had cancelled the %s (%s): Go must run every task it takes, and may skip one only once the group is cancelled",
			len(lost), taken, l.group, names(lost)))
	}
	if len(skipped) > 0 {
		parts = append(parts, fmt.Sprintf("%d of the %d tasks Go took never ran, the %s having been cancelled (%s): this group runs every task it takes",
			len(skipped), taken, l.group, names(skipped)))
	}
	if len(twice) > 0 {
		parts = append(parts, fmt.Sprintf("%s: every task Go takes runs exactly once", strings.Join(twice, ", ")))
	}
	return strings.Join(parts, "; and ")
}

// idleFault says which of tasks Go took and has not started, though the scenario is quiet and
// nothing has cancelled the group, or "" if none: a task Go takes must start without anyone
// calling Wait, as soon as the limit allows.
func (l *ledger) idleFault(tasks []*taskRecord) string {
	if l.cancelled() {
		return "" // the group may skip them
	}
	var idle []string
	for _, v := range l.of(tasks) {
		if v.accepted && !v.started {
			idle = append(idle, v.t.name)
		}
	}
	if len(idle) == 0 {
		return ""
	}
	return fmt.Sprintf("%s taken by Go, not started, though nothing has cancelled the group and nothing in the scenario moves (a task Go takes must start without waiting for Wait)", names(idle))
}

// names joins task names: "sibling 1", "sibling 1 and sibling 2", "a, b and c".
func names(list []string) string {
	switch len(list) {
	case 0:
		return "none"
	case 1:
		return list[0]
	}
	return strings.Join(list[:len(list)-1], ", ") + " and " + list[len(list)-1]
}
