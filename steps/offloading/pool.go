package offloading

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/offload"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
)

var errNoPool = errors.New("no pool: start with `Given the \"<name>\" pool of n workers`")

// heavyRequests sends n heavy requests to a server that runs their work through the scenario's
// pool, and counts the jobs computing once the scenario has gone quiet: every worker is then busy
// with a job that waits to be released, and every other request waits for a worker, so no more
// can start. Then it releases them all.
func (s *state) heavyRequests(ctx context.Context, n string) (failed error) {
	k, err := stepkit.Count("the number of heavy requests", n, 1000)
	if err != nil {
		return err
	}
	p, err := s.newPool()
	if err != nil {
		return err
	}
	defer closeWithin(ctx, &failed, "the pool", p.Close, "every job has ended, so the pool's workers are idle and closing it should return at once")
	release := stepkit.NewGate()
	defer release.Open()
	var computing atomic.Int64
	server := httptest.NewServer(offload.NewServer(p, func() {
		computing.Add(1)
		defer computing.Add(-1)
		select {
		case <-release.Wait():
		case <-ctx.Done(): // the scenario failed: let go
		}
	}))
	defer closeWithin(ctx, &failed, "the server", server.Close, "the heavy work is released, so every handler should end and closing the server should return soon after")
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	answered := make(chan error, k) // room for every answer: a send never blocks
	for range k {
		go func() { answered <- heavy(ctx, client, server.URL+"/heavy") }()
	}
	if _, err := harness.AwaitQuiet(ctx, fmt.Sprintf("the %d heavy requests to reach the server and the %s to start what it will", k, s.name)); err != nil {
		return err
	}
	s.computing = int(computing.Load())
	release.Open()
	for i := range k {
		err, _, waitErr := shared.Receive(ctx, answered, "every heavy request to be answered",
			offloadParked(fmt.Sprintf("the heavy work is released, so every heavy request should be answered (%d of %d are): a pool must run every job it took", i, k)))
		if err := cmp.Or(waitErr, err); err != nil {
			return err
		}
	}
	return nil
}

// heavy requests url and fails unless the answer is a 200.
func heavy(ctx context.Context, client *http.Client, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: status %d", url, resp.StatusCode)
	}
	return nil
}

// computingCheck is the offloaded-computing check: once no more could start, exactly as many
// heavy jobs were computing as the pool has workers.
func (s *state) computingCheck(ctx context.Context) error {
	return harness.Detect(ctx, offloadedComputing, func() error {
		if s.computing != s.workers {
			return fmt.Errorf("with the heavy work in the %s of %d workers, %d heavy jobs computed at once", s.name, s.workers, s.computing)
		}
		return nil
	})
}

func (s *state) computedAsManyAsWorkers(ctx context.Context) error {
	return s.computingCheck(ctx)
}

// computedAsManyFails is the negative control: the offloaded-computing check fires on a pool that
// lets more heavy jobs compute than it has workers.
func (s *state) computedAsManyFails(ctx context.Context) error {
	if s.computingCheck(ctx) == nil {
		return fmt.Errorf("the offloaded-computing check did not fire: with the heavy work in the %s of %d workers, %d heavy jobs computed at once", s.name, s.workers, s.computing)
	}
	return nil
}

// waited is what Do and Close did while a job ran: whether each had returned, and whether the
// job had run when Do returned.
type waited struct {
	measured           bool
	doReturned, closed bool
	ranWhenDoReturned  bool
	doErr              error
}

