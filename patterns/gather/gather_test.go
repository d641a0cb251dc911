package gather_test

import (
	"context"
	"errors"
	"testing"

	"github.com/concspec/concspec/patterns/gather"
)

func TestWaitReturnsEveryErrorAndNeverCancels(t *testing.T) {
	ctx := context.Background()
	g := gather.New(ctx)
	first, second := errors.New("first"), errors.New("second")
	g.Go(func(context.Context) error { return first })
	g.Go(func(context.Context) error { return second })
	g.Go(func(got context.Context) error {
		if got != ctx {
			t.Error("a task received another context than the one given to New")
		}
		return nil
	})
	err := g.Wait()
	if !errors.Is(err, first) || !errors.Is(err, second) {
		t.Fatalf("Wait returned %v, want both errors", err)
	}
}
