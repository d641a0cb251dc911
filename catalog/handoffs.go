package catalog

import "github.com/concspec/concspec/patterns/ownership"

// Handoff sends n buffers of the given size on out, and closes it.
type Handoff func(out chan<- *ownership.Buffer, n, size int)

// Handoffs are the ways of passing buffers to another goroutine, by name.
var Handoffs = map[string]Entry[Handoff]{
	"send and let go":       {New: func() Handoff { return ownership.Handoff }},
	"send and keep writing": {New: func() Handoff { return ownership.HandoffThenKeepWriting }, NegativeControl: true},
}
