package harness

import (
	"errors"
	"testing"
)

func TestADetectorSwitchedOffIsBlindAndTheOthersStillLook(t *testing.T) {
	s := &scenario{run: &run{suite: Suite{Blind: "join"}}}
	broken := errors.New("Wait returned before its tasks")
	looked := false
	if err := s.detect("join", func() error { looked = true; return broken }); err != nil || looked {
		t.Fatalf("the blind detector looked (%v) or gave a verdict (%v)", looked, err)
	}
	if err := s.detect("limit", func() error { return broken }); !errors.Is(err, broken) {
		t.Fatalf("another detector lost its verdict: %v", err)
	}
	if err := s.detect("order", func() error { return nil }); err != nil {
		t.Fatalf("a detector that found nothing gave %v", err)
	}
	if len(s.fired) != 1 || s.fired[0] != "limit" {
		t.Fatalf("fired %v; want only the detector that found the rule broken", s.fired)
	}
}
