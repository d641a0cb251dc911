package ecosystem

import (
	"github.com/concspec/concspec"
	"github.com/sourcegraph/conc/pool"
)

// conc's pool.Pool (github.com/sourcegraph/conc/pool), WithMaxGoroutines(limit): Go is the
// contract's Submit (it returns nothing), Wait is StopAndWait — "Once all your tasks have been
// submitted, you must call Wait() to clean up any spawned goroutines and propagate any panics."
//   - survives-panics: "Wait cleans up spawned goroutines, propagating any panics that were
//     raised by a tasks": a task's panic is caught, and raised again by Wait.
//   - pushes-back: "If all goroutines in the pool are busy, a call to Go() will block until the
//     task can be started."
//
// The corpus holds the same pool in its catalogue as "conc", on the in-corpus rows; this is it
// on the contract rows.
func init() {
	register(workerPool("conc.Pool", (*pool.Pool)(nil), startConcPool, concspec.SurvivesPanics, concspec.PushesBack))
}

type concPool struct{ p *pool.Pool }

func startConcPool(limit int) concspec.Pool {
	return concPool{pool.New().WithMaxGoroutines(limit)}
}

func (c concPool) Submit(task func()) error {
	c.p.Go(task)
	return nil
}

func (c concPool) StopAndWait() { c.p.Wait() }
