package harness

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// ControlsPackage is the child program that runs negative controls, one subcommand each.
const ControlsPackage = "github.com/concspec/concspec/cmd/concspec-controls"

// RaceEnv makes a race-enabled child stop at the first report (exit status 66) and skip the
// one-second sleep the race runtime otherwise takes at exit.
const RaceEnv = "GORACE=halt_on_error=1 atexit_sleep_ms=0"

// RaceExitCode is the exit status of a race-enabled program that halted on a data race.
const RaceExitCode = 66

// Child describes one run of the controls program.
type Child struct {
	// Race builds the program with the race detector.
	Race bool
	// Args are the subcommand and its flags.
	Args []string
	// Env is added to the environment of the test process.
	Env []string
	// Bound stops the child (SIGQUIT, so a Go child dumps its goroutines) when it runs longer;
	// zero means half the scenario hang bound.
	Bound time.Duration
}

// ChildResult is what a child run left behind.
type ChildResult struct {
	ExitCode int
	Stdout   string
	Stderr   string
	Elapsed  time.Duration
	// StoppedByBound says the child was still running at the bound and was stopped.
	StoppedByBound bool
}

// RunChild runs the controls program as a child process. A child that exits non-zero is not an
// error here: negative controls expect that. The error reports only what kept the child from
// running at all.
func RunChild(ctx context.Context, c Child) (ChildResult, error) {
	s := current(ctx)
	if s == nil {
		return ChildResult{}, errNoScenario
	}
	bin, err := s.run.controls.binary(c.Race)
	if err != nil {
		return ChildResult{}, err
	}
	bound := c.Bound
	if bound == 0 {
		bound = s.run.suite.hangBound() / 2
	}
	runCtx, cancel := context.WithTimeout(ctx, bound)
	defer cancel()
	cmd := exec.CommandContext(runCtx, bin, c.Args...)
	cmd.Env = append(append(os.Environ(), s.run.suite.Env...), c.Env...)
	if c.Race {
		cmd.Env = append(cmd.Env, RaceEnv)
	}
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGQUIT) }
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err = cmd.Run()
	res := ChildResult{
		ExitCode:       cmd.ProcessState.ExitCode(),
		Stdout:         stdout.String(),
		Stderr:         stderr.String(),
		Elapsed:        time.Since(start),
		StoppedByBound: errors.Is(runCtx.Err(), context.DeadlineExceeded),
	}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return res, fmt.Errorf("running %s %v: %w", filepath.Base(bin), c.Args, err)
	}
	s.lastChild = &childRun{race: c.Race, result: res}
	return res, nil
}

// childRun is a child the scenario ran.
type childRun struct {
	race   bool
	result ChildResult
}

// LastChild is the child process the scenario ran last, whether it was built with the race
// detector, and false if the scenario has run none.
func LastChild(ctx context.Context) (res ChildResult, race, ok bool) {
	s := current(ctx)
	if s == nil || s.lastChild == nil {
		return ChildResult{}, false, false
	}
	return s.lastChild.result, s.lastChild.race, true
}

// builds holds the controls program of one run, built once for each race setting.
//
// Both are built before the first scenario (prepare), outside every hang bound: on a fresh
// machine the race-enabled build takes half a minute, which is no scenario's time.
type builds struct {
	mu   sync.Mutex
	dir  string
	bins map[bool]string
}

func (b *builds) binary(race bool) (string, error) {
	b.mu.Lock()
	if bin, ok := b.bins[race]; ok {
		b.mu.Unlock()
		return bin, nil
	}
	if b.dir == "" {
		dir, err := os.MkdirTemp("", "concspec-controls-")
		if err != nil {
			b.mu.Unlock()
			return "", err
		}
		b.dir, b.bins = dir, map[bool]string{}
	}
	dir := b.dir
	b.mu.Unlock()
	name, args := "concspec-controls", []string{"build"}
	if race {
		name, args = "concspec-controls-race", append(args, "-race")
	}
	bin := filepath.Join(dir, name)
	start := time.Now()
	out, err := exec.Command("go", append(args, "-o", bin, ControlsPackage)...).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("building the negative-control program %s: %w\n%s", ControlsPackage, err, out)
	}
	fmt.Printf("concspec: built %s in %.1fs, before the first scenario\n", name, time.Since(start).Seconds())
	b.mu.Lock()
	defer b.mu.Unlock()
	b.bins[race] = bin
	return bin, nil
}

func (b *builds) remove() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.dir != "" {
		os.RemoveAll(b.dir)
		b.dir, b.bins = "", nil
	}
}

// prepare builds the controls program with and without the race detector, side by side.
func (b *builds) prepare() error {
	errs := make(chan error, 2)
	for _, race := range []bool{false, true} {
		go func() {
			_, err := b.binary(race)
			errs <- err
		}()
	}
	return errors.Join(<-errs, <-errs)
}
