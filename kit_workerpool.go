package concspec

import "github.com/concspec/concspec/steps/workerpools"

// Pool is the worker-pool contract: Submit hands the pool a task, StopAndWait stops it and
// returns once every task it took has ended. A library's pool fits through an adapter that maps
// names: ants' Submit and ReleaseContext, gammazero/workerpool's Do and StopWait, pond's Go and
// StopAndWait, conc's pool.Pool Go and Wait (see docs/contracts/worker-pool.md). Its methods:
//
//	Submit(task func()) error // nil: taken; an error: refused
//	StopAndWait()             // stop taking tasks; return once every task taken has ended
type Pool = workerpools.Pool

// Capabilities a worker pool can declare (see [WorkerPool]).
const (
	// SurvivesPanics: a task's panic does not end the process; the pool runs its other tasks,
	// and StopAndWait returns or panics again with it. A pool that does not declare it never has
	// a task panic in the run's process.
	SurvivesPanics = workerpools.SurvivesPanics
	// PushesBack: when every worker is busy, Submit blocks the submitter or refuses the task
	// before more than 8 tasks wait in the pool's queue.
	PushesBack = workerpools.PushesBack
)

// WorkerPool declares a worker pool: start returns a pool that runs at most limit tasks at once.
// Whether a full pool blocks, queues or refuses, and what Submit does once the pool is stopped,
// are its own choice: the run records which it made.
func WorkerPool(name string, start func(limit int) Pool, capabilities ...string) Implementation {
	return Implementation{name: name, column: "pool", capabilities: capabilities, entry: workerpools.Entry(name, start, capabilities)}
}
