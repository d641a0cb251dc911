package primitives

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
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

func nilChannelBlocks(millis, tries string) error {
	ms, err := stepkit.Count("the wait in milliseconds", millis, 60_000)
	if err != nil {
		return err
	}
	k, err := stepkit.Count("the number of tries", tries, stepkit.MaxRepeats)
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
