package catalog

import "github.com/concspec/concspec/patterns/parmap"

// IntMap maps ints with up to workers goroutines.
type IntMap func(in []int, workers int, f func(int) int) []int

// Maps are the parallel maps, by name.
var Maps = map[string]Entry[IntMap]{
	"ordered":          {New: func() IntMap { return parmap.Map[int, int] }},
	"completion-order": {New: func() IntMap { return parmap.MapInCompletionOrder[int, int] }, NegativeControl: true},
}
