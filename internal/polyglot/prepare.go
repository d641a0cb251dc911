package polyglot

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/concspec/concspec/internal/featurefs"
	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"
)

// RunStep is the step that runs a program in another runtime: its runtime, its program (as Run
// names it) and, optionally, its arguments. Prepare reads the features for it.
const RunStep = `^the (Python|Node\.js|Java|Rust|C#) program "([^"]+)" runs(?: with "([^"]*)")?$`

var runStep = regexp.MustCompile(RunStep)

// Program is a program of a runtime, as Run names it.
type Program struct{ Runtime, Name string }

// Prepare makes runnable, before the first scenario and so outside every scenario's bound,
// each program that a scenario of features selected by tags (a godog tag expression) runs:
// it compiles the Java and C# ones and builds the Rust one. It prints a line for each, with the
// time it took; a runtime that is not installed, or a program that does not compile,
// is said there and left to the scenarios that run it (they skip, or fail, with the reason).
// A run whose selection runs no program prepares nothing.
func Prepare(features fs.FS, tags string) {
	programs, err := Needed(features, tags)
	if err != nil {
		// The features are godog's to report, with the line that does not parse.
		fmt.Printf("concspec: the programs of other runtimes are prepared by the scenarios that run them: %v\n", err)
	}
	for _, p := range programs {
		start := time.Now()
		prepared, err := prepare(p.Runtime, runtimes[p.Runtime], p.Name)
		took := time.Since(start).Seconds()
		var missing *NotInstalled
		switch {
		case errors.As(err, &missing):
			fmt.Printf("concspec: the %s program %s cannot run here, so its scenarios will be skipped: %v\n", p.Runtime, p.Name, err)
		case err != nil:
			fmt.Printf("concspec: preparing the %s program %s failed after %.1fs, so its scenarios will fail: %v\n", p.Runtime, p.Name, took, err)
		default:
			fmt.Printf("concspec: prepared the %s program %s (%s) in %.1fs, before the first scenario\n", p.Runtime, p.Name, prepared.version, took)
		}
	}
}

// Needed lists, in a fixed order, the programs that the scenarios of features selected by tags
// run, read from their RunStep steps.
func Needed(features fs.FS, tags string) ([]Program, error) {
	var out []Program
	err := featurefs.Walk(features, func(path string, doc *messages.GherkinDocument, ids *messages.Incrementing) error {
		for _, p := range gherkin.Pickles(*doc, path, ids.NewId) {
			if !featurefs.Selected(tags, p.Tags) {
				continue
			}
			for _, step := range p.Steps {
				if m := runStep.FindStringSubmatch(step.Text); m != nil && !slices.Contains(out, Program{m[1], m[2]}) {
					out = append(out, Program{m[1], m[2]})
				}
			}
		}
		return nil
	})
	slices.SortFunc(out, func(a, b Program) int { return strings.Compare(a.Runtime+"/"+a.Name, b.Runtime+"/"+b.Name) })
	return out, err
}
