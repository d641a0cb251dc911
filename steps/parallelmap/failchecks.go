package parallelmap

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
)

// The checks on what a map did with items that fail or panic (failures.go), each through its
// detector, the negative controls' verdicts, and the rows' documented differences.

// needFailing fails a step that reads what the map did with failing items when no step of the
// scenario made items fail or panic.
func (s *state) needFailing() error {
	if s.failing == nil {
		return errors.New("this step reads what the map did with items that fail or panic: it follows a step in which the map maps such items")
	}
	return nil
}

// joinCheck is the map-join check: the map returned, or its panic reached the caller, only once
// every call it started had returned.
func (s *state) joinCheck(ctx context.Context, k int) error {
	fl := s.failing
	return harness.Detect(ctx, mapJoin, func() error {
		started := fl.started.Load()
		if fl.atEnd == started && started == int64(k) {
			return nil
		}
		end := "the map returned"
		if fl.panicked {
			end = "the panic reached the map's caller"
		}
		return fmt.Errorf("%s while %d of the %d calls were still running", end, started-fl.atEnd, started)
	})
}

func (s *state) returnedAfterAll(ctx context.Context, n string) error {
	if err := s.needFailing(); err != nil {
		return err
	}
	k, err := stepkit.Count("the number of calls", n, 1_000)
	if err != nil {
		return err
	}
	if err := s.joinCheck(ctx, k); err != nil {
		return err
	}
	return s.conform(ctx, harness.Holds, "the map returns only once every call has returned, when an item fails or panics")
}

func (s *state) returnedAfterAllFails(ctx context.Context, n, reason string) error {
	if err := s.needFailing(); err != nil {
		return err
	}
	k, err := stepkit.Count("the number of calls", n, 1_000)
	if err != nil {
		return err
	}
	return firedWith(s.joinCheck(ctx, k), reason)
}

// firedWith is a negative control's verdict: the check fired, saying exactly reason.
func firedWith(err error, reason string) error {
	switch {
	case err == nil:
		return fmt.Errorf("the check did not fire; it should have said: %s", reason)
	case err.Error() != reason:
		return fmt.Errorf("the check fired, saying %q; it should have said %q", err, reason)
	}
	return nil
}

// failure is the error an item of this scenario fails with, found by its text.
func (s *state) failure(msg string) (error, error) {
	if err := s.needFailing(); err != nil {
		return nil, err
	}
	for _, e := range s.failing.errs {
		if e != nil && e.Error() == msg {
			return e, nil
		}
	}
	return nil, fmt.Errorf("no item of this scenario fails with %q", msg)
}

// describe names an error and its type, so that a copy with the same text is told apart.
func describe(err error) string {
	if err == nil {
		return "no error"
	}
	return fmt.Sprintf("%q (%T)", err, err)
}

// errorCheck is the check on the map's error: it is errors.Is the item's error — and, with
// only, is no other item's error nor a cancellation.
func (s *state) errorCheck(ctx context.Context, msg string, only bool) error {
	want, err := s.failure(msg)
	if err != nil {
		return err
	}
	return harness.Detect(ctx, mapError, func() error {
		if s.failing.panicked {
			return fmt.Errorf("it let a panic through to its caller: %v", s.failing.value)
		}
		if !errors.Is(s.err, want) {
			return fmt.Errorf("it returned %s", describe(s.err))
		}
		if !only {
			return nil
		}
		for _, other := range append(slices.Clone(s.failing.errs), context.Canceled) {
			if other != nil && other != want && errors.Is(s.err, other) {
				return fmt.Errorf("it returned %s, which is %q too", describe(s.err), other)
			}
		}
		return nil
	})
}

func (s *state) returnsError(ctx context.Context, msg string) error {
	if err := s.errorCheck(ctx, msg, false); err != nil {
		return err
	}
	return s.conform(ctx, harness.Holds, fmt.Sprintf("the map returns the failing item's error %q", msg))
}

func (s *state) returnsErrorFails(ctx context.Context, msg, reason string) error {
	return firedWith(s.errorCheck(ctx, msg, false), reason)
}

func (s *state) returnsOnly(ctx context.Context, msg string) error {
	if err := s.errorCheck(ctx, msg, true); err != nil {
		return err
	}
	return s.conform(ctx, harness.Holds, fmt.Sprintf("the map returns only the first error, %q", msg))
}

// returnsJoined is a row's documented difference: the map returns every failure, joined.
func (s *state) returnsJoined(ctx context.Context, first, second, third string) error {
	for _, msg := range []string{first, second, third} {
		want, err := s.failure(msg)
		if err != nil {
			return err
		}
		if !errors.Is(s.err, want) {
			return fmt.Errorf("the %s map returned %s, which is not %q", s.name, describe(s.err), msg)
		}
	}
	return s.conform(ctx, harness.Differs, "the map returns every item's error, joined")
}

