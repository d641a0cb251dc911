// Package workerpools is the slice for worker_pools.feature: the worker-pool contract. A pool
// takes tasks with Submit and ends with StopAndWait; the feature holds it to the rules a pool
// must keep — no more tasks at once than its workers (R19), every task it took run exactly once
// and StopAndWait returning only after all of them (R09), nothing left running (R09, the leak
// check), a task submitted after stop never run (R10), a task's panic never silently ending the
// process (R14) — and records what it may choose: whether a full pool blocks the submitter,
// queues (and how far), or refuses; what Submit does once the pool is stopped; what StopAndWait
// does with a task's panic. It holds the pools of the catalogue (the reference, conc's pool.Pool)
// with their broken twins, the steps and their ledger (run.go), the checks (checks.go), the
// capabilities a pool plugged in from outside can declare, and the control that lets a crashing
// pool's panic kill a child process instead of the corpus (control.go).
package workerpools

import (
	"slices"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/workpool"
	"github.com/sourcegraph/conc/pool"
)

// Pool is the worker-pool contract: Submit hands a task to the pool, StopAndWait stops it and
// returns once every task it took has ended.
type Pool interface {
	Submit(task func()) error
	StopAndWait()
}

// Capabilities a contract row can need (its @needs: tags).
const (
	// SurvivesPanics: a task's panic does not end the process.
	SurvivesPanics = "survives-panics"
	// PushesBack: a full pool blocks Submit or refuses the task before its queue grows long.
	PushesBack = "pushes-back"
)

// impl is one worker pool of the catalogue: how to start it with a limit, and whether a task's
// panic may run in this process.
type impl struct {
	Start          func(limit int) Pool
	SurvivesPanics bool
}

var kind = catalog.Kind[impl]{Name: "worker pool"}

// Entry declares a worker pool written outside concspec. A pool that does not declare
// SurvivesPanics never has a task panic in this process.
func Entry(name string, start func(limit int) Pool, capabilities []string) catalog.Entry {
	survives := slices.Contains(capabilities, SurvivesPanics)
	return catalog.Reference(kind, name, func() impl { return impl{Start: start, SurvivesPanics: survives} })
}

// The catalogue's pools by name.
const (
	reference      = "reference"
	concPool       = "conc"
	oversized      = "one worker too many"
	dropsWhenBusy  = "drops a task when busy"
	stopsEarly     = "stops without waiting"
	unbounded      = "queues without bound"
	runsAfterStop  = "runs a task after stop"
	crashesOnPanic = "crashes on a panic"
)

// The detectors of the slice.
const (
	// limitCheck: never more tasks ran at once than the pool has workers (R19; the one worker
	// too many pool).
	limitCheck harness.Detector = "pool limit"
	// ledgerCheck: every task Submit took ran exactly once, and none it refused ran (R09; the
	// pool that drops a task when busy).
	ledgerCheck harness.Detector = "pool ledger"
	// stopJoin: StopAndWait returned only once every task the pool took had ended (R09; the
	// pool that stops without waiting).
	stopJoin harness.Detector = "StopAndWait join"
	// pushBack: a full pool blocked Submit or refused the task before the queue grew past the
	// row's bound (R19; the pool that queues without bound).
	pushBack harness.Detector = "push-back"
	// afterStop: a task submitted once StopAndWait had returned never ran, and Submit returned
	// (R10; the pool that runs a task after stop).
	afterStop harness.Detector = "submit after stop"
	// panicSurvival: a task's panic left the process alive and the other tasks run (R14; the
	// pool that crashes on a panic, in a child process).
	panicSurvival harness.Detector = "pool survives a panic"
)

// Concept is the worker-pools slice.
func Concept() concept.Concept {
	ref := func(name string, start func(int) Pool, survives bool) catalog.Entry {
		return catalog.Reference(kind, name, func() impl { return impl{Start: start, SurvivesPanics: survives} })
	}
	broken := func(name string, start func(int) Pool, survives bool) catalog.Entry {
		return catalog.Broken(kind, name, func() impl { return impl{Start: start, SurvivesPanics: survives} })
	}
	swap := func(name string, rules []string, twin string) catalog.Mutant {
		return catalog.SwapWith(name, rules, kind, reference, twin, func(r, b impl) impl {
			r.Start = b.Start
			return r
		})
	}
	return concept.Concept{
		Name:     "worker pools",
		Features: []string{"worker_pools.feature"},
		Entries: []catalog.Entry{
			ref(reference, func(n int) Pool { return workpool.New(n) }, true),
			ref(concPool, startConc, true),
			broken(oversized, func(n int) Pool { return workpool.NewOversized(n) }, true),
			broken(dropsWhenBusy, func(n int) Pool { return workpool.DropsWhenBusy{Pool: workpool.New(n)} }, true),
			broken(stopsEarly, func(n int) Pool { return workpool.StopsEarly{Pool: workpool.New(n)} }, true),
			broken(unbounded, func(n int) Pool { return workpool.QueuesWithoutBound{Pool: workpool.New(n)} }, true),
			broken(runsAfterStop, func(n int) Pool { return workpool.RunsAfterStop{Pool: workpool.New(n)} }, true),
			broken(crashesOnPanic, func(n int) Pool { return workpool.CrashesOnPanic{Pool: workpool.New(n)} }, false),
		},
		Mutants: []catalog.Mutant{
			swap("a worker pool one worker too large", []string{"R19"}, oversized),
			swap("a worker pool that drops a task when busy", []string{"R09"}, dropsWhenBusy),
			swap("a worker pool whose StopAndWait does not wait", []string{"R09"}, stopsEarly),
			swap("a worker pool that queues without bound", []string{"R19"}, unbounded),
			swap("a worker pool that runs a task after stop", []string{"R10"}, runsAfterStop),
			swap("a worker pool that lets a panic crash the process", []string{"R14"}, crashesOnPanic),
		},
		Detectors: []harness.Detector{limitCheck, ledgerCheck, stopJoin, pushBack, afterStop, panicSurvival},
		Capabilities: map[string]string{
			SurvivesPanics: "a task's panic does not end the process: the pool runs its other tasks, and StopAndWait returns or panics again with it once they have ended",
			PushesBack:     "when every worker is busy, Submit blocks the submitter or refuses the task before more than 8 tasks wait in the pool's queue",
		},
		Controls: map[string]concept.Control{controlName: control},
		Steps:    register,
	}
}

// startConc is conc's pool.Pool limited to limit goroutines: Go is Submit, Wait is StopAndWait.
func startConc(limit int) Pool {
	return concAdapter{pool.New().WithMaxGoroutines(limit)}
}

type concAdapter struct{ p *pool.Pool }

func (a concAdapter) Submit(task func()) error {
	a.p.Go(task)
	return nil
}

func (a concAdapter) StopAndWait() { a.p.Wait() }
