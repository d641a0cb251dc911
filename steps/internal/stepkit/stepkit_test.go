package stepkit

import (
	"errors"
	"fmt"
	"testing"
)

func TestCountAcceptsOnlyTheStatedRange(t *testing.T) {
	for _, arg := range []string{"0", "-3", "11", "x", ""} {
		if _, err := Count("the number of goroutines", arg, 10); err == nil {
			t.Errorf("Count accepted %q", arg)
		}
	}
	for _, arg := range []string{"1", "10"} {
		if _, err := Count("the number of goroutines", arg, 10); err != nil {
			t.Errorf("Count refused %q: %v", arg, err)
		}
	}
	_, err := Count("the number of goroutines", "-3", 10)
	if want := `the number of goroutines must be a whole number from 1 to 10, got "-3"`; err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}

func TestFlattenFindsEveryJoinedError(t *testing.T) {
	a, b, c := errors.New("a"), errors.New("b"), errors.New("c")
	if got := Flatten(errors.Join(a, errors.Join(b, c))); len(got) != 3 || got[0] != a || got[1] != b || got[2] != c {
		t.Errorf("got %v, want [a b c]", got)
	}
	if Flatten(nil) != nil || len(Flatten(fmt.Errorf("wrapped: %w", a))) != 1 {
		t.Error("a single or nil error must flatten to itself or nothing")
	}
}

func TestGateOpensOnceAndForAll(t *testing.T) {
	g := NewGate()
	g.Open()
	g.Open()
	<-g.Wait()
}
