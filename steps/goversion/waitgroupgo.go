package goversion

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/concspec/concspec/internal/harness"
)

// The methods the WaitGroup.Go check counts, by their full names.
const (
	waitGroupGoMethod  = "(*sync.WaitGroup).Go"
	waitGroupAddMethod = "(*sync.WaitGroup).Add"
)

// listedPackage is what `go list -json -export -deps` says of one package.
type listedPackage struct {
	ImportPath string
	Dir        string
	GoFiles    []string
	Export     string
	DepOnly    bool
	Error      *struct{ Err string }
}

// methodCalls type-checks the packages that pattern names in concspec's module and counts the
// calls of every method named Go or Add, by the method's full name ("(*sync.WaitGroup).Go",
// "(*golang.org/x/sync/errgroup.Group).Go"). The call is resolved to the method it names, so
// errgroup's g.Go(func() error {…}) is not taken for wg.Go(func() {…}). The packages they
// import are read from the export data the go command builds.
func methodCalls(ctx context.Context, pattern string) (map[string]int, error) {
	dir, err := moduleDir(ctx)
	if err != nil {
		return nil, err
	}
	out, err := goCommand(ctx, dir, "list", "-json", "-export", "-deps", pattern)
	if err != nil {
		return nil, fmt.Errorf("go list -export %s: %w\n%s", pattern, err, out)
	}
	var targets []listedPackage
	exports := map[string]string{}
	for dec := json.NewDecoder(strings.NewReader(out)); ; {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("reading go list's output: %w", err)
		}
		if p.Error != nil {
			return nil, fmt.Errorf("go list %s: %s", p.ImportPath, p.Error.Err)
		}
		exports[p.ImportPath] = p.Export
		if !p.DepOnly {
			targets = append(targets, p)
		}
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		if exports[path] == "" {
			return nil, fmt.Errorf("go list gave no export data for %s", path)
		}
		return os.Open(exports[path])
	})
	calls := map[string]int{}
	for _, p := range targets {
		if err := countCalls(fset, imp, p, calls); err != nil {
			return nil, err
		}
	}
	return calls, nil
}

// countCalls type-checks one package and adds its calls of methods named Go or Add to calls.
func countCalls(fset *token.FileSet, imp types.Importer, p listedPackage, calls map[string]int) error {
	var files []*ast.File
	for _, name := range p.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(p.Dir, name), nil, 0)
		if err != nil {
			return err
		}
		files = append(files, f)
	}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: imp}
	if _, err := conf.Check(p.ImportPath, fset, files, info); err != nil {
		return fmt.Errorf("type-checking %s: %w", p.ImportPath, err)
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Go" || sel.Sel.Name == "Add") {
				if fn, ok := info.Uses[sel.Sel].(*types.Func); ok {
					calls[fn.FullName()]++
				}
			}
			return true
		})
	}
	return nil
}

// waitGroupGoCheck is the WaitGroup.Go detector on calls, those of the packages pattern names:
// they start goroutines with sync.WaitGroup.Go and never call sync.WaitGroup.Add, so no Add can
// be misplaced.
func waitGroupGoCheck(ctx context.Context, pattern string, calls map[string]int) error {
	return harness.Detect(ctx, waitGroupGo, func() error {
		if calls[waitGroupGoMethod] == 0 || calls[waitGroupAddMethod] > 0 {
			return fmt.Errorf("%s calls %s %d times and %s %d times, where the idiom is Go and never Add; the calls of methods named Go or Add it makes: %s",
				pattern, waitGroupGoMethod, calls[waitGroupGoMethod], waitGroupAddMethod, calls[waitGroupAddMethod], describeCalls(calls))
		}
		return nil
	})
}

// describeCalls lists calls as "(*sync.WaitGroup).Go ×3, …", or "none".
func describeCalls(calls map[string]int) string {
	var said []string
	for _, m := range slices.Sorted(maps.Keys(calls)) {
		said = append(said, fmt.Sprintf("%s ×%d", m, calls[m]))
	}
	if len(said) == 0 {
		return "none"
	}
	return strings.Join(said, ", ")
}

func patternsUseWaitGroupGo(ctx context.Context) error {
	calls, err := methodCalls(ctx, patternsPackages)
	if err != nil {
		return err
	}
	return waitGroupGoCheck(ctx, patternsPackages, calls)
}

// waitGroupGoCheckFails is the negative control: the WaitGroup.Go detector fires on the package
// vet checked last, or on the pipeline, whose goroutines errgroup's Go starts.
func (s *state) waitGroupGoCheckFails(ctx context.Context, which string) error {
	pattern := pipelinePackage
	if which == "that package" {
		if pattern = s.vetTarget; pattern == "" {
			return fmt.Errorf("no package was named: start with `When go vet's waitgroup analyzer checks …`")
		}
	}
	calls, err := methodCalls(ctx, pattern)
	if err != nil {
		return err
	}
	if waitGroupGoCheck(ctx, pattern, calls) == nil {
		return fmt.Errorf("the WaitGroup.Go check did not fire on %s; the calls of methods named Go or Add it makes: %s", pattern, describeCalls(calls))
	}
	return nil
}
