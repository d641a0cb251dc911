package lifetime_test

import (
	"context"
	"slices"
	"testing"

	"github.com/concspec/concspec/patterns/lifetime"
	"go.uber.org/goleak"
)

func TestCollectReturnsEveryResult(t *testing.T) {
	defer goleak.VerifyNone(t)
	tasks := []func() int{func() int { return 1 }, func() int { return 2 }, func() int { return 3 }}
	got := lifetime.Collect(tasks)
	slices.Sort(got)
	if !slices.Equal(got, []int{1, 2, 3}) {
		t.Fatalf("got %v", got)
	}
}

func TestReceiveOrCancelReturnsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := lifetime.ReceiveOrCancel(ctx, make(chan int)); err != context.Canceled {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}
