// Command concspec-stress runs the corpus again and again to find flakes: at each GOMAXPROCS
// setting, a number of times, in a fresh random order each time, with a CPU-burning neighbour
// process beside it. It reports the runs and failures (with the seed that replays each), and the
// slowest scenarios, and exits non-zero if any run failed.
//
// Usage (from the module root; `make stress` does this):
//
//	go run ./cmd/concspec-stress -runs 3 -procs 1,2,4,8 -tags '~@slow'
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/concspec/concspec/internal/corpusbin"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "burn" {
		burn()
		return
	}
	runs := flag.Int("runs", 3, "runs of the corpus at each GOMAXPROCS setting")
	procs := flag.String("procs", "1,2,4,8", "GOMAXPROCS settings, comma-separated")
	tags := flag.String("tags", "~@slow", "godog tag expression selecting the scenarios")
	neighbour := flag.Bool("neighbour", true, "run a CPU-burning neighbour process beside the corpus")
	flag.Parse()
	settings, err := parseProcs(*procs)
	if err == nil && *runs < 1 {
		err = fmt.Errorf("-runs must be at least 1")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "concspec-stress:", err)
		os.Exit(2)
	}
	if err := stress(*runs, settings, *tags, *neighbour); err != nil {
		fmt.Fprintln(os.Stderr, "concspec-stress:", err)
		os.Exit(1)
	}
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

func stress(runs int, settings []int, tags string, neighbour bool) error {
	corpus, remove, err := corpusbin.Build()
	if err != nil {
		return err
	}
	defer remove()
	dir := filepath.Dir(corpus)
	if neighbour {
		stop, err := startNeighbour()
		if err != nil {
			return err
		}
		defer stop()
	}
	var results []runResult
	for _, procs := range settings {
		for i := range runs {
			seed := rand.Int64N(1<<62) + 1
			r, err := runOnce(corpus, filepath.Join(dir, fmt.Sprintf("run-%d-%d", procs, i)), procs, seed, tags)
			if err != nil {
				return err
			}
			fmt.Println(r.line())
			results = append(results, r)
		}
	}
	return report(results)
}

// startNeighbour starts this program again as a process that burns one processor.
func startNeighbour() (stop func(), err error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, self, "burn")
	if err := cmd.Start(); err != nil {
		cancel()
		return nil, fmt.Errorf("starting the CPU-burning neighbour: %w", err)
	}
	return func() { cancel(); _ = cmd.Wait() }, nil
}

// burn keeps one processor busy until the process is killed.
func burn() {
	x := uint64(time.Now().UnixNano()) | 1
	for {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
}
