// Command concspec-steps prints concspec's step vocabulary: every step definition, as its
// regular expression, with a line of the corpus that uses it and where that line is. A team
// writing its own scenarios picks its steps from this list.
//
// Usage (from the module root; `make steps` does this):
//
//	go run ./cmd/concspec-steps
package main

import (
	"fmt"
	"os"

	"github.com/concspec/concspec"
	"github.com/concspec/concspec/internal/vocabulary"
	"github.com/concspec/concspec/steps"
)

func main() {
	cat, err := steps.Catalog("")
	if err != nil {
		fmt.Fprintln(os.Stderr, "concspec-steps:", err)
		os.Exit(1)
	}
	list, err := vocabulary.List(steps.Register(cat), concspec.Features())
	if err != nil {
		fmt.Fprintln(os.Stderr, "concspec-steps:", err)
		os.Exit(1)
	}
	fmt.Printf("concspec's step vocabulary: %d steps, each with a line of the corpus that uses it\n\n", len(list))
	for _, s := range list {
		fmt.Println(s.Pattern)
		fmt.Printf("    %s\n    (%s; defined at %s)\n\n", s.Example, s.ExampleAt, s.Definition)
	}
}
