package catalog

import (
	"context"
	"sync"

	"github.com/concspec/concspec/patterns/lifetime"
	"github.com/concspec/concspec/patterns/offload"
	"github.com/concspec/concspec/patterns/primitives"
)

// Locks are the locks guarding a critical section, by name.
var Locks = map[string]Entry[sync.Locker]{
	"sync.Mutex": {New: func() sync.Locker { return &sync.Mutex{} }},
	"no lock":    {New: func() sync.Locker { return primitives.NoLock{} }, NegativeControl: true},
}

// Receiver waits for a value from ch, or (if it can be stopped) for ctx.
type Receiver func(ctx context.Context, ch <-chan int) (int, error)

// Receivers are the ways of waiting for a value, by name.
var Receivers = map[string]Entry[Receiver]{
	"select on the context": {New: func() Receiver { return lifetime.ReceiveOrCancel[int] }},
	"receive for ever": {New: func() Receiver {
		return func(_ context.Context, ch <-chan int) (int, error) { return lifetime.ReceiveForever(ch), nil }
	}, NegativeControl: true},
}

// Pool runs CPU-heavy work away from the goroutine that asks for it.
type Pool interface {
	offload.Offloader
	Close()
}

// Pools make pools with a number of workers, by name.
var Pools = map[string]Entry[func(workers int) Pool]{
	"bounded pool": {New: func() func(int) Pool { return func(n int) Pool { return offload.NewPool(n) } }},
	"runs in the caller": {New: func() func(int) Pool { return func(int) Pool { return offload.InCaller{} } },
		NegativeControl: true},
}
