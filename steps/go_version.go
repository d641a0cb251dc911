package steps

import (
	"bytes"
	"context"
	"fmt"
	"go/version"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/cucumber/godog"
)

const modulePath = "github.com/concspec/concspec"

// goVersionState is what the go command said.
type goVersionState struct {
	vetOutput string
	vetFailed bool
}

func (w *world) registerGoVersion(sc *godog.ScenarioContext) {
	sc.Then(re(`^the module requires Go (\d+\.\d+) or newer$`), w.moduleRequires)
	sc.Then(re(`^the toolchain running the corpus is at least the version the module requires$`), w.toolchainNewEnough)
	sc.When(re(`^go vet's waitgroup analyzer checks (the patterns|a package that calls WaitGroup.Add inside the goroutine it starts)$`), w.vetWaitGroup)
	sc.Then(re(`^vet reports nothing$`), w.vetClean)
	sc.Then(re(`^vet reports "([^"]+)"$`), w.vetReports)
	sc.Then(re(`^the patterns start goroutines with sync.WaitGroup.Go$`), w.patternsUseWaitGroupGo)
}

// goCommand runs the go command with args and returns its combined output.
func goCommand(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
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

func (w *world) moduleRequires(ctx context.Context, least string) error {
	v, err := moduleField(ctx, "{{.GoVersion}}")
	if err != nil {
		return err
	}
	if version.Compare("go"+v, "go"+least) < 0 {
		return fmt.Errorf("the module's go directive says %s, older than %s", v, least)
	}
	return nil
}

func (w *world) toolchainNewEnough(ctx context.Context) error {
	v, err := moduleField(ctx, "{{.GoVersion}}")
	if err != nil {
		return err
	}
	if running := runtime.Version(); version.Compare(version.Lang(running), version.Lang("go"+v)) < 0 {
		return fmt.Errorf("the corpus runs on %s, older than the go %s the module requires", running, v)
	}
	return nil
}

func (w *world) vetWaitGroup(ctx context.Context, what string) error {
	dir, err := moduleField(ctx, "{{.Dir}}")
	if err != nil {
		return err
	}
	target := "./patterns/..."
	if what != "the patterns" {
		target = "./testdata/vet/misplacedadd"
	}
	out, err := goCommand(ctx, dir, "vet", "-waitgroup", target)
	w.goVersion.vetOutput, w.goVersion.vetFailed = out, err != nil
	return nil
}

func (w *world) vetClean() error {
	if w.goVersion.vetFailed || w.goVersion.vetOutput != "" {
		return fmt.Errorf("go vet -waitgroup reported:\n%s", w.goVersion.vetOutput)
	}
	return nil
}

func (w *world) vetReports(want string) error {
	if !w.goVersion.vetFailed || !strings.Contains(w.goVersion.vetOutput, want) {
		return fmt.Errorf("go vet -waitgroup should have reported %q; it said:\n%s", want, w.goVersion.vetOutput)
	}
	return nil
}

func (w *world) patternsUseWaitGroupGo(ctx context.Context) error {
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
