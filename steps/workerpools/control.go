package workerpools

import (
	"flag"
	"fmt"

	"github.com/concspec/concspec/internal/catalog"
)

// controlName is the child-process control of the slice.
const controlName = "pool-panic"

// Result is what the pool-panic control prints if the process lives: how many of the other
// tasks ran, and what StopAndWait panicked with ("" if it returned).
type Result struct {
	Ran      int    `json:"ran"`
	Panicked string `json:"panicked"`
}

// control runs a catalogued pool in which one task panics among others. A pool that recovers
// nothing lets the panic end the process, which is why this runs in a child process.
func control(cat *catalog.Catalog, args []string) (any, error) {
	flags := flag.NewFlagSet(controlName, flag.ContinueOnError)
	name := flags.String("impl", crashesOnPanic, "worker pool, by catalog name")
	workers := flags.Int("workers", 2, "the pool's workers")
	tasks := flags.Int("tasks", 4, "tasks besides the one that panics")
	msg := flags.String("message", "task exploded", "the value the task panics with")
	if err := flags.Parse(args); err != nil {
		return nil, err
	}
	impl, err := catalog.Lookup(cat, kind, *name)
	if err != nil {
		return nil, err
	}
	p := impl.Start(*workers)
	ran := make(chan struct{}, *tasks)
	for i := range *tasks + 1 {
		task := func() { ran <- struct{}{} }
		if i == *tasks/2 {
			task = func() { panic(*msg) }
		}
		if err := p.Submit(task); err != nil {
			return nil, fmt.Errorf("Submit refused a task: %w", err)
		}
	}
	var out Result
	func() {
		defer func() {
			if v := recover(); v != nil {
				out.Panicked = fmt.Sprint(v)
			}
		}()
		p.StopAndWait()
	}()
	out.Ran = len(ran)
	return out, nil
}
