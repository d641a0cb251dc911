package steps

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/concspec/concspec/catalog"
	"github.com/concspec/concspec/harness"
	"github.com/concspec/concspec/patterns/primitives"
	"github.com/cucumber/godog"
	"golang.org/x/sync/errgroup"
)

// primitiveState is what the primitive scenarios observed.
type primitiveState struct {
	received []int
	section  *primitives.CriticalSection
	// secondWaited says the second goroutine was seen blocked in Lock while the first was inside.
	secondWaited bool
	count        int64
	panicked     any
	slots        []bool
}

func (w *world) registerPrimitives(sc *godog.ScenarioContext) {
	sc.When(re(`^one goroutine sends the numbers 1 to (-?\d+) on a channel with a buffer of (\d+)$`), w.sendInOrder)
	sc.Then(re(`^the receiver gets them in the order they were sent$`), w.receivedInOrder)
	sc.When(re(`^a channel with a buffer of 3 is given (\d+) values and closed$`), w.fillAndClose)
	sc.Then(re(`^receiving yields (\d+) values, then the zero value with ok false, every time after$`), w.drainClosed)
	sc.When(re(`^a value is sent on a closed channel$`), w.sendOnClosed)
	sc.Then(re(`^the send panics with "([^"]+)"$`), w.sendPanicked)
	sc.Then(re(`^a receive from a nil channel is still blocked (\d+)ms later, and a select never chooses it over a closed channel in (\d+) tries$`), w.nilChannelBlocks)
	sc.Given(re(`^a critical section guarded by "(sync.Mutex|no lock)"$`), w.criticalSection)
	sc.When(re(`^one goroutine is inside and a second tries to enter$`), w.secondTriesToEnter)
	sc.When(re(`^(-?\d+) goroutines each enter it (-?\d+) times$`), w.enterMany)
	sc.Then(re(`^the second waits in Lock until the first leaves$`), w.secondWaitedInLock)
	sc.Then(re(`^at most (\d+) goroutines? (?:was|were) ever inside at once$`), w.atMostInside)
	sc.Then(re(`^the exclusion check catches (\d+) goroutines inside at once$`), w.exclusionCheckCatches)
	sc.When(re(`^(-?\d+) goroutines each add 1 with an atomic Add (-?\d+) times$`), w.atomicAdds)
	sc.When(re(`^two increments made of an atomic load and an atomic store interleave, both loading before either stores$`), w.loadStoreInterleaved)
	sc.Then(re(`^the atomic count is exactly (-?\d+)$`), w.atomicCountIs)
	sc.When(re(`^errgroup runs (-?\d+) tasks that each fill their own slot$`), w.errgroupLoop)
	sc.Then(re(`^after Wait every one of the (\d+) slots is filled$`), w.allSlotsFilled)
}

func (w *world) sendInOrder(ctx context.Context, n, buffer string) error {
	k, err := count("the number of values", n, maxRepeats)
	if err != nil {
		return err
	}
	size, err := number("the buffer size", buffer, 0, maxRepeats)
	if err != nil {
		return err
	}
	ch := make(chan int, size)
	go func() {
		defer close(ch)
		for i := 1; i <= k; i++ {
			ch <- i
		}
	}()
	for v := range ch {
		w.primitive.received = append(w.primitive.received, v)
	}
	if len(w.primitive.received) != k {
		return fmt.Errorf("received %d values, sent %d", len(w.primitive.received), k)
	}
	return nil
}

func (w *world) receivedInOrder() error {
	for i, v := range w.primitive.received {
		if v != i+1 {
			return fmt.Errorf("value %d arrived in position %d", v, i+1)
		}
	}
	return nil
}

func (w *world) fillAndClose(n string) error {
	k, err := count("the number of values", n, 3)
	if err != nil {
		return err
	}
	ch := make(chan int, 3)
	for i := 1; i <= k; i++ {
		ch <- i
	}
	close(ch)
	for range k + 3 {
		v, ok := <-ch
		if ok {
			w.primitive.received = append(w.primitive.received, v)
		} else {
			w.primitive.received = append(w.primitive.received, -v-1) // -1 marks "zero, not ok"
		}
	}
	return nil
}

func (w *world) drainClosed(n string) error {
	var got []string
	for _, v := range w.primitive.received {
		if v < 0 {
			got = append(got, "zero/!ok")
		} else {
			got = append(got, fmt.Sprint(v))
		}
	}
	k, err := count("the number of values", n, 3)
	if err != nil {
		return err
	}
	var want []string
	for i := 1; i <= k; i++ {
		want = append(want, fmt.Sprint(i))
	}
	for range 3 {
		want = append(want, "zero/!ok")
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		return fmt.Errorf("received %v, want %v", got, want)
	}
	return nil
}

func (w *world) sendOnClosed() {
	ch := make(chan int, 1)
	close(ch)
	defer func() { w.primitive.panicked = recover() }()
	ch <- 1
}

func (w *world) sendPanicked(msg string) error {
	if p := w.primitive.panicked; p == nil || fmt.Sprint(p) != msg {
		return fmt.Errorf("the send panicked with %v, want %q", p, msg)
	}
	return nil
}

