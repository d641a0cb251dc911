package main

import (
	"testing"

	"github.com/concspec/concspec"
	"github.com/concspec/concspec/internal/vocabulary"
	"github.com/concspec/concspec/steps"
)

// TestEveryStepHasAnExample keeps the vocabulary honest: a step no feature uses is dead code,
// and the list `make steps` prints would show it without an example.
func TestEveryStepHasAnExample(t *testing.T) {
	cat, err := steps.Catalog("")
	if err != nil {
		t.Fatal(err)
	}
	list, err := vocabulary.List(steps.Register(cat), concspec.Features())
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < 50 {
		t.Fatalf("only %d steps listed", len(list))
	}
	for _, s := range list {
		if s.Example == "" {
			t.Errorf("no feature uses the step %s (%s)", s.Pattern, s.Definition)
		}
	}
}
