package goversion

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
	"github.com/cucumber/godog"
)

const modulePath = "github.com/concspec/concspec"

// The detectors of the feature's rule.
const (
	// toolchain fails when the toolchain running the corpus is older than a module requires.
	toolchain harness.Detector = "toolchain version"
	// vetWaitGroup is go vet's waitgroup analyzer: it fails when vet reports anything.
	vetWaitGroup harness.Detector = "vet waitgroup"
	// waitGroupGo fails when packages start no goroutine with sync.WaitGroup.Go, or call
	// sync.WaitGroup.Add.
	waitGroupGo harness.Detector = "sync.WaitGroup.Go"
)

// state is what the go command said, and the go.mod a scenario wrote.
type state struct {
	vetTarget string
	vetOutput string
	vetFailed bool
	// newerGoMod is a go.mod that requires a newer Go than the one running the corpus.
	newerGoMod string
}

func register(sc *godog.ScenarioContext, _ *catalog.Catalog) {
	s := &state{}
	sc.Given(stepkit.Re(`^a module that requires the Go release after the one running the corpus$`), s.newerModule)
	sc.Then(stepkit.Re(`^the module requires Go (\d+\.\d+) or newer$`), moduleRequires)
	sc.Then(stepkit.Re(`^the toolchain running the corpus is at least the version the module requires$`), toolchainNewEnough)
	sc.Then(stepkit.Re(`^the check that the toolchain running the corpus is at least the version that module requires fails$`), s.toolchainCheckFails)
	sc.When(stepkit.Re(`^go vet's waitgroup analyzer checks (the patterns|a package that calls WaitGroup.Add inside the goroutine it starts)$`), s.vetWaitGroup)
	sc.Then(stepkit.Re(`^vet reports nothing$`), s.vetClean)
	sc.Then(stepkit.Re(`^the check that vet reports nothing fails with "([^"]+)"$`), s.vetCheckFails)
	sc.Then(stepkit.Re(`^the patterns start their goroutines with sync.WaitGroup.Go and never call WaitGroup.Add$`), patternsUseWaitGroupGo)
	sc.Then(stepkit.Re(`^the check that (that package|the pipeline pattern) starts its goroutines with sync.WaitGroup.Go and never calls WaitGroup.Add fails$`), s.waitGroupGoCheckFails)
}

// goCommand runs the go command with args in dir and returns its combined output. It is a child
// process, bounded as harness.RunChild bounds one: past half the hang bound it is killed, and
// the error says what was running and for how long. GOTOOLCHAIN=local keeps the go command from
// fetching another toolchain for a module that asks for one.
func goCommand(ctx context.Context, dir string, args ...string) (string, error) {
	bound := shared.LongBound(ctx)
	runCtx, cancel := context.WithTimeout(ctx, bound)
	defer cancel()
	cmd := exec.CommandContext(runCtx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(cmd.Environ(), "GOTOOLCHAIN=local")
	cmd.WaitDelay = 5 * time.Second // a grandchild holding the output open cannot hold the step
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if runCtx.Err() == context.DeadlineExceeded {
		return string(bytes.TrimSpace(out)), fmt.Errorf("%w: `go %s` was still running after %s and was killed: the go command answers these questions in a few seconds once its build cache is warm, so something in it (a build, a download, a lock on the cache) waits for ever; what it printed:\n%s",
			harness.ErrBoundExceeded, strings.Join(args, " "), time.Since(start).Round(time.Millisecond), bytes.TrimSpace(out))
	}
	return string(bytes.TrimSpace(out)), err
}

// moduleDir is the directory of concspec's module as `go list -m` reports it: this checkout, or
// the module cache when concspec is a dependency.
func moduleDir(ctx context.Context) (string, error) {
	out, err := goCommand(ctx, "", "list", "-m", "-f", "{{.Dir}}", modulePath)
	if err != nil {
		return "", fmt.Errorf("go list -m %s: %w\n%s", modulePath, err, out)
	}
	return out, nil
}
