package otherruntimes

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/internal/polyglot"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
	"github.com/cucumber/godog"
)

// accepted is the check that rustc accepted a program: it exited with status 0 and wrote the
// binary. Rust's claim rests on it firing on a data race: the borrow checker rejects the race
// before anything runs.
const accepted harness.Detector = "rustc accepts the program (other runtimes)"

func registerRust(sc *godog.ScenarioContext, s *state) {
	sc.When(stepkit.Re(`^rustc compiles the Rust program "([^"]+)"$`), s.rustcCompiles)
	sc.Then(stepkit.Re(`^it compiled, and rustc made a binary$`), s.itCompiled)
	sc.Then(stepkit.Re(`^the check that it compiled fails$`), s.itCompiledFails)
	sc.Then(stepkit.Re(`^rustc's error is (E\d{4}): "([^"]+)"$`), s.rustcError)
	sc.Then(stepkit.Re(`^rustc made no binary$`), s.noBinary)
}

// rustcCompiles compiles the program with rustc alone, bounded, and keeps what rustc made of
// it; a machine without rustc skips the scenario.
func (s *state) rustcCompiles(ctx context.Context, program string) error {
	var c polyglot.Compilation
	var compileErr error
	err := shared.DoWithin(ctx, shared.LongBound(ctx), fmt.Sprintf("rustc compiling %q", program), func(ctx context.Context) {
		c, compileErr = polyglot.RustCompile(ctx, program)
	}, func(parked []harness.Goroutine) string {
		return fmt.Sprintf("rustc compiles a program of a few lines in a second or two; but it is still running, and the step waits at %s",
			shared.WhereAll(shared.In(parked, "polyglot.")))
	})
	if err != nil {
		return err // compileErr is not read: rustc may still be running
	}
	if missing := (*polyglot.NotInstalled)(nil); errors.As(compileErr, &missing) {
		return harness.Skip(ctx, missing.Error())
	}
	if compileErr != nil {
		return compileErr
	}
	s.compiled, s.compiledName = &c, program
	return harness.Record(ctx, harness.Figure{Name: "rustc " + program + ": errors", Value: float64(len(c.Codes)), Settings: map[string]string{"runtime": c.Version}})
}

// compilation is what rustc made of the program compiled last.
func (s *state) compilation() (*polyglot.Compilation, error) {
	if s.compiled == nil {
		return nil, fmt.Errorf("nothing was compiled: start with `When rustc compiles the Rust program \"…\"`")
	}
	return s.compiled, nil
}

// itCompiled is the compile check: rustc accepted the program and wrote its binary.
func (s *state) itCompiled(ctx context.Context) error {
	c, err := s.compilation()
	if err != nil {
		return err
	}
	return harness.Detect(ctx, accepted, func() error { return acceptedVerdict(s.compiledName, c) })
}

// acceptedVerdict is the compile check's verdict on what rustc made of program.
func acceptedVerdict(program string, c *polyglot.Compilation) error {
	switch {
	case !c.Compiled:
		return fmt.Errorf("%s rejected %s: %s", c.Version, program, strings.Join(c.Errors, "; "))
	case !c.Binary:
		return fmt.Errorf("%s exited with status 0 on %s but wrote no binary:\n%s", c.Version, program, c.Output)
	}
	return nil
}

// itCompiledFails is a negative control: the compile check fires on a program that races.
func (s *state) itCompiledFails(ctx context.Context) error {
	if err := s.itCompiled(ctx); err == nil {
		return fmt.Errorf("the compile check finds that %s compiled: it cannot tell a program the borrow checker rejects from one it accepts", s.compiledName)
	}
	return nil
}

// rustcError says rustc's errors include code with the message.
func (s *state) rustcError(code, message string) error {
	c, err := s.compilation()
	if err != nil {
		return err
	}
	want := fmt.Sprintf("error[%s]: %s", code, message)
	if !slices.Contains(c.Errors, want) {
		return fmt.Errorf("%s's errors on %s are %q, not %q:\n%s", c.Version, s.compiledName, c.Errors, want, c.Output)
	}
	return nil
}

// noBinary says rustc wrote no executable.
func (s *state) noBinary() error {
	c, err := s.compilation()
	if err != nil {
		return err
	}
	if c.Binary {
		return fmt.Errorf("%s wrote a binary for %s", c.Version, s.compiledName)
	}
	return nil
}