// doThenClose hands Do a job that runs until released and, once it runs, closes the pool; then it
// gives each the chance to return too early (harness.AwaitParked) before it releases the job.
func (s *state) doThenClose(ctx context.Context) (failed error) {
	p, err := s.newPool()
	if err != nil {
		return err
	}
	closing := false
	defer func() {
		if !closing { // the step failed before it closed the pool
			closeWithin(ctx, &failed, "the pool", p.Close, "the job is released, so the pool's worker is idle and closing it should return at once")
		}
	}()
	release := stepkit.NewGate()
	defer release.Open()
	started := make(chan struct{})
	var ran atomic.Bool
	doDone, closeDone := make(chan struct{}), make(chan struct{})
	ids := make(chan int64, 2)
	go func() {
		defer close(doDone)
		ids <- harness.GoroutineID()
		s.waited.doErr = p.Do(ctx, func() {
			close(started)
			select {
			case <-release.Wait():
			case <-ctx.Done(): // the scenario failed: let go
			}
			ran.Store(true)
		})
		s.waited.ranWhenDoReturned = ran.Load()
	}()
	doID, _, err := shared.Receive(ctx, ids, "Do's goroutine to start", nil)
	if err != nil {
		return err
	}
	if err := shared.Await(ctx, started, "the job to start", offloadParked("a pool must start a job when a worker is free, and its one worker is")); err != nil {
		return err
	}
	if s.waited.doReturned, err = harness.AwaitParked(ctx, doID, "Do, while its job runs"); err != nil {
		return err
	}
	closing = true
	go func() {
		defer close(closeDone)
		ids <- harness.GoroutineID()
		p.Close()
	}()
	closeID, _, err := shared.Receive(ctx, ids, "Close's goroutine to start", nil)
	if err != nil {
		return err
	}
	if s.waited.closed, err = harness.AwaitParked(ctx, closeID, "Close, while a worker runs a job"); err != nil {
		return err
	}
	release.Open()
	for what, done := range map[string]chan struct{}{"Do": doDone, "Close": closeDone} {
		if err := shared.Settle(ctx, done, what, func(parked []harness.Goroutine) string {
			return fmt.Sprintf("the job is released, so %s should return; but the pool's goroutines are parked at %s", what, shared.WhereAll(shared.In(parked, "offload")))
		}); err != nil {
			return err
		}
	}
	s.waited.measured = true
	return nil
}

// waitCheck is the offload-wait check: Do had not returned while its job ran, and returned
// nil once it had run; Close had not returned while a worker ran a job.
func (s *state) waitCheck(ctx context.Context) error {
	if !s.waited.measured {
		return fmt.Errorf("no job was handed to Do: start with `When a job that runs until released is handed to Do, …`")
	}
	w := s.waited
	return harness.Detect(ctx, offloadWait, func() error {
		switch {
		case w.doReturned || !w.ranWhenDoReturned:
			return fmt.Errorf("the %s's Do returned before the job it was given had run", s.name)
		case w.doErr != nil:
			return fmt.Errorf("the %s's Do returned %v for a job that ran", s.name, w.doErr)
		case w.closed:
			return fmt.Errorf("the %s's Close returned while a worker was still running a job", s.name)
		}
		return nil
	})
}

func (s *state) eachWaited(ctx context.Context) error {
	return s.waitCheck(ctx)
}

// eachWaitedFails is the negative control: the offload-wait check fires on a pool that returns
// before the work has run.
func (s *state) eachWaitedFails(ctx context.Context) error {
	if !s.waited.measured {
		return s.waitCheck(ctx)
	}
	if s.waitCheck(ctx) == nil {
		return fmt.Errorf("the offload-wait check did not fire: the %s's Do and Close each waited for the job", s.name)
	}
	return nil
}

// queued is what Do did when its context ended while its job waited for a worker: whether it
// returned while the worker was still busy (nil if it did, the stuck wait's error if not), what
// it returned, and whether the job ran.
type queued struct {
	measured bool
	stuck    error
	doErr    error
	ran      bool
}