func (w *world) nilChannelBlocks(millis, tries string) error {
	ms, err := count("the wait in milliseconds", millis, 60_000)
	if err != nil {
		return err
	}
	k, err := count("the number of tries", tries, maxRepeats)
	if err != nil {
		return err
	}
	var nilCh chan int
	stop, received := make(chan struct{}), make(chan struct{})
	go func() {
		select {
		case <-nilCh:
			close(received)
		case <-stop:
		}
	}()
	err = harness.AwaitWithin(received, time.Duration(ms)*time.Millisecond, "a value from the nil channel")
	close(stop)
	if err == nil {
		return fmt.Errorf("a receive from a nil channel proceeded")
	}
	closed := make(chan int)
	close(closed)
	for i := range k {
		select {
		case <-nilCh:
			return fmt.Errorf("try %d chose the nil channel", i+1)
		case <-closed:
		}
	}
	return nil
}

func (w *world) criticalSection(lock string) {
	w.primitive.section = &primitives.CriticalSection{Lock: implementation(catalog.Locks, lock)}
}

// secondTriesToEnter holds a first goroutine inside the section and lets a second try to
// enter: either the second is seen blocked in Lock, or it gets in while the first is inside.
func (w *world) secondTriesToEnter(ctx context.Context) error {
	cs := w.primitive.section
	firstIn, leave, secondIn := make(chan struct{}), make(chan struct{}), make(chan struct{})
	firstDone, secondDone := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(firstDone)
		cs.Enter(func() { close(firstIn); <-leave })
	}()
	if err := harness.Await(ctx, firstIn, "the first goroutine to enter"); err != nil {
		return err
	}
	second := make(chan int64, 1)
	go func() {
		defer close(secondDone)
		second <- harness.GoroutineID()
		cs.Enter(func() { close(secondIn) })
	}()
	id := <-second
	deadline := time.Now().Add(harness.AwaitBound(ctx))
	for !w.primitive.secondWaited && time.Now().Before(deadline) {
		select {
		case <-secondIn:
			deadline = time.Now() // it got in while the first was inside
		default:
			state, _ := harness.GoroutineState(id)
			w.primitive.secondWaited = state == "sync.Mutex.Lock"
			runtime.Gosched()
		}
	}
	close(leave)
	for _, done := range []chan struct{}{firstDone, secondDone} {
		if err := harness.Await(ctx, done, "both goroutines to leave the section"); err != nil {
			return err
		}
	}
	return nil
}

func (w *world) enterMany(ctx context.Context, goroutines, times string) error {
	g, err := count("the number of goroutines", goroutines, maxGoroutines)
	if err != nil {
		return err
	}
	k, err := count("the number of entries", times, maxRepeats)
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	for range g {
		wg.Go(func() {
			for range k {
				w.primitive.section.Enter(func() {})
			}
		})
	}
	wg.Wait()
	return nil
}

func (w *world) secondWaitedInLock() error {
	if !w.primitive.secondWaited {
		return fmt.Errorf("the second goroutine was never seen blocked in Lock while the first was inside")
	}
	return nil
}

// exclusionCheck is the detector: it fails when more than one goroutine was inside at once.
func (w *world) exclusionCheck(most int64) error {
	if got := w.primitive.section.MaxInside(); got > most {
		return fmt.Errorf("%d goroutines were inside the critical section at once", got)
	}
	return nil
}

func (w *world) atMostInside(n string) error {
	most, err := count("the number of goroutines", n, maxGoroutines)
	if err != nil {
		return err
	}
	return w.exclusionCheck(int64(most))
}

func (w *world) exclusionCheckCatches(n string) error {
	err := w.exclusionCheck(1)
	want := n + " goroutines were inside the critical section at once"
	if err == nil || err.Error() != want {
		return fmt.Errorf("the exclusion check should have said %q; it said: %v", want, err)
	}
	return nil
}

func (w *world) atomicAdds(goroutines, times string) error {
	g, err := count("the number of goroutines", goroutines, maxGoroutines)
	if err != nil {
		return err
	}
	k, err := count("the number of additions", times, maxRepeats)
	if err != nil {
		return err
	}
	var n atomic.Int64
	var wg sync.WaitGroup
	for range g {
		wg.Go(func() {
			for range k {
				n.Add(1)
			}
		})
	}
	wg.Wait()
	w.primitive.count = n.Load()
	return nil
}

// loadStoreInterleaved forces the bad interleaving: both goroutines load the same value before
// either stores, so both store value+1.
func (w *world) loadStoreInterleaved(ctx context.Context) error {
	var n atomic.Int64
	var loaded sync.WaitGroup
	loaded.Add(2)
	bothLoaded := make(chan struct{})
	go func() { loaded.Wait(); close(bothLoaded) }()
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			primitives.IncrementLoadStore(&n, func() {
				loaded.Done()
				<-bothLoaded
			})
		})
	}
	wg.Wait()
	w.primitive.count = n.Load()
	return nil
}

func (w *world) atomicCountIs(want string) error {
	if fmt.Sprint(w.primitive.count) != want {
		return fmt.Errorf("the count is %d, want %s", w.primitive.count, want)
	}
	return nil
}

func (w *world) errgroupLoop(n string) error {
	k, err := count("the number of tasks", n, maxGoroutines)
	if err != nil {
		return err
	}
	slots := make([]bool, k)
	var g errgroup.Group
	for i := range slots {
		g.Go(func() error { slots[i] = true; return nil })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	w.primitive.slots = slots
	return nil
}

func (w *world) allSlotsFilled(n string) error {
	if fmt.Sprint(len(w.primitive.slots)) != n {
		return fmt.Errorf("%d slots, want %s", len(w.primitive.slots), n)
	}
	for i, filled := range w.primitive.slots {
		if !filled {
			return fmt.Errorf("slot %d is empty after Wait", i)
		}
	}
	return nil
}
