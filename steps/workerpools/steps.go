package workerpools

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/cucumber/godog"
)

// fullOutcome is what Submit did while every worker was busy: how many further tasks it took
// without any starting (queued), and then whether it blocked, refused one, or took them all.
type fullOutcome struct {
	further, queued int
	blocked         bool
	refusal         error
}

// lateOutcome is what Submit did with a task once StopAndWait had returned.
type lateOutcome struct {
	stuck       error
	refusal     error
	submitPanic any
	ran         bool
}

func register(sc *godog.ScenarioContext, cat *catalog.Catalog) {
	s := &state{cat: cat}
	sc.Given(stepkit.Re(`^the "([^"]+)" worker pool of (\d+) workers?$`), func(ctx context.Context, name, n string) error {
		limit, err := stepkit.Number("the number of workers", n, 1, 100)
		if err != nil {
			return err
		}
		return s.start(ctx, name, limit)
	})
	sc.When(stepkit.Re(`^(\d+) tasks are submitted, held and let go one at a time, and the pool is stopped while the last ones run$`), s.heldTasks)
	sc.When(stepkit.Re(`^every worker is busy and (\d+) further tasks are submitted$`), s.furtherTasks)
	sc.When(stepkit.Re(`^the pool is stopped and then a further task is submitted$`), s.submitAfterStop)
	sc.When(stepkit.Re(`^(\d+) tasks are submitted and one more panics with "([^"]+)"$`), s.onePanics)
	sc.When(stepkit.Re(`^(\d+) tasks are submitted and one more panics with "([^"]+)" in a child process$`), s.onePanicsInChild)

	sc.Then(stepkit.Re(`^the pool ran every one of the (\d+) tasks exactly once$`), s.ranOnce)
	sc.Then(stepkit.Re(`^the pool never ran more than (\d+) tasks at once$`), s.atMost)
	sc.Then(stepkit.Re(`^StopAndWait returned only after all (\d+) tasks had ended$`), s.stopWaited)
	sc.Then(stepkit.Re(`^a full pool's Submit (.+)$`), s.fullSubmit)
	sc.Then(stepkit.Re(`^Submit pushed back before more than 8 tasks were queued$`), s.pushedBack)
	sc.Then(stepkit.Re(`^a task submitted after StopAndWait never runs, and Submit (.+)$`), s.lateSubmit)
	sc.Then(stepkit.Re(`^the other (\d+) tasks ran exactly once, and StopAndWait (.+)$`), s.survived)
	var claims []string
	for _, c := range slices.Sorted(maps.Keys(s.checks())) {
		claims = append(claims, regexp.QuoteMeta(c))
	}
	sc.Then(stepkit.Re(`^the check that (`+strings.Join(claims, "|")+`) fails: (.+)$`), s.checkFails)
}

// checks are the claims a negative control can name, each the check a positive step makes.
func (s *state) checks() map[string]func(context.Context) error {
	return map[string]func(context.Context) error{
		"every task Submit took ran exactly once":                 s.ledgerCheck,
		"never more tasks ran at once than the pool has workers":  s.limitCheck,
		"StopAndWait returned only after every task had ended":    s.joinCheck,
		"Submit pushed back before more than 8 tasks were queued": s.pushBackCheck,
		"a task submitted after StopAndWait never runs":           s.lateCheck,
		"the pool survives a panicking task":                      s.panicCheck,
	}
}

// checkFails is a negative control: the named check fires on a broken pool, saying want.
func (s *state) checkFails(ctx context.Context, claim, want string) error {
	err := s.checks()[claim](ctx)
	switch {
	case err == nil:
		return fmt.Errorf("the check that %s did not fire on the %s pool", claim, s.name)
	case !strings.Contains(err.Error(), want):
		return fmt.Errorf("the check that %s fired without saying %q; it said: %v", claim, want, err)
	}
	return nil
}

// conform records a conformance observation, except for broken twins.
func (s *state) conform(ctx context.Context, verdict harness.Verdict, observed string) error {
	if catalog.IsBroken(s.cat, kind, s.name) {
		return nil
	}
	return harness.Conform(ctx, s.name, verdict, observed)
}

