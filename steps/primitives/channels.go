package primitives

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
)

func (s *state) sendInOrder(ctx context.Context, n, buffer string) error {
	k, err := stepkit.Count("the number of values", n, stepkit.MaxRepeats)
	if err != nil {
		return err
	}
	size, err := stepkit.Number("the buffer size", buffer, 0, stepkit.MaxRepeats)
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
	// Unbounded on purpose: the sender only sends, to this loop, and then closes the channel.
	for v := range ch {
		s.received = append(s.received, v)
	}
	if len(s.received) != k {
		return fmt.Errorf("received %d values, sent %d", len(s.received), k)
	}
	return nil
}

func (s *state) receivedInOrder() error {
	for i, v := range s.received {
		if v != i+1 {
			return fmt.Errorf("value %d arrived in position %d", v, i+1)
		}
	}
	return nil
}

func (s *state) fillAndClose(n string) error {
	k, err := stepkit.Count("the number of values", n, 3)
	if err != nil {
		return err
	}
	ch := make(chan int, 3)
	for i := 1; i <= k; i++ {
		ch <- i // k is at most 3, the buffer: the send cannot block
	}
	close(ch)
	for range k + 3 {
		v, ok := <-ch
		if ok {
			s.received = append(s.received, v)
		} else {
			s.received = append(s.received, -v-1) // -1 marks "zero, not ok"
		}
	}
	return nil
}

func (s *state) drainClosed(n string) error {
	var got []string
	for _, v := range s.received {
		if v < 0 {
			got = append(got, "zero/!ok")
		} else {
			got = append(got, fmt.Sprint(v))
		}
	}
	k, err := stepkit.Count("the number of values", n, 3)
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

func (s *state) sendOnClosed() {
	ch := make(chan int, 1)
	close(ch)
	defer func() { s.panicked = recover() }()
	ch <- 1
}

func (s *state) sendPanicked(msg string) error {
	if p := s.panicked; p == nil || fmt.Sprint(p) != msg {
		return fmt.Errorf("the send panicked with %v, want %q", p, msg)
	}
	return nil
}

// nilReceive starts a goroutine that receives from a nil channel. It also selects on a gate the
// step that judges it opens (or the scenario's cleanup, if that step never runs), so that the
// goroutine can be let go.
func (s *state) nilReceive(ctx context.Context) error {
	s.nilStop = stepkit.NewGate()
	if err := harness.Cleanup(ctx, s.nilStop.Open); err != nil {
		return err
	}
	s.nilReceived, s.nilDone = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(s.nilDone)
		var nilCh chan int
		select {
		case <-nilCh:
			close(s.nilReceived)
		case <-s.nilStop.Wait():
		}
	}()
	return nil
}

// nilStillWaiting shows the receive from the nil channel still waiting when a bounded wait runs
// out, then lets its goroutine go.
func (s *state) nilStillWaiting(ctx context.Context, millis string) error {
	ms, err := stepkit.Count("the wait in milliseconds", millis, 60_000)
	if err != nil {
		return err
	}
	if s.nilReceived == nil {
		return fmt.Errorf("nothing receives from a nil channel: start with `When a goroutine receives from a nil channel`")
	}
	err = shared.RunsOut(ctx, s.nilReceived, time.Duration(ms)*time.Millisecond, "a value from the nil channel", func(parked []harness.Goroutine) string {
		return "a receive from a nil channel never proceeds; the goroutine is at " + shared.WhereAll(shared.In(parked, "(*state).nilReceive"))
	})
	s.nilStop.Open() // let the goroutine go, whatever the wait found
	if err != nil {
		return err
	}
	return shared.Settle(ctx, s.nilDone, "the goroutine that received from the nil channel", func(parked []harness.Goroutine) string {
		return "its gate is open, so it should return at once; but it is parked at " + shared.WhereAll(shared.In(parked, "(*state).nilReceive"))
	})
}

// nilNeverChosen shows that a select never chooses a nil channel, even over a closed one.
func nilNeverChosen(tries string) error {
	k, err := stepkit.Count("the number of tries", tries, stepkit.MaxRepeats)
	if err != nil {
		return err
	}
	var nilCh chan int
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
