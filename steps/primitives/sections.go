package primitives

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/patterns/primitives"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
)

func (s *state) criticalSection(lock string) error {
	l, err := catalog.Lookup(s.cat, lockKind, lock)
	if err != nil {
		return err
	}
	s.section = &primitives.CriticalSection{Lock: l}
	return nil
}

// secondTriesToEnter holds a first goroutine inside the section and lets a second try to
// enter: either the second is seen blocked in Lock, or it gets in while the first is inside.
func (s *state) secondTriesToEnter(ctx context.Context) error {
	cs := s.section
	if cs == nil {
		return fmt.Errorf("no critical section: start with `Given a critical section guarded by …`")
	}
	// The first goroutine stays inside until leave opens: the step opens it, and so does the
	// scenario's cleanup if the step fails first.
	leave := stepkit.NewGate()
	if err := harness.Cleanup(ctx, leave.Open); err != nil {
		return err
	}
	firstIn, secondIn := make(chan struct{}), make(chan struct{})
	firstDone, secondDone := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(firstDone)
		cs.Enter(func() { close(firstIn); <-leave.Wait() })
	}()
	if err := shared.Settle(ctx, firstIn, "the first goroutine's Lock", func(parked []harness.Goroutine) string {
		return "the section is free, so the first goroutine should enter at once; but it is parked at " +
			shared.WhereAll(shared.In(parked, "(*state).secondTriesToEnter")) + ": Lock on a free lock must not wait"
	}); err != nil {
		return err
	}
	second := make(chan int64, 1)
	go func() {
		defer close(secondDone)
		second <- harness.GoroutineID()
		cs.Enter(func() { close(secondIn) })
	}()
	id := <-second // the goroutine says its ID first, into a buffer with room for it: this cannot block
	deadline := time.Now().Add(harness.AwaitBound(ctx))
	for !s.secondWaited && time.Now().Before(deadline) {
		select {
		case <-secondIn:
			deadline = time.Now() // it got in while the first was inside
		default:
			where, _ := harness.GoroutineState(id)
			s.secondWaited = where == "sync.Mutex.Lock"
			runtime.Gosched()
		}
	}
	leave.Open()
	for i, done := range []chan struct{}{firstDone, secondDone} {
		if err := shared.Settle(ctx, done, []string{"the first goroutine's Enter", "the second goroutine's Enter"}[i], func(parked []harness.Goroutine) string {
			return "once the first goroutine leaves, it should unlock, and the second should get in and leave too; but " +
				shared.WhereAll(shared.In(parked, "(*state).secondTriesToEnter")) +
				" still waits: Unlock must let the goroutine waiting in Lock in"
		}); err != nil {
			return err
		}
	}
	return nil
}

func (s *state) enterMany(ctx context.Context, goroutines, times string) error {
	g, err := stepkit.Count("the number of goroutines", goroutines, stepkit.MaxGoroutines)
	if err != nil {
		return err
	}
	k, err := stepkit.Count("the number of entries", times, stepkit.MaxRepeats)
	if err != nil {
		return err
	}
	if s.section == nil {
		return fmt.Errorf("no critical section: start with `Given a critical section guarded by …`")
	}
	var wg sync.WaitGroup
	for range g {
		wg.Go(func() {
			for range k {
				s.section.Enter(func() {})
			}
		})
	}
	return harness.Call(ctx, "the round of entries into the section", wg.Wait, func(parked []harness.Goroutine) string {
		return fmt.Sprintf("each of %d goroutines enters and leaves the section %d times, and a lock lets one in whenever the section is free; but %s still wait",
			g, k, shared.WhereAll(shared.In(parked, "(*state).enterMany")))
	})
}

func (s *state) secondWaitedInLock() error {
	if !s.secondWaited {
		return fmt.Errorf("the second goroutine was never seen blocked in Lock while the first was inside")
	}
	return nil
}

// exclusionCheck is the exclusion detector: it fails when more than most goroutines were inside
// the section at once.
func (s *state) exclusionCheck(ctx context.Context, most int64) error {
	if s.section == nil {
		return fmt.Errorf("no critical section: start with `Given a critical section guarded by …`")
	}
	return harness.Detect(ctx, exclusion, func() error {
		if got := s.section.MaxInside(); got > most {
			return fmt.Errorf("%d goroutines were inside the critical section at once", got)
		}
		return nil
	})
}

// mostInside checks that the most goroutines inside the section at once was n: never more (the
// exclusion detector), and n indeed, or the section's count, on which the detector rests, missed
// goroutines that were inside.
func (s *state) mostInside(ctx context.Context, n string) error {
	most, err := stepkit.Count("the number of goroutines", n, stepkit.MaxGoroutines)
	if err != nil {
		return err
	}
	if err := s.exclusionCheck(ctx, int64(most)); err != nil {
		return err
	}
	if got := s.section.MaxInside(); got < int64(most) {
		return fmt.Errorf("the critical section's count of goroutines inside at once reached only %d, not %d: it missed goroutines that went in, so it cannot show that the lock excludes", got, most)
	}
	return nil
}

// exclusionCheckCatches is the negative control: the exclusion detector fires on a lock that
// excludes nothing, and says how many goroutines it found inside at once.
func (s *state) exclusionCheckCatches(ctx context.Context, n string) error {
	err := s.exclusionCheck(ctx, 1)
	want := n + " goroutines were inside the critical section at once"
	if err == nil || err.Error() != want {
		return fmt.Errorf("the exclusion check should have said %q; it said: %v", want, err)
	}
	return nil
}
