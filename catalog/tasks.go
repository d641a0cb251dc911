package catalog

import (
	"context"

	"github.com/concspec/concspec/patterns/lifetime"
	"github.com/concspec/concspec/patterns/pipeline"
)

// Waiter is a task that waits for its work to be released, or (if it honours it) for its
// context to be done, and returns ctx's error in that case.
type Waiter func(ctx context.Context, work <-chan struct{}) error

// Waiters are the ways a task can wait, by name.
var Waiters = map[string]Entry[Waiter]{
	"honours its context": {New: func() Waiter { return lifetime.WaitForWork }},
	"ignores its context": {New: func() Waiter { return lifetime.WaitForWorkIgnoringContext }, NegativeControl: true},
}

// Collector runs tasks, each in its own goroutine, and returns the results it collected.
type Collector func(tasks []func() int) []int

// Collectors are the ways of collecting results, by name.
var Collectors = map[string]Entry[Collector]{
	"Collect":            {New: func() Collector { return lifetime.Collect[int] }},
	"CollectWithoutWait": {New: func() Collector { return lifetime.CollectWithoutWait[int] }, NegativeControl: true},
}

// StageBuilder makes a pipeline stage that applies f to every item.
type StageBuilder func(f func(int) (int, error)) pipeline.Stage

// Stages are the pipeline stages, by name.
var Stages = map[string]Entry[StageBuilder]{
	"map":                  {New: func() StageBuilder { return pipeline.Map }},
	"ignores cancellation": {New: func() StageBuilder { return pipeline.MapIgnoringCancel }, NegativeControl: true},
	"queues without bound": {New: func() StageBuilder { return pipeline.MapUnbounded }, NegativeControl: true},
}
