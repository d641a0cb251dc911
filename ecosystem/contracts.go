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
