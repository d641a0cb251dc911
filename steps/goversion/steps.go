package goversion

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/version"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
	"github.com/cucumber/godog"
)

const modulePath = "github.com/concspec/concspec"

// state is what the go command said.
type state struct {
	vetOutput string
	vetFailed bool
}

func register(sc *godog.ScenarioContext, _ *catalog.Catalog) {
	s := &state{}
	sc.Then(stepkit.Re(`^the module requires Go (\d+\.\d+) or newer$`), moduleRequires)
	sc.Then(stepkit.Re(`^the toolchain running the corpus is at least the version the module requires$`), toolchainNewEnough)
	sc.When(stepkit.Re(`^go vet's waitgroup analyzer checks (the patterns|a package that calls WaitGroup.Add inside the goroutine it starts)$`), s.vetWaitGroup)
	sc.Then(stepkit.Re(`^vet reports nothing$`), s.vetClean)
	sc.Then(stepkit.Re(`^vet reports "([^"]+)"$`), s.vetReports)
	sc.Then(stepkit.Re(`^the patterns start goroutines with sync.WaitGroup.Go$`), patternsUseWaitGroupGo)
}

// goCommand runs the go command with args and returns its combined output. It is a child
// process, bounded as harness.RunChild bounds one: past half the hang bound it is killed, and
// the error says what was running and for how long.
func goCommand(ctx context.Context, dir string, args ...string) (string, error) {
	bound := shared.LongBound(ctx)
	runCtx, cancel := context.WithTimeout(ctx, bound)
	defer cancel()
	cmd := exec.CommandContext(runCtx, "go", args...)
	cmd.Dir = dir
	cmd.WaitDelay = 5 * time.Second // a grandchild holding the output open cannot hold the step
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if runCtx.Err() == context.DeadlineExceeded {
		return string(bytes.TrimSpace(out)), fmt.Errorf("%w: `go %s` was still running after %s and was killed: the go command answers these questions in a few seconds once its build cache is warm, so something in it (a build, a download, a lock on the cache) waits for ever; what it printed:\n%s",
			harness.ErrBoundExceeded, strings.Join(args, " "), time.Since(start).Round(time.Millisecond), bytes.TrimSpace(out))
	}
	return string(bytes.TrimSpace(out)), err
}

// moduleField is a field of concspec's module as `go list -m` reports it ("{{.GoVersion}}",
// the go directive; "{{.Dir}}", this checkout or the module cache), wherever the module is.
func moduleField(ctx context.Context, format string) (string, error) {
	out, err := goCommand(ctx, "", "list", "-m", "-f", format, modulePath)
	if err != nil {
		return "", fmt.Errorf("go list -m %s: %w\n%s", modulePath, err, out)
	}
	return out, nil
}

func moduleRequires(ctx context.Context, least string) error {
	v, err := moduleField(ctx, "{{.GoVersion}}")
	if err != nil {
		return err
	}
	if version.Compare("go"+v, "go"+least) < 0 {
		return fmt.Errorf("the module's go directive says %s, older than %s", v, least)
	}
	return nil
}

func toolchainNewEnough(ctx context.Context) error {
	v, err := moduleField(ctx, "{{.GoVersion}}")
	if err != nil {
		return err
	}
	if running := runtime.Version(); version.Compare(version.Lang(running), version.Lang("go"+v)) < 0 {
		return fmt.Errorf("the corpus runs on %s, older than the go %s the module requires", running, v)
	}
	return nil
}

func (s *state) vetWaitGroup(ctx context.Context, what string) error {
	dir, err := moduleField(ctx, "{{.Dir}}")
	if err != nil {
		return err
	}
	target := "./patterns/..."
	if what != "the patterns" {
		target = "./testdata/vet/misplacedadd"
	}
	out, err := goCommand(ctx, dir, "vet", "-waitgroup", target)
	if errors.Is(err, harness.ErrBoundExceeded) {
		return err // vet did not finish: it neither passed nor reported anything
	}
	s.vetOutput, s.vetFailed = out, err != nil
	return nil
}

func (s *state) vetClean() error {
	if s.vetFailed || s.vetOutput != "" {
		return fmt.Errorf("go vet -waitgroup reported:\n%s", s.vetOutput)
	}
	return nil
}

func (s *state) vetReports(want string) error {
	if !s.vetFailed || !strings.Contains(s.vetOutput, want) {
		return fmt.Errorf("go vet -waitgroup should have reported %q; it said:\n%s", want, s.vetOutput)
	}
	return nil
}

func patternsUseWaitGroupGo(ctx context.Context) error {
	dir, err := moduleField(ctx, "{{.Dir}}")
	if err != nil {
		return err
	}
	files, err := filepath.Glob(filepath.Join(dir, "patterns", "*", "*.go"))
	if err != nil {
		return err
	}
	uses := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		uses += strings.Count(string(src), ".Go(func()")
	}
	if uses == 0 {
		return fmt.Errorf("no pattern starts a goroutine with sync.WaitGroup.Go")
	}
	return nil
}
