package fanout

import (
	"context"
	"flag"
	"fmt"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/loopback"
	"go.uber.org/goleak"
)

// Result is what the fan-out control prints.
type Result struct {
	Results int `json:"results"`
	// LeakReport is goleak's report of the goroutines still running after the fan-out returned
	// and every connection was closed ("" if none).
	LeakReport string `json:"leak_report"`
}

// control fetches URLs from a loopback server with a catalogued fan-out, then looks for
// goroutines it left behind. Closing the channel before Wait crashes the process (send on a
// closed channel), and an unbuffered channel nobody drains leaves the senders blocked: both are
// why this runs in a child process.
func control(cat *catalog.Catalog, args []string) (any, error) {
	flags := flag.NewFlagSet("fanout", flag.ContinueOnError)
	name := flags.String("impl", "close before wait", "fan-out, by catalog name")
	n := flags.Int("urls", 10, "URLs to fetch")
	if err := flags.Parse(args); err != nil {
		return nil, err
	}
	if *n < 1 {
		return nil, fmt.Errorf("-urls must be at least 1")
	}
	fanOut, err := catalog.Lookup(cat, kind, *name)
	if err != nil {
		return nil, err
	}
	server := loopback.Start(*n)
	defer server.Close()
	baseline := goleak.IgnoreCurrent()
	results := fanOut(context.Background(), server.Client, server.URLs("ok", 0, *n, ""))
	server.Client.CloseIdleConnections()
	server.CloseClientConnections()
	out := Result{Results: len(results)}
	if err := goleak.Find(baseline); err != nil {
		out.LeakReport = err.Error()
	}
	return out, nil
}
