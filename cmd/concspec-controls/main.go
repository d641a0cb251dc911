// Command concspec-controls runs concspec's negative controls in a process of their own: the bad
// patterns whose failure would otherwise take the test process down with it (a data race under
// the race detector, a panic nobody recovers, a goroutine that starves). The corpus builds it
// once per run, with and without -race, and asserts on its exit status and output.
//
// Usage:
//
//	concspec-controls <control> [flags]
//
// Each control prints one JSON object on stdout when it finishes.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
)

// control runs one negative control with its flags and returns what it prints.
type control func(args []string) (any, error)

var registry = map[string]control{
	"counter":     counterControl,
	"group-panic": groupPanic,
	"handoff":     handoff,
	"fanout":      fanOut,
	"tight-loop":  tightLoop,
}

func main() {
	if len(os.Args) < 2 || registry[os.Args[1]] == nil {
		fmt.Fprintf(os.Stderr, "usage: concspec-controls <control> [flags]; controls: %s\n", strings.Join(names(), ", "))
		os.Exit(2)
	}
	out, err := registry[os.Args[1]](os.Args[2:])
	if err != nil {
		fmt.Fprintf(os.Stderr, "concspec-controls %s: %v\n", os.Args[1], err)
		os.Exit(2)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fmt.Fprintf(os.Stderr, "concspec-controls %s: %v\n", os.Args[1], err)
		os.Exit(2)
	}
}

func names() []string {
	var list []string
	for name := range registry {
		list = append(list, name)
	}
	slices.Sort(list)
	return list
}