// heldTasks submits n held tasks, lets them go one at a time, and calls StopAndWait once every
// Submit has returned, while the last ones still run.
func (s *state) heldTasks(ctx context.Context, n string) error {
	if err := s.needPool(); err != nil {
		return err
	}
	k, err := stepkit.Count("the number of tasks", n, 1000)
	if err != nil {
		return err
	}
	tasks := s.tasksNamed(1, k)
	submitted := s.offerAll(ctx, tasks, func(t *task) func() { return s.l.body(t, true, nil) })
	return s.stopWhileRunning(ctx, submitted)
}

// furtherTasks fills every worker with a held task, then submits up to n further tasks one at a
// time, each once nothing in the scenario moves, and notes what Submit did with them: took them
// without starting them (queued), blocked, or refused one. It stops at the first that blocks or
// is refused, lets every task go, and stops the pool.
func (s *state) furtherTasks(ctx context.Context, n string) error {
	if err := s.needPool(); err != nil {
		return err
	}
	k, err := stepkit.Count("the number of further tasks", n, 1000)
	if err != nil {
		return err
	}
	busy := s.tasksNamed(1, s.limit)
	for _, t := range busy {
		s.l.submit(s.pool, t, s.l.body(t, true, nil))
	}
	out := &fullOutcome{further: k}
	s.full = out
	var submitted <-chan struct{}
further:
	for i := range k {
		t := s.l.add(fmt.Sprintf("task %d", s.limit+1+i))
		submitted = s.submitAll([]*task{t}, func(t *task) func() { return s.l.body(t, true, nil) })
		if _, err := harness.AwaitQuiet(ctx, fmt.Sprintf("the %s pool to deal with %s while every worker is busy", s.name, t.name)); err != nil {
			return err
		}
		v := s.l.view()
		last := v.tasks[len(v.tasks)-1]
		switch {
		case !last.submitted:
			out.blocked = true
		case last.taken:
			out.queued++
			continue
		case last.refusal != nil:
			out.refusal = last.refusal
		default:
			out.refusal = fmt.Errorf("Submit panicked: %v", last.submitPanic)
		}
		break further
	}
	if err := s.letGo(ctx, submitted, nil); err != nil {
		return err
	}
	return s.stopWhileRunning(ctx, submitted)
}

// outcome says in words what a full pool's Submit did.
func (o *fullOutcome) String() string {
	switch {
	case o.queued == 0 && o.blocked:
		return "blocks until a worker is free"
	case o.queued == 0 && o.refusal != nil:
		return "refuses the task with an error"
	case o.blocked:
		return fmt.Sprintf("queues %d tasks, then blocks until a worker is free", o.queued)
	case o.refusal != nil:
		return fmt.Sprintf("queues %d tasks, then refuses the next with an error", o.queued)
	}
	return fmt.Sprintf("queues every one of the %d further tasks", o.further)
}

// anyFull is the contract's wording: every outcome a pool may choose.
const anyFull = "blocks, queues or refuses the task, and every task it took runs exactly once"

// fullSubmit asserts what a full pool's Submit did: want is the outcome in words, or anyFull.
func (s *state) fullSubmit(ctx context.Context, want string) error {
	if s.full == nil {
		return fmt.Errorf("no further task met a full pool: start with `When every worker is busy and 10 further tasks are submitted`")
	}
	if err := s.ledgerCheck(ctx); err != nil {
		return err
	}
	got := s.full.String()
	if want != anyFull && want != got {
		return fmt.Errorf("the %s pool's Submit %s, not %q", s.name, got, want)
	}
	verdict := harness.Holds
	if got != "blocks until a worker is free" {
		verdict = harness.Differs
	}
	return s.conform(ctx, verdict, "while every worker is busy, Submit "+got)
}

// pushedBack asserts that a full pool blocked Submit or refused the task before it had queued
// more than 8.
func (s *state) pushedBack(ctx context.Context) error {
	if err := s.pushBackCheck(ctx); err != nil {
		return err
	}
	return s.conform(ctx, harness.Holds, "a full pool pushes back: Submit "+s.full.String())
}
