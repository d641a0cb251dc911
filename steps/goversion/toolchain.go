package goversion

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/version"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/concspec/concspec/internal/harness"
)

// goDirective is the Go version the go.mod at path requires, as the go command reads it. It
// runs in concspec's module, so that a go.mod asking for a newer Go is read, not obeyed.
func goDirective(ctx context.Context, path string) (string, error) {
	dir, err := moduleDir(ctx)
	if err != nil {
		return "", err
	}
	out, err := goCommand(ctx, dir, "mod", "edit", "-json", path)
	if err != nil {
		return "", fmt.Errorf("go mod edit -json %s: %w\n%s", path, err, out)
	}
	var mod struct{ Go string }
	if err := json.Unmarshal([]byte(out), &mod); err != nil || mod.Go == "" {
		return "", fmt.Errorf("go mod edit -json %s printed no go directive (%v):\n%s", path, err, out)
	}
	return mod.Go, nil
}

// concspecGoMod is the go.mod of concspec's module.
func concspecGoMod(ctx context.Context) (string, error) {
	dir, err := moduleDir(ctx)
	return filepath.Join(dir, "go.mod"), err
}

func moduleRequires(ctx context.Context, least string) error {
	gomod, err := concspecGoMod(ctx)
	if err != nil {
		return err
	}
	v, err := goDirective(ctx, gomod)
	if err != nil {
		return err
	}
	if version.Compare("go"+v, "go"+least) < 0 {
		return fmt.Errorf("the module's go directive says %s, older than %s", v, least)
	}
	return nil
}

// running is the release of Go that built the corpus; a development build, which is no
// release, skips the scenario.
func running(ctx context.Context) (string, error) {
	v := runtime.Version()
	if !version.IsValid(v) {
		return "", harness.Skip(ctx, fmt.Sprintf("the corpus runs on %q, which is no Go release to compare with a go directive", v))
	}
	return v, nil
}

// toolchainCheck is the toolchain detector: the Go release that built the corpus is at least
// the go directive of the go.mod at path, release for release (go1.26.8 is older than 1.26.9).
func toolchainCheck(ctx context.Context, path string) error {
	release, err := running(ctx)
	if err != nil {
		return err
	}
	required, err := goDirective(ctx, path)
	if err != nil {
		return err
	}
	return harness.Detect(ctx, toolchain, func() error {
		if version.Compare(release, "go"+required) < 0 {
			return fmt.Errorf("%w: the corpus runs on %s, older than the go %s that %s requires", errTooOld, release, required, path)
		}
		return nil
	})
}

// errTooOld is wrapped by the toolchain detector's verdict when it fires.
var errTooOld = errors.New("toolchain too old")

func toolchainNewEnough(ctx context.Context) error {
	gomod, err := concspecGoMod(ctx)
	if err != nil {
		return err
	}
	return toolchainCheck(ctx, gomod)
}

// newerModule writes, in a directory of its own, the go.mod of a module that requires the Go
// release after the running one: the next patch release (go1.26.9 after go1.26.8), or the
// first release of a language version whose release candidate is running.
func (s *state) newerModule(ctx context.Context) error {
	release, err := running(ctx)
	if err != nil {
		return err
	}
	lang := version.Lang(release)
	next := lang + ".0"
	if patch, err := strconv.Atoi(strings.TrimPrefix(release, lang+".")); err == nil {
		next = fmt.Sprintf("%s.%d", lang, patch+1)
	}
	dir, err := os.MkdirTemp("", "concspec-newer-module-")
	if err != nil {
		return err
	}
	if err := harness.Cleanup(ctx, func() { os.RemoveAll(dir) }); err != nil {
		os.RemoveAll(dir)
		return err
	}
	s.newerGoMod = filepath.Join(dir, "go.mod")
	body := fmt.Sprintf("module example.com/newer\n\ngo %s\n", strings.TrimPrefix(next, "go"))
	return os.WriteFile(s.newerGoMod, []byte(body), 0o644)
}

// toolchainCheckFails is the negative control: the toolchain detector fires on a module that
// requires a newer Go than the one running the corpus.
func (s *state) toolchainCheckFails(ctx context.Context) error {
	if s.newerGoMod == "" {
		return fmt.Errorf("no module requires a newer Go: start with `Given a module that requires the Go release after the one running the corpus`")
	}
	switch err := toolchainCheck(ctx, s.newerGoMod); {
	case err == nil:
		return fmt.Errorf("the toolchain check did not fire: it found %s at least as new as what %s requires", runtime.Version(), s.newerGoMod)
	case !errors.Is(err, errTooOld):
		return err // the check could not run: that is no verdict
	}
	return nil
}
