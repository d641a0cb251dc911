// Package featurefs walks the Gherkin feature files of a file system, parsed.
package featurefs

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"
)

// Walk parses every .feature file below the root of fsys, in path order, and calls fn with its
// path, its document, and the id generator that numbered it (to compile its pickles with). A
// file that does not parse is an error naming it.
func Walk(fsys fs.FS, fn func(path string, doc *messages.GherkinDocument, ids *messages.Incrementing) error) error {
	return fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".feature") {
			return err
		}
		data, err := fs.ReadFile(fsys, path)
		if err != nil {
			return err
		}
		ids := &messages.Incrementing{}
		doc, err := gherkin.ParseGherkinDocument(bytes.NewReader(data), ids.NewId)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		return fn(path, doc, ids)
	})
}

// Selected reads a tag expression as godog does: terms joined by "," (or) of terms joined by
// "&&" (and), each a tag or a tag after "~" (not). An empty expression selects everything.
func Selected(expr string, tags []*messages.PickleTag) bool {
	if strings.TrimSpace(expr) == "" {
		return true
	}
	has := func(tag string) bool {
		return slices.ContainsFunc(tags, func(t *messages.PickleTag) bool { return strings.TrimPrefix(t.Name, "@") == tag })
	}
	for _, or := range strings.Split(expr, ",") {
		all := true
		for _, term := range strings.Split(or, "&&") {
			term = strings.ReplaceAll(strings.TrimSpace(term), "@", "")
			if negated, ok := strings.CutPrefix(term, "~"); ok {
				all = all && !has(negated)
			} else {
				all = all && has(term)
			}
		}
		if all {
			return true
		}
	}
	return false
}
