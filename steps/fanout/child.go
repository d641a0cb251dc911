package fanout

import (
	"context"
	"fmt"
	"regexp"
	"strconv"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
)

func (s *state) fetchInChild(ctx context.Context, name, n string) error {
	k, err := stepkit.Count("the number of URLs", n, 10_000)
	if err != nil {
		return err
	}
	return shared.RunChild(ctx, false, &s.child, "fanout", "-impl", name, "-urls", strconv.Itoa(k))
}

// childLeakCheck is the child's leak detector: the child exited normally, and its leak check
// found no goroutine the fan-out left running once every connection was closed.
func (s *state) childLeakCheck(ctx context.Context) error {
	if _, err := shared.ExitedNormally(ctx); err != nil {
		return err
	}
	return harness.Detect(ctx, childLeaks, func() error {
		if s.child.LeakReport != "" {
			return fmt.Errorf("the child's leak check found goroutines the fan-out left running:\n%s", s.child.LeakReport)
		}
		return nil
	})
}

func (s *state) childLeftNothing(ctx context.Context) error { return s.childLeakCheck(ctx) }

func (s *state) childLeftNothingFails(ctx context.Context, n, function string) error {
	if s.childLeakCheck(ctx) == nil {
		return fmt.Errorf("the child's leak check did not fire: it should have found %s goroutines blocked sending in %q", n, function)
	}
	sending := regexp.MustCompile(`in state chan send, with \S*` + regexp.QuoteMeta(function))
	if blocked := len(sending.FindAllString(s.child.LeakReport, -1)); strconv.Itoa(blocked) != n {
		return fmt.Errorf("the child's leak check found %d goroutines blocked sending in %q, want %s:\n%s", blocked, function, n, s.child.LeakReport)
	}
	return nil
}
