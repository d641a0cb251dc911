package main

import (
	"flag"
	"fmt"

	"github.com/concspec/concspec/catalog"
	"github.com/concspec/concspec/internal/controls"
	"github.com/concspec/concspec/patterns/ownership"
)

// handoff passes buffers from one goroutine to another with a catalogued handoff; the receiver
// reads every buffer it gets. Built with -race, the handoff that keeps writing after the send
// is reported; the one that lets go is not.
func handoff(args []string) (any, error) {
	flags := flag.NewFlagSet("handoff", flag.ContinueOnError)
	name := flags.String("impl", "send and keep writing", "handoff, by catalog name")
	n := flags.Int("buffers", 100, "buffers to hand over")
	size := flags.Int("size", 64, "ints per buffer")
	if err := flags.Parse(args); err != nil {
		return nil, err
	}
	if *n < 1 || *size < 1 {
		return nil, fmt.Errorf("-buffers and -size must be at least 1")
	}
	entry, err := catalog.Lookup("handoff", catalog.Handoffs, *name)
	if err != nil {
		return nil, err
	}
	out := make(chan *ownership.Buffer)
	go entry.New()(out, *n, *size)
	var res controls.HandoffResult
	for b := range out {
		res.Received++
		if b.Intact() {
			res.Intact++
		}
	}
	return res, nil
}
