package group_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/concspec/concspec/patterns/group"
	"go.uber.org/goleak"
)

func TestFirstErrorCancelsWithItsCause(t *testing.T) {
	defer goleak.VerifyNone(t)
	boom := errors.New("boom")
	g := group.WithContext(context.Background())
	g.Go(func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() })
	g.Go(func(context.Context) error { return boom })
	if err := g.Wait(); err != boom {
		t.Fatalf("Wait returned %v, want boom", err)
	}
	if cause := context.Cause(g.Context()); cause != boom {
		t.Fatalf("cause %v, want boom", cause)
	}
}

func TestPanicBecomesAnErrorWithValueAndStack(t *testing.T) {
	defer goleak.VerifyNone(t)
	g := group.WithContext(context.Background())
	g.Go(func(context.Context) error { panic("kaboom") })
	var pe *group.PanicError
	if err := g.Wait(); !errors.As(err, &pe) || pe.Value != "kaboom" || !strings.Contains(string(pe.Stack), "group_test") {
		t.Fatalf("Wait returned %v, want a PanicError with the value and the task's stack", err)
	}
}

func TestPanicWithAnErrorUnwrapsToIt(t *testing.T) {
	defer goleak.VerifyNone(t)
	disk := errors.New("disk on fire")
	g := group.WithContext(context.Background())
	g.Go(func(context.Context) error { panic(disk) })
	if err := g.Wait(); !errors.Is(err, disk) {
		t.Fatalf("Wait returned %v, which errors.Is does not see as the error the task panicked with", err)
	}
}

func TestTryGoRefusesWhenFull(t *testing.T) {
	defer goleak.VerifyNone(t)
	g := group.WithContext(context.Background())
	g.SetLimit(1)
	release := make(chan struct{})
	g.Go(func(context.Context) error { <-release; return nil })
	if g.TryGo(func(context.Context) error { return nil }) {
		t.Fatal("TryGo started a task in a full group")
	}
	close(release)
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
}
