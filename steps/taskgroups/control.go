package taskgroups

import (
	"context"
	"flag"
	"fmt"

	"github.com/concspec/concspec/internal/catalog"
)

// Result is what the group-panic control prints if its Wait returns at all.
type Result struct {
	WaitReturned bool   `json:"wait_returned"`
	Error        string `json:"error"`
}

// control starts a catalogued task group in which one task panics while a sibling waits on its
// context. For a group that recovers nothing (errgroup, gather) the process dies with the panic
// before Wait returns, which is why this runs in a child process.
func control(cat *catalog.Catalog, args []string) (any, error) {
	flags := flag.NewFlagSet("group-panic", flag.ContinueOnError)
	name := flags.String("impl", "errgroup", "task group implementation, by catalog name")
	msg := flags.String("message", "task exploded", "the value the task panics with")
	if err := flags.Parse(args); err != nil {
		return nil, err
	}
	impl, err := catalog.Lookup(cat, groupKind, *name)
	if err != nil {
		return nil, err
	}
	g := impl.Start(context.Background(), 0)
	started := make(chan struct{})
	g.Go(func(ctx context.Context) error {
		close(started)
		<-ctx.Done()
		return ctx.Err()
	})
	g.Go(func(context.Context) error {
		<-started
		return explode(*msg)
	})
	err = g.Wait()
	return Result{WaitReturned: true, Error: fmt.Sprint(err)}, nil
}
