package catalog

import "github.com/concspec/concspec/patterns/counter"

// Counters are the shared counters, by name.
var Counters = map[string]Entry[counter.Counter]{
	"mutex":          {New: func() counter.Counter { return &counter.Mutex{} }},
	"atomic":         {New: func() counter.Counter { return &counter.Atomic{} }},
	"owner":          {New: func() counter.Counter { return counter.NewOwner() }},
	"unsynchronised": {New: func() counter.Counter { return &counter.Unsynchronised{} }, NegativeControl: true},
}
