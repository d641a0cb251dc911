package steps

import (
	"context"

	"github.com/concspec/concspec/harness"
	"github.com/cucumber/godog"
)

func (w *world) registerGoroutines(sc *godog.ScenarioContext) {
	sc.Then(re(`^no goroutine is left running$`), noGoroutineLeft)
}

// noGoroutineLeft checks for leaks now, as a visible step; the harness checks again after the
// scenario's cleanups.
func noGoroutineLeft(ctx context.Context) error {
	return harness.NoLeaks(ctx)
}