// cancelQueued keeps the pool's one worker busy with a first job, hands Do a second job with a
// context of its own, cancels that context once Do waits for the worker, and sees whether Do
// returns while the worker is still busy.
func (s *state) cancelQueued(ctx context.Context) (failed error) {
	p, err := s.newPool()
	if err != nil {
		return err
	}
	defer closeWithin(ctx, &failed, "the pool", p.Close, "every job has ended, so the pool's workers are idle and closing it should return at once")
	release := stepkit.NewGate()
	defer release.Open()
	started, firstDone, secondDone := make(chan struct{}), make(chan struct{}), make(chan struct{})
	go func() {
		defer close(firstDone)
		_ = p.Do(ctx, func() {
			close(started)
			select {
			case <-release.Wait():
			case <-ctx.Done(): // the scenario failed: let go
			}
		})
	}()
	if err := shared.Await(ctx, started, "the first job to start", offloadParked("a pool must start a job when a worker is free, and its one worker is")); err != nil {
		return err
	}
	queuedCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var ran atomic.Bool
	ids := make(chan int64, 1)
	go func() {
		defer close(secondDone)
		ids <- harness.GoroutineID()
		s.queued.doErr = p.Do(queuedCtx, func() { ran.Store(true) })
	}()
	id, _, err := shared.Receive(ctx, ids, "the second Do's goroutine to start", nil)
	if err != nil {
		return err
	}
	if _, err := harness.AwaitParked(ctx, id, "the second Do, waiting for the busy worker"); err != nil {
		return err
	}
	cancel()
	s.queued.stuck = shared.Settle(ctx, secondDone, "the second Do, whose context has ended", func(parked []harness.Goroutine) string {
		return "its context has ended while its job waited for the pool's one worker, busy with the first job, so Do should return the context's error at once; but the pool's goroutines are parked at " +
			shared.WhereAll(shared.In(parked, "offload"))
	})
	release.Open()
	for what, done := range map[string]chan struct{}{"the first Do": firstDone, "the second Do": secondDone} {
		if err := shared.Settle(ctx, done, what, func(parked []harness.Goroutine) string {
			return fmt.Sprintf("the first job is released, so %s should return; but the pool's goroutines are parked at %s", what, shared.WhereAll(shared.In(parked, "offload")))
		}); err != nil {
			return err
		}
	}
	s.queued.ran, s.queued.measured = ran.Load(), true
	return nil
}

// queuedCheck is the queued-cancellation check: Do returned the context's error while the worker
// was still busy, and the job it was given never ran.
func (s *state) queuedCheck(ctx context.Context) error {
	if !s.queued.measured {
		return fmt.Errorf("no job waited for a worker: start with `When the context of a second job ends while it waits for the worker, …`")
	}
	q := s.queued
	return harness.Detect(ctx, queuedCancel, func() error {
		switch {
		case q.stuck != nil:
			return fmt.Errorf("the %s's Do did not return when its context ended: %w", s.name, q.stuck)
		case !errors.Is(q.doErr, context.Canceled):
			return fmt.Errorf("the %s's Do returned %v when its context was cancelled, not the context's error", s.name, q.doErr)
		case q.ran:
			return fmt.Errorf("the %s ran a job whose Do had given up", s.name)
		}
		return nil
	})
}

func (s *state) gaveUp(ctx context.Context) error {
	return s.queuedCheck(ctx)
}

// gaveUpFails is the negative control: the queued-cancellation check fires on a pool whose Do
// waits for a worker whatever becomes of its context.
func (s *state) gaveUpFails(ctx context.Context) error {
	if !s.queued.measured {
		return s.queuedCheck(ctx)
	}
	if s.queuedCheck(ctx) == nil {
		return fmt.Errorf("the queued-cancellation check did not fire: the %s's Do returned the context's error at once", s.name)
	}
	return nil
}

// offloadParked is the diagnosis of a wait on the server or the pool that ran out: what was
// expected, and where the handlers, the pool's workers and the requests are parked.
func offloadParked(expected string) shared.Diagnosis {
	return func(parked []harness.Goroutine) string {
		return expected + "; but the goroutines of the server, the pool and the requests are at " +
			shared.WhereAll(shared.In(parked, "offload"))
	}
}

// closeWithin closes what with closeIt, within the bound, as a step returns: a close that does
// not return makes the step fail (unless it fails already), and is left to the leak check.
func closeWithin(ctx context.Context, failed *error, what string, closeIt func(), expected string) {
	closeErr := shared.Do(ctx, "closing "+what, func(context.Context) { closeIt() }, offloadParked(expected))
	*failed = cmp.Or(*failed, closeErr)
}
