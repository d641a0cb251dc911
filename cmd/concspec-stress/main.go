// Command concspec-stress runs the corpus again and again to find what a busy machine flips:
// beside each neighbour (nothing; one CPU burner; two burners in another session; a compile of
// the standard library from scratch) and at each GOMAXPROCS setting, a number of times, in a
// fresh random order each time. It prints the matrix of runs by GOMAXPROCS and neighbour, with
// the machine's CPU pressure in each cell, the failures with the seed that replays each and the
// scenarios that failed, and the slowest scenarios; it exits non-zero if any run failed.
//
// Every neighbour runs in a process group of its own and is ended with it, also when a run
// fails or concspec-stress is interrupted.
//
// Usage (from the module root; `make stress` does this):
//
//	go run ./cmd/concspec-stress -runs 3 -procs 1,2,4,8 -neighbours none,one,two,build -tags '~@slow'
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/concspec/concspec/internal/corpusbin"
)

func main() {
	if len(os.Args) == 4 && os.Args[1] == leaderCommand {
		if err := lead(os.Args[2], os.Args[3]); err != nil {
			fmt.Fprintln(os.Stderr, "concspec-stress neighbour:", err)
			os.Exit(1)
		}
		return
	}
	runs := flag.Int("runs", 3, "runs of the corpus in each cell (GOMAXPROCS setting × neighbour)")
	procs := flag.String("procs", "1,2,4,8", "GOMAXPROCS settings, comma-separated")
	near := flag.String("neighbours", "none,one,two,build", "neighbours, comma-separated: "+neighbourNames())
	tags := flag.String("tags", "~@slow", "godog tag expression selecting the scenarios")
	flag.Parse()
	p, err := parsePlan(*runs, *procs, *near, *tags)
	if err != nil {
		fmt.Fprintln(os.Stderr, "concspec-stress:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err = stress(ctx, p)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "concspec-stress:", err)
		os.Exit(1)
	}
}

// plan is what to run: runs in each cell of procs × neighbours.
type plan struct {
	runs       int
	procs      []int
	neighbours []neighbour
	tags       string
}

func parsePlan(runs int, procs, near, tags string) (plan, error) {
	p := plan{runs: runs, tags: tags}
	if runs < 1 {
		return p, errors.New("-runs must be at least 1")
	}
	var err error
	if p.procs, err = parseProcs(procs); err != nil {
		return p, err
	}
	p.neighbours, err = parseNeighbours(near)
	return p, err
}

func parseProcs(list string) ([]int, error) {
	var settings []int
	for _, field := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-procs: %q is not a GOMAXPROCS setting", field)
		}
		settings = append(settings, n)
	}
	return settings, nil
}

func neighbourNames() string {
	var names []string
	for _, n := range neighbours {
		names = append(names, n.name)
	}
	return strings.Join(names, ", ")
}

// stress runs the plan, neighbour by neighbour, and reports; when ctx ends (an interrupt) it
// stops the neighbour and reports what ran.
func stress(ctx context.Context, p plan) error {
	corpus, remove, err := corpusbin.Build()
	if err != nil {
		return err
	}
	defer remove()
	var results []runResult
	for _, n := range p.neighbours {
		got, err := beside(ctx, n, p, corpus)
		results = append(results, got...)
		if err != nil {
			return errors.Join(err, report(p, results))
		}
	}
	return report(p, results)
}

// beside runs the plan's cells of neighbour n: n is started, the corpus runs at each GOMAXPROCS
// setting p.runs times, and n is stopped, whatever happened.
func beside(ctx context.Context, n neighbour, p plan, corpus string) (results []runResult, err error) {
	fmt.Printf("\nneighbour %s: %s\n", n.name, n.about)
	r, err := n.start()
	if err != nil {
		return nil, err
	}
	defer func() { err = errors.Join(err, r.stop()) }()
	for _, procs := range p.procs {
		for range p.runs {
			if ctx.Err() != nil {
				return results, errors.New("interrupted")
			}
			got, err := runOnce(ctx, corpus, n.name, procs, p.tags)
			if err == nil {
				err = r.gone()
			}
			if err != nil {
				return results, err
			}
			fmt.Println(got.line())
			results = append(results, got)
		}
	}
	return results, nil
}
