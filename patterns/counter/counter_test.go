package counter_test

import (
	"testing"

	"github.com/concspec/concspec/patterns/counter"
	"go.uber.org/goleak"
)

func TestCorrectCountersAreExact(t *testing.T) {
	defer goleak.VerifyNone(t)
	owner := counter.NewOwner()
	defer owner.Close()
	for name, c := range map[string]counter.Counter{"mutex": &counter.Mutex{}, "atomic": &counter.Atomic{}, "owner": owner} {
		counter.IncrementConcurrently(c, 16, 500)
		if got := c.Value(); got != 8000 {
			t.Errorf("%s counter: got %d, want 8000", name, got)
		}
	}
}

// The unsynchronised counter is correct when only one goroutine uses it: its bug is the race,
// nothing else.
func TestUnsynchronisedCounterIsExactFromOneGoroutine(t *testing.T) {
	var c counter.Unsynchronised
	counter.IncrementConcurrently(&c, 1, 1000)
	if got := c.Value(); got != 1000 {
		t.Fatalf("got %d, want 1000", got)
	}
}
