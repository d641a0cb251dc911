package ecosystem

import (
	"fmt"
	"slices"
	"strings"

	"github.com/concspec/concspec"
	"github.com/concspec/concspec/internal/harness"
)

// Options are the options that hold the adapters to their contract rows: the corpus's feature
// files that have rows for them, the @contract rows only (the reference's among them, which must
// hold). It returns the plan of those rows too, in the paths the run will see.
func Options(list []Adapter) (concspec.Options, []concspec.Planned, error) {
	var impls []concspec.Implementation
	for _, a := range list {
		impls = append(impls, a.Implementation)
	}
	whole, err := concspec.Plan(concspec.Options{Implementations: impls})
	if err != nil {
		return concspec.Options{}, nil, err
	}
	var files []string
	for _, p := range whole {
		file, _, _ := strings.Cut(p.Where, ":")
		files = append(files, file)
	}
	slices.Sort(files)
	files = slices.Compact(files)
	if len(files) == 0 {
		return concspec.Options{}, nil, fmt.Errorf("no feature of the corpus has a contract row for %d adapters", len(list))
	}
	opts := concspec.Options{Implementations: impls, Corpus: files, Tags: "@contract"}
	plan, err := concspec.Plan(opts)
	return opts, plan, err
}

// ImplementationTag is the tag of the rows the run added for an implementation.
func ImplementationTag(name string) string { return harness.ImplementationPrefix + name }
