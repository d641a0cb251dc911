package concspec_test

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/concspec/concspec"
	"github.com/concspec/concspec/patterns/workpool"
	"github.com/sourcegraph/conc/pool"
)

// concPool is conc's pool.Pool through an adapter that maps names only.
type concPool struct{ p *pool.Pool }

func (c concPool) Submit(task func()) error { c.p.Go(task); return nil }
func (c concPool) StopAndWait()             { c.p.Wait() }

// A worker pool plugged in from outside is held to every worker-pool contract row, and a row
// that needs a capability it does not declare is planned as skipped, with the reason.
func TestAWorkerPoolIsHeldToTheWorkerPoolContract(t *testing.T) {
	impls := []concspec.Implementation{
		concspec.WorkerPool("ours", func(limit int) concspec.Pool { return workpool.New(limit) }, concspec.SurvivesPanics, concspec.PushesBack),
		concspec.WorkerPool("theirs", func(limit int) concspec.Pool { return concPool{pool.New().WithMaxGoroutines(limit)} }),
	}
	plan, err := concspec.Plan(concspec.Options{Corpus: []string{"worker_pools.feature"}, Implementations: impls})
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string][]concspec.Planned{}
	for _, p := range plan {
		rows[p.Implementation] = append(rows[p.Implementation], p)
	}
	if len(rows["ours"]) != 6 || len(rows["theirs"]) != 6 {
		t.Fatalf("each pool should be held to the 6 contract rows; the plan is %+v", plan)
	}
	if slices.ContainsFunc(rows["ours"], func(p concspec.Planned) bool { return p.Skip != "" }) {
		t.Errorf("a pool that declares every capability has a row skipped: %+v", rows["ours"])
	}
	var skipped []string
	for _, p := range rows["theirs"] {
		if p.Skip != "" {
			skipped = append(skipped, p.Skip)
		}
	}
	want := []string{"theirs does not declare pushes-back, which this scenario needs", "theirs does not declare survives-panics, which this scenario needs"}
	slices.Sort(skipped)
	if strings.Join(skipped, "|") != strings.Join(want, "|") {
		t.Errorf("the rows skipped for a pool that declares nothing: %q; want %q", skipped, want)
	}
}

// refusingPool runs each task on a goroutine of its own, and refuses a task while limit tasks
// run: a legal answer of a full pool, which the rows that need every task run meet by offering
// the task again once a worker is free. Once stopped it refuses every task.
type refusingPool struct {
	slots   chan struct{}
	wg      sync.WaitGroup
	stopped atomic.Bool
}

var errFull, errStopped = errors.New("every worker is busy"), errors.New("the pool is stopped")

func (p *refusingPool) Submit(task func()) error {
	if p.stopped.Load() {
		return errStopped
	}
	select {
	case p.slots <- struct{}{}:
	default:
		return errFull
	}
	p.wg.Go(func() {
		defer func() { <-p.slots }()
		task()
	})
	return nil
}

func (p *refusingPool) StopAndWait() {
	p.stopped.Store(true)
	p.wg.Wait()
}

// A pool that refuses a task while every worker is busy holds every row that needs all its tasks
// run: the task is offered again once a worker is free, never counted as lost.
func TestAPoolThatRefusesWhenFullHoldsTheContract(t *testing.T) {
	concspec.Run(t, concspec.Options{
		Corpus: []string{"worker_pools.feature"},
		Tags:   "@contract",
		Implementations: []concspec.Implementation{
			concspec.WorkerPool("refuses-when-full", func(limit int) concspec.Pool {
				return &refusingPool{slots: make(chan struct{}, limit)}
			}, concspec.PushesBack),
		},
	})
}