// returnsNoError is a row's documented difference: the map has no way to return an error, and
// a failing item's error reaches nobody.
func (s *state) returnsNoError(ctx context.Context) error {
	if err := s.needFailing(); err != nil {
		return err
	}
	if s.err != nil || s.failing.panicked {
		return fmt.Errorf("the %s map was said to have no way to return an error, but it returned %s (a panic reached its caller: %v)", s.name, describe(s.err), s.failing.panicked)
	}
	return s.conform(ctx, harness.Differs, "the map has no way to return an item's error")
}

// cancelCheck is the sibling-cancellation check: once the map had dealt with the failure, every
// other item had seen its context done.
func (s *state) cancelCheck(ctx context.Context, others int) error {
	return harness.Detect(ctx, mapCancel, func() error {
		if s.cancelled != others {
			return fmt.Errorf("%d of the %d other items had not observed cancellation once the map had dealt with the failure", others-s.cancelled, others)
		}
		return nil
	})
}

func (s *state) othersCancelled(ctx context.Context, n string) error {
	if err := s.needFailing(); err != nil {
		return err
	}
	k, err := stepkit.Count("the number of other items", n, 1_000)
	if err != nil {
		return err
	}
	if err := s.cancelCheck(ctx, k); err != nil {
		return err
	}
	return s.conform(ctx, harness.Holds, "a failure cancels the context the other calls hold")
}

func (s *state) othersCancelledFails(ctx context.Context, n, reason string) error {
	if err := s.needFailing(); err != nil {
		return err
	}
	k, err := stepkit.Count("the number of other items", n, 1_000)
	if err != nil {
		return err
	}
	return firedWith(s.cancelCheck(ctx, k), reason)
}

// noneCancelled is a row's documented difference: a failure cancels nothing.
func (s *state) noneCancelled(ctx context.Context) error {
	if err := s.needFailing(); err != nil {
		return err
	}
	if s.cancelled != 0 {
		return fmt.Errorf("%d other items observed cancellation, where the %s map was said to cancel nothing", s.cancelled, s.name)
	}
	return s.conform(ctx, harness.Differs, "a failure cancels nothing: the other calls run on until they finish")
}

// itemFrame is the panicking item's frame, which a stack through it names.
const itemFrame = "parallelmap.(*failing).item"

// panicCheck is the check on what a panicking item does: the row's outcome, the panic as the
// map's error carrying the value and a stack through the item, or the panic raised again in
// the map's caller.
func (s *state) panicCheck(ctx context.Context, value string, asError bool) error {
	fl := s.failing
	return harness.Detect(ctx, mapPanic, func() error {
		switch {
		case asError && fl.panicked:
			return fmt.Errorf("it let the panic through to its caller: %v", fl.value)
		case asError && s.err == nil:
			return errors.New("it returned no error")
		case asError && !strings.Contains(s.err.Error(), value):
			return fmt.Errorf("it returned %s, which does not carry the panic value %q", describe(s.err), value)
		case asError && !strings.Contains(s.err.Error(), itemFrame):
			return fmt.Errorf("it returned %s, without a stack through %s", describe(s.err), itemFrame)
		case !asError && !fl.panicked:
			return fmt.Errorf("no panic reached its caller; it returned %s", describe(s.err))
		case !asError && !strings.Contains(fmt.Sprint(fl.value), value):
			return fmt.Errorf("the panic that reached its caller, %v, does not carry %q", fl.value, value)
		}
		return nil
	})
}

func (s *state) panicAsError(ctx context.Context, value string) error {
	if err := s.needFailing(); err != nil {
		return err
	}
	if err := s.panicCheck(ctx, value, true); err != nil {
		return err
	}
	return s.conform(ctx, harness.Holds, "a panicking item becomes the map's error")
}

func (s *state) panicAsErrorFails(ctx context.Context, value, reason string) error {
	if err := s.needFailing(); err != nil {
		return err
	}
	return firedWith(s.panicCheck(ctx, value, true), reason)
}

func (s *state) panicReachesCaller(ctx context.Context, value string) error {
	if err := s.needFailing(); err != nil {
		return err
	}
	if err := s.panicCheck(ctx, value, false); err != nil {
		return err
	}
	return s.conform(ctx, harness.Differs, "a panicking item's panic is raised again in the map's caller, once every call has returned")
}

// conform records a conformance observation, except for negative controls, which are not
// implementations anyone should use.
func (s *state) conform(ctx context.Context, verdict harness.Verdict, observed string) error {
	if catalog.IsBroken(s.cat, kind, s.name) {
		return nil
	}
	return harness.Conform(ctx, s.name, verdict, observed)
}
