package semaphore_test

import (
	"context"
	"testing"

	"github.com/concspec/concspec/patterns/semaphore"
)

// A waiter that gives up leaves the queue, and the one behind it is served once its units are
// free.
func TestAWaiterThatGivesUpLeavesTheQueue(t *testing.T) {
	s := semaphore.New(2)
	if !s.TryAcquire(2) {
		t.Fatal("TryAcquire(2) on a free semaphore of weight 2 refused")
	}
	ctx, cancel := context.WithCancel(context.Background())
	gaveUp := make(chan error)
	go func() { gaveUp <- s.Acquire(ctx, 2) }()
	cancel()
	if err := <-gaveUp; err != context.Canceled {
		t.Fatalf("the cancelled Acquire returned %v, want context.Canceled", err)
	}
	s.Release(2)
	if !s.TryAcquire(2) {
		t.Fatal("after the cancelled Acquire and the Release, TryAcquire(2) refused: a unit leaked")
	}
	s.Release(2)
}

func TestReleasingMoreThanHeldPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("Release(1) on a semaphore holding nothing did not panic")
		}
	}()
	semaphore.New(1).Release(1)
}
