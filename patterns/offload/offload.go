// Package offload keeps the responsive part of a program responsive: CPU-heavy work runs in a
// bounded pool of workers instead of in the goroutine that serves the request, so however many
// heavy requests arrive, only the pool's workers compete for the CPU with everything else.
//
// Contract of [Pool]: Do runs f on one of at most Workers goroutines and returns when f has
// returned, or earlier with ctx's error if ctx is done while f is still waiting for a worker.
// Close stops the workers once the queued work is done.
//
// [NewServer] serves "/heavy" (the CPU-heavy work, through the pool; inline when the pool is
// nil, which is the NEGATIVE CONTROL) and "/cheap" (answers at once). The other NEGATIVE
// CONTROLS, in broken.go, each break one clause: [InCaller] runs the work in the caller's
// goroutine, [NewOversizedPool] starts one worker too many, [ReturnsEarly] returns before f has
// run, [IgnoresContext] waits for a worker whatever becomes of ctx.
package offload

import (
	"context"
	"net/http"
	"sync"
)

// Pool runs functions on a fixed number of worker goroutines.
type Pool struct {
	jobs    chan func()
	workers sync.WaitGroup
}

// NewPool starts workers goroutines.
func NewPool(workers int) *Pool {
	p := &Pool{jobs: make(chan func())}
	for range max(1, workers) {
		p.workers.Go(func() {
			for job := range p.jobs {
				job()
			}
		})
	}
	return p
}

// Do runs f on a worker and waits for it.
func (p *Pool) Do(ctx context.Context, f func()) error {
	done := make(chan struct{})
	select {
	case p.jobs <- func() { defer close(done); f() }:
	case <-ctx.Done():
		return ctx.Err()
	}
	<-done
	return nil
}

// Close stops the workers after the work they took.
func (p *Pool) Close() {
	close(p.jobs)
	p.workers.Wait()
}

// Offloader runs work somewhere and waits for it: a [*Pool], or the broken [InCaller].
type Offloader interface {
	Do(ctx context.Context, f func()) error
}

// NewServer returns a handler for "/heavy", which runs heavy through pool (inline in the
// request's goroutine when pool is nil), and "/cheap", which answers at once.
func NewServer(pool Offloader, heavy func()) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/heavy", func(w http.ResponseWriter, r *http.Request) {
		if pool == nil {
			heavy()
		} else if err := pool.Do(r.Context(), heavy); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("done"))
	})
	mux.HandleFunc("/cheap", func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte("ok"))
	})
	return mux
}
