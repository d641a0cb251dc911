package harness

import (
	"bytes"
	"fmt"
	"io/fs"
	"regexp"
	"strings"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"
)

// tagTerm is one term of godog's tag expressions: @tag, or ~@tag for "not".
var tagTerm = regexp.MustCompile(`^~?@[^\s@,&~()|]+$`)

// checkTags rejects a tag expression godog would misread: godog panics on some ("@a &&") and
// silently selects nothing for others ("@a || @b", "(@a)"), so a typo must fail with a message.
func checkTags(expr string) error {
	if strings.TrimSpace(expr) == "" {
		return nil
	}
	for _, or := range strings.Split(expr, ",") {
		for _, term := range strings.Split(or, "&&") {
			if term = strings.TrimSpace(term); !tagTerm.MatchString(term) {
				return fmt.Errorf("tag expression %q: %q is not a tag; write @tag or ~@tag (not), joined by && (and) or , (or) — "+
					"parentheses, ||, \"and\", \"or\" and \"not\" are not understood", expr, term)
			}
		}
	}
	return nil
}

// emptyFeatures says which feature files specify nothing: no scenario at all, whatever the
// tags, or a scenario without steps (godog fails such a run, while Cucumber's messages count
// the scenario passed, so it is refused before the run). Files that do not parse are left to
// godog, which reports them with file and line.
func emptyFeatures(fsys fs.FS, paths []string) ([]string, error) {
	var empty []string
	for _, path := range paths {
		data, err := fs.ReadFile(fsys, path)
		if err != nil {
			return nil, err
		}
		ids := &messages.Incrementing{}
		doc, err := gherkin.ParseGherkinDocument(bytes.NewReader(data), ids.NewId)
		if err != nil {
			continue
		}
		pickles := gherkin.Pickles(*doc, path, ids.NewId)
		if len(pickles) == 0 {
			empty = append(empty, path+" has no scenarios")
		}
		for _, p := range pickles {
			if len(p.Steps) == 0 {
				empty = append(empty, fmt.Sprintf("%s: the scenario %q has no steps", path, p.Name))
			}
		}
	}
	return empty, nil
}
