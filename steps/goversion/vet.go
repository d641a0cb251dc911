package goversion

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/concspec/concspec/internal/harness"
)

// The packages the steps name, relative to concspec's module.
const (
	patternsPackages = "./patterns/..."
	misplacedAdd     = "./testdata/vet/misplacedadd"
	pipelinePackage  = "./patterns/pipeline"
)

func (s *state) vetWaitGroup(ctx context.Context, what string) error {
	dir, err := moduleDir(ctx)
	if err != nil {
		return err
	}
	s.vetTarget = patternsPackages
	if what != "the patterns" {
		s.vetTarget = misplacedAdd
	}
	out, err := goCommand(ctx, dir, "vet", "-waitgroup", s.vetTarget)
	if errors.Is(err, harness.ErrBoundExceeded) {
		return err // vet did not finish: it neither passed nor reported anything
	}
	s.vetOutput, s.vetFailed = out, err != nil
	return nil
}

// vetCheck is the vet detector: go vet's waitgroup analyzer reported nothing.
func (s *state) vetCheck(ctx context.Context) error {
	if s.vetTarget == "" {
		return fmt.Errorf("go vet has not run: start with `When go vet's waitgroup analyzer checks …`")
	}
	return harness.Detect(ctx, vetWaitGroup, func() error {
		if s.vetFailed || s.vetOutput != "" {
			return fmt.Errorf("go vet -waitgroup %s reported:\n%s", s.vetTarget, s.vetOutput)
		}
		return nil
	})
}

func (s *state) vetClean(ctx context.Context) error {
	return s.vetCheck(ctx)
}

// vetCheckFails is the negative control: the vet detector fires, with want in what vet said.
func (s *state) vetCheckFails(ctx context.Context, want string) error {
	if s.vetCheck(ctx) == nil {
		return fmt.Errorf("the vet check did not fire: go vet -waitgroup %s reported nothing", s.vetTarget)
	}
	if !strings.Contains(s.vetOutput, want) {
		return fmt.Errorf("go vet -waitgroup %s should have reported %q; it said:\n%s", s.vetTarget, want, s.vetOutput)
	}
	return nil
}
