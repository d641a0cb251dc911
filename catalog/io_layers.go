package catalog

import (
	"context"

	"github.com/concspec/concspec/patterns/mixed"
)

// IOLayer accepts requests from in until it is closed or ctx is done.
type IOLayer interface {
	Run(ctx context.Context, in <-chan mixed.Request, accepted mixed.Accepted)
}

// IOLayers are the ways of serving a mixed workload, by name.
var IOLayers = map[string]Entry[IOLayer]{
	"offloading to a pool of 1 worker": {New: func() IOLayer { return mixed.Offloading{Workers: 1, Queue: 8} }},
	"computing inline":                 {New: func() IOLayer { return mixed.Inline{} }, NegativeControl: true},
}
