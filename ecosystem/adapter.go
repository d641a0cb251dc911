package ecosystem

import (
	"bytes"
	"cmp"
	"fmt"
	"os/exec"
	"reflect"
	"runtime"
	"slices"
	"strings"

	"github.com/concspec/concspec"
)

// Adapter is one library's implementation of one contract, plugged in under Name.
type Adapter struct {
	// Name is how the contract rows name it; it must be usable in a tag (no spaces).
	Name string
	// Contract is the contract it is held to ("task group").
	Contract string
	// Package is the import path of the library's package; the module that holds it gives the
	// library and its version.
	Package string
	// Capabilities are what the library's documentation promises beyond the minimal contract.
	Capabilities []string
	// Implementation is the adapter as concspec's kit takes it.
	Implementation concspec.Implementation
}

// adapters are every library's adapters, registered by the adapter files.
var adapters []Adapter

// register adds adapters to the ecosystem.
func register(a ...Adapter) { adapters = append(adapters, a...) }

// packageOf is the import path of the package that defines the type of v (a pointer's element
// for a pointer), or the function v, so that an adapter names its library by a value of the
// library's own type, or one of its functions, instead of typing the path again.
func packageOf(v any) string {
	t := reflect.TypeOf(v)
	if t.Kind() == reflect.Func {
		// "path/to/pkg.Func[…]": the path up to the first dot after its last slash.
		name := runtime.FuncForPC(reflect.ValueOf(v).Pointer()).Name()
		name, _, _ = strings.Cut(name, "[")
		slash := strings.LastIndex(name, "/") + 1
		if dot := strings.Index(name[slash:], "."); dot >= 0 {
			return name[:slash+dot]
		}
		return ""
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath()
}

// Adapters are the registered adapters, checked: names unique and free of spaces, a package for
// each, sorted by contract then name.
func Adapters() ([]Adapter, error) {
	out := slices.Clone(adapters)
	slices.SortFunc(out, func(a, b Adapter) int {
		return cmp.Or(cmp.Compare(a.Contract, b.Contract), cmp.Compare(a.Name, b.Name))
	})
	for i, a := range out {
		switch {
		case a.Name == "" || strings.ContainsAny(a.Name, " \t|\"@"):
			return nil, fmt.Errorf("adapter %q: a name must be non-empty and free of spaces, |, \" and @ (it becomes a tag and a table cell)", a.Name)
		case a.Contract == "" || a.Package == "":
			return nil, fmt.Errorf("adapter %q: it names no contract or no package", a.Name)
		case i > 0 && out[i-1].Name == a.Name:
			return nil, fmt.Errorf("two adapters are called %q", a.Name)
		}
	}
	return out, nil
}

// Contracts are the contracts the adapters are held to, sorted.
func Contracts(list []Adapter) []string {
	var out []string
	for _, a := range list {
		out = append(out, a.Contract)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Module is the module that holds a package, as this module's go.mod requires it.
type Module struct {
	// Path is the module's path; "std" for the standard library.
	Path string
	// Version is the module's version (after any replace); the Go version for the standard
	// library.
	Version string
}

// Modules finds the module of each package as the go command resolves it from go.mod (a test
// binary carries no dependencies in its build information), so that a version is never typed
// twice.
func Modules(pkgs []string) (map[string]Module, error) {
	const format = `{{.ImportPath}} {{with .Module}}{{.Path}} {{.Version}}{{with .Replace}} {{.Version}}{{end}}{{end}}`
	cmd := exec.Command("go", append([]string{"list", "-f", format}, pkgs...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list %s: %w: %s", strings.Join(pkgs, " "), err, stderr.Bytes())
	}
	mods := map[string]Module{}
	for line := range strings.Lines(string(out)) {
		fields := strings.Fields(line)
		switch {
		case len(fields) == 1:
			mods[fields[0]] = Module{Path: "std", Version: runtime.Version()}
		case len(fields) >= 3:
			mods[fields[0]] = Module{Path: fields[1], Version: fields[len(fields)-1]}
		default:
			return nil, fmt.Errorf("go list: cannot read %q", line)
		}
	}
	for _, p := range pkgs {
		if _, ok := mods[p]; !ok {
			return nil, fmt.Errorf("go list says nothing of %s", p)
		}
	}
	return mods, nil
}
