package measure

import (
	"testing"
	"time"
)

func TestParallelismOfAWaitIsNearZero(t *testing.T) {
	s := Run(func() { <-time.After(30 * time.Millisecond) })
	if p := s.Parallelism(); p > 0.5 {
		t.Fatalf("waiting 30ms used %.2f processors on average", p)
	}
}

func TestMedianPicksTheMiddleRun(t *testing.T) {
	waits := []time.Duration{30 * time.Millisecond, 1 * time.Millisecond, 10 * time.Millisecond}
	i := 0
	s := Median(3, func() { <-time.After(waits[i]); i++ })
	if s.Wall < 10*time.Millisecond || s.Wall >= 30*time.Millisecond {
		t.Fatalf("the median of waits of 1, 10 and 30ms took %s", s.Wall)
	}
}
