// Package corpusbin builds the corpus as a test binary with the race detector, and runs its
// scenarios, for the commands that run it many times (concspec-stress, concspec-mutate).
package corpusbin

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// Build builds the corpus's test binary into a new temporary directory and returns its path
// and a function that removes the directory.
func Build() (path string, remove func(), err error) {
	dir, err := os.MkdirTemp("", "concspec-corpus-")
	if err != nil {
		return "", nil, err
	}
	remove = func() { os.RemoveAll(dir) }
	path = filepath.Join(dir, "corpus.test")
	fmt.Println("building the corpus with -race …")
	start := time.Now()
	if out, err := exec.Command("go", "test", "-race", "-c", "-o", path, "github.com/concspec/concspec").CombinedOutput(); err != nil {
		remove()
		return "", nil, fmt.Errorf("building the corpus: %w\n%s", err, out)
	}
	fmt.Printf("built the corpus in %.1fs\n", time.Since(start).Seconds())
	return path, remove, nil
}

// Run runs the corpus's scenarios with the binary at path, with args added to its flags (such
// as -test.v) and env to this process's environment (such as "CONCSPEC_TAGS=@R04" or
// "GOMAXPROCS=2"), and returns its combined output and exit code (-1 if a signal ended it). It
// is killed if ctx ends first or if this process dies: a run nobody reads is only a neighbour.
//
// The run's temporary directory (TMPDIR: the control programs it builds, its children's files)
// is one of its own, removed when the run ends, also when it crashed and left files behind.
func Run(ctx context.Context, path string, args []string, env ...string) (out []byte, exit int, err error) {
	scratch, err := os.MkdirTemp("", "concspec-run-")
	if err != nil {
		return nil, 0, err
	}
	defer os.RemoveAll(scratch)
	cmd := exec.CommandContext(ctx, path, append([]string{"-test.run", "^TestFeatures$", "-test.count=1"}, args...)...)
	cmd.Env = append(append(os.Environ(), env...), "TMPDIR="+scratch)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	out, err = cmd.CombinedOutput()
	var exited *exec.ExitError
	if errors.As(err, &exited) {
		return out, exited.ExitCode(), nil
	}
	if err != nil {
		return out, 0, fmt.Errorf("running the corpus: %w", err)
	}
	return out, 0, nil
}
