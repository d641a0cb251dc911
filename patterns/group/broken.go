package group

import "context"

// ReturnsEarly is a NEGATIVE CONTROL (rule R09): a group whose Wait does not wait. It returns
// nil at once, while tasks may still be running, so whatever they do afterwards happens
// outside the group's lifetime and their errors reach nobody. Go and TryGo are the reference
// group's.
type ReturnsEarly struct {
	*Group
}

// EarlyWithContext returns a ReturnsEarly group.
func EarlyWithContext(parent context.Context) ReturnsEarly {
	return ReturnsEarly{WithContext(parent)}
}

// Wait returns at once.
func (ReturnsEarly) Wait() error { return nil }

// ExceedsLimit is a NEGATIVE CONTROL (bounded concurrency): a reference group whose SetLimit
// is off by one, so one task more than the limit runs at once.
type ExceedsLimit struct {
	*Group
}

// ExceedingWithContext returns an ExceedsLimit group.
func ExceedingWithContext(parent context.Context) ExceedsLimit {
	return ExceedsLimit{WithContext(parent)}
}

// SetLimit sets the limit to n+1: the bug.
func (g ExceedsLimit) SetLimit(n int) { g.Group.SetLimit(n + 1) }
