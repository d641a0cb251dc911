package ecosystem

import (
	"context"

	"github.com/concspec/concspec"
)

// The contracts, one constructor each: an adapter file calls the one its library fits. The
// contract's rows are found in the corpus (the @contract Examples blocks the implementation is
// added to), so a contract needs nothing else here.
const (
	// TaskGroupContract is concspec.TaskGroup's contract (docs/contracts/task-group.md).
	TaskGroupContract = "task group"
	// CounterContract is concspec.SharedCounter's contract.
	CounterContract = "shared counter"
	// SemaphoreContract is concspec.WeightedSemaphore's contract (docs/contracts/semaphore.md).
	SemaphoreContract = "weighted semaphore"
	// LinkContract is concspec.ChannelLink's contract (docs/contracts/channel-link.md).
	LinkContract = "channel link"
	// WorkerPoolContract is concspec.WorkerPool's contract (docs/contracts/worker-pool.md).
	WorkerPoolContract = "worker pool"
	// OrderedMapContract is concspec.OrderedMap's contract (docs/contracts/ordered-map.md).
	OrderedMapContract = "ordered map"
)

// taskGroup adapts a library's task group; library is a value of one of its types.
func taskGroup(name string, library any, start func(parent context.Context, limit int) concspec.Group, capabilities ...string) Adapter {
	return Adapter{
		Name: name, Contract: TaskGroupContract, Package: packageOf(library), Capabilities: capabilities,
		Implementation: concspec.TaskGroup(name, start, capabilities...),
	}
}

// sharedCounter adapts a library's counter; library is a value of one of its types.
func sharedCounter(name string, library any, newCounter func() concspec.Counter) Adapter {
	return Adapter{
		Name: name, Contract: CounterContract, Package: packageOf(library),
		Implementation: concspec.SharedCounter(name, newCounter),
	}
}

// weightedSemaphore adapts a library's semaphore; library is a value of one of its types.
func weightedSemaphore(name string, library any, newSemaphore func(weight int64) concspec.Semaphore, capabilities ...string) Adapter {
	return Adapter{
		Name: name, Contract: SemaphoreContract, Package: packageOf(library), Capabilities: capabilities,
		Implementation: concspec.WeightedSemaphore(name, newSemaphore, capabilities...),
	}
}

// channelLink adapts a library's channel or queue; library is a value of one of its types.
func channelLink(name string, library any, open func(ctx context.Context, capacity int) concspec.Link, capabilities ...string) Adapter {
	return Adapter{
		Name: name, Contract: LinkContract, Package: packageOf(library), Capabilities: capabilities,
		Implementation: concspec.ChannelLink(name, open, capabilities...),
	}
}

// workerPool adapts a library's worker pool; library is a value of one of its types.
func workerPool(name string, library any, start func(limit int) concspec.Pool, capabilities ...string) Adapter {
	return Adapter{
		Name: name, Contract: WorkerPoolContract, Package: packageOf(library), Capabilities: capabilities,
		Implementation: concspec.WorkerPool(name, start, capabilities...),
	}
}

// orderedMap adapts a library's ordered parallel map; library is a value of one of its types
// (or one of its functions).
func orderedMap(name string, library any, mapFn concspec.MapFunc, capabilities ...string) Adapter {
	return Adapter{
		Name: name, Contract: OrderedMapContract, Package: packageOf(library), Capabilities: capabilities,
		Implementation: concspec.OrderedMap(name, mapFn, capabilities...),
	}
}
