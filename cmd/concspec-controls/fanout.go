package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/concspec/concspec/catalog"
	"github.com/concspec/concspec/internal/controls"
	"github.com/concspec/concspec/internal/loopback"
	"go.uber.org/goleak"
)

// fanOut fetches URLs from a loopback server with a catalogued fan-out, then looks for
// goroutines it left behind. Closing the channel before Wait crashes the process (send on a
// closed channel), and an unbuffered channel nobody drains leaves the senders blocked: both are
// why this runs in a child process.
func fanOut(args []string) (any, error) {
	flags := flag.NewFlagSet("fanout", flag.ContinueOnError)
	name := flags.String("impl", "close before wait", "fan-out, by catalog name")
	n := flags.Int("urls", 10, "URLs to fetch")
	if err := flags.Parse(args); err != nil {
		return nil, err
	}
	if *n < 1 {
		return nil, fmt.Errorf("-urls must be at least 1")
	}
	entry, err := catalog.Lookup("fan-out", catalog.FanOuts, *name)
	if err != nil {
		return nil, err
	}
	server := loopback.Start(*n)
	defer server.Close()
	baseline := goleak.IgnoreCurrent()
	results := entry.New()(context.Background(), server.Client, server.URLs("ok", 0, *n, ""))
	server.Client.CloseIdleConnections()
	server.CloseClientConnections()
	out := controls.FanOutResult{Results: len(results)}
	if err := goleak.Find(baseline); err != nil {
		out.LeakReport = err.Error()
	}
	return out, nil
}
