package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"sync"
	"syscall"
)

// readyLine is what the leader prints once its neighbour's processes run.
const readyLine = "ready\n"

// prSetChildSubreaper is prctl's PR_SET_CHILD_SUBREAPER: processes orphaned below the caller
// become its children, so it can wait for them.
const prSetChildSubreaper = 36

// lead runs the neighbour called name, in this process's group, until SIGTERM or until its
// standard input closes (concspec-stress ended without stopping it). It then ends the whole
// group and waits for every process in it, grandchildren included, so that none outlives it.
// If a burner ends before that (something else killed it), it ends the group and returns an
// error: concspec-stress must not go on running the corpus beside a neighbour that is gone.
func lead(name, cache string) error {
	n, err := neighbourCalled(name)
	if err != nil {
		return err
	}
	if syscall.Getpgrp() != os.Getpid() {
		return errors.New("a neighbour's leader must lead a process group of its own (concspec-stress starts it so): it ends its whole group")
	}
	if _, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0); errno != 0 {
		return fmt.Errorf("becoming the subreaper of the neighbour's processes: %w", errno)
	}
	end := make(chan os.Signal, 2)
	signal.Notify(end, syscall.SIGTERM)
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		end <- syscall.SIGTERM
	}()
	g := &group{lost: make(chan error, n.burners)}
	if err := g.run(n, cache); err != nil {
		g.end()
		return err
	}
	fmt.Print(readyLine)
	select {
	case <-end:
		g.end()
		return nil
	case err := <-g.lost:
		g.end()
		return err
	}
}

// group is the processes the leader started; it starts none once it is ending.
type group struct {
	mu     sync.Mutex
	ending bool
	// lost receives the end of a burner that ended before the group did.
	lost chan error
}

// run starts the neighbour's processes: its burners, or the build loop (whose first build has
// started when run returns).
func (g *group) run(n neighbour, cache string) error {
	for range n.burners {
		burner := exec.Command("yes")
		if err := g.start(burner); err != nil {
			return fmt.Errorf("starting a `yes` burner: %w", err)
		}
		go func() {
			err := burner.Wait()
			if !g.isEnding() {
				g.lost <- fmt.Errorf("its `yes` burner %d ended (%v) while the corpus ran beside it", burner.Process.Pid, err)
			}
		}()
	}
	if !n.build {
		return nil
	}
	first := make(chan error, 1)
	go g.buildLoop(cache, first)
	return <-first
}

// buildLoop compiles the standard library from scratch, again and again, until the group ends.
// A failed build is reported and the loop goes on: what matters is the load.
func (g *group) buildLoop(cache string, first chan<- error) {
	for i := 0; ; i++ {
		build := exec.Command("go", "build", "-a", "std")
		build.Env = append(os.Environ(), "GOCACHE="+cache)
		err := g.start(build)
		if i == 0 {
			first <- err
		}
		if err != nil {
			return
		}
		if err := build.Wait(); err != nil && !g.isEnding() {
			fmt.Fprintf(os.Stderr, "concspec-stress: the neighbour's `go build -a std` failed (%v); building again\n", err)
		}
		if g.isEnding() {
			return
		}
	}
}

func (g *group) start(cmd *exec.Cmd) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.ending {
		return errors.New("the neighbour is ending")
	}
	return cmd.Start()
}

func (g *group) isEnding() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.ending
}

// end sends SIGTERM to the whole group (the leader catches it) and waits for every child,
// orphaned grandchildren included, until none is left.
func (g *group) end() {
	g.mu.Lock()
	g.ending = true
	g.mu.Unlock()
	_ = syscall.Kill(0, syscall.SIGTERM)
	for {
		var status syscall.WaitStatus
		_, err := syscall.Wait4(-1, &status, 0, nil)
		if err != nil && !errors.Is(err, syscall.EINTR) {
			return // ECHILD: no child is left
		}
	}
}
