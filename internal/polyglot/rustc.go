package polyglot

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// Compilation is what rustc made of a program that is compiled to see whether it compiles.
type Compilation struct {
	// Version is rustc's `--version`.
	Version string
	// Compiled says rustc exited with status 0.
	Compiled bool
	// Binary says the executable rustc was asked to write exists afterwards.
	Binary bool
	// Errors are rustc's error lines ("error[E0499]: cannot borrow ..."), in order, and Codes
	// their codes.
	Errors, Codes []string
	// Output is everything rustc printed.
	Output string
}

// errorLine is one of rustc's errors, with its code.
var errorLine = regexp.MustCompile(`(?m)^error\[(E\d{4})\]: .*$`)

// RustCompile compiles the Rust program (a source file under the rust directory, such as
// "ownership/race.rs") with rustc alone, into a directory of its own that it removes after:
// whether it compiles is the question, so a program rustc rejects is a Compilation, not an
// error. ctx bounds rustc.
func RustCompile(ctx context.Context, program string) (Compilation, error) {
	rustc, err := exec.LookPath("rustc")
	if err != nil {
		return Compilation{}, &NotInstalled{Runtime: "rustc", Install: "rustc"}
	}
	version, err := output(rustc, "--version")
	if err != nil {
		return Compilation{}, err
	}
	source, err := programs.ReadFile("rust/" + program)
	if err != nil {
		return Compilation{}, fmt.Errorf("no Rust program %q: %v", program, err)
	}
	work, err := os.MkdirTemp("", "concspec-rustc-")
	if err != nil {
		return Compilation{}, err
	}
	defer os.RemoveAll(work)
	src := filepath.Join(work, filepath.Base(program))
	if err := os.WriteFile(src, source, 0o644); err != nil {
		return Compilation{}, err
	}
	binary := filepath.Join(work, strings.TrimSuffix(filepath.Base(program), ".rs"))
	out, err := exec.CommandContext(ctx, rustc, "--edition", "2021", "-o", binary, src).CombinedOutput()
	if exit := (*exec.ExitError)(nil); err != nil && !errors.As(err, &exit) {
		return Compilation{}, fmt.Errorf("rustc %s: %v\n%s", program, err, out)
	}
	c := Compilation{Version: version, Compiled: err == nil, Binary: exists(binary), Output: string(out)}
	for _, m := range errorLine.FindAllStringSubmatch(c.Output, -1) {
		c.Errors, c.Codes = append(c.Errors, m[0]), append(c.Codes, m[1])
	}
	return c, nil
}

// prepareRustc compiles a Rust program that needs no crate (a source file under the rust
// directory) with rustc, optimised, and runs the binary.
func prepareRustc(dir, program string) ([]string, string, error) {
	rustc, err := exec.LookPath("rustc")
	if err != nil {
		return nil, "", &NotInstalled{Runtime: "rustc", Install: "rustc"}
	}
	binary := filepath.Join(dir, "rust", "bin", strings.TrimSuffix(filepath.Base(program), ".rs"))
	if err := os.MkdirAll(filepath.Dir(binary), 0o755); err != nil {
		return nil, "", err
	}
	if out, err := exec.Command(rustc, "--edition", "2021", "-O", "-o", binary, filepath.Join(dir, "rust", program)).CombinedOutput(); err != nil {
		return nil, "", fmt.Errorf("rustc %s: %v\n%s", program, err, out)
	}
	version, err := output(rustc, "--version")
	if err != nil {
		return nil, "", err
	}
	return []string{binary}, version, nil
}
