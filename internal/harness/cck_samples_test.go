package harness

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/cucumber/godog"
)

// The kit's samples, each with Go step definitions that do what its TypeScript ones do.
var cckSamples = map[string]cckSample{
	"all-statuses": {steps: allStatuses},
	"failedish-combinations": {steps: func(h *hooked, _ string) {
		h.sc.Step(`^a step$`, pass)
		h.sc.Step(`^a skipped step$`, func() error { return godog.ErrSkip })
		h.sc.Step(`^a pending step$`, func() error { return godog.ErrPending })
		h.sc.Step(`^an ambiguous (.*?)$`, pass)
		h.sc.Step(`^(.*?) ambiguous step$`, pass)
		h.sc.Step(`^a failing step$`, func() error { return errWhoops })
	}, differences: []cckDifference{stepsAfterASkip}},
	"ambiguous": {steps: func(h *hooked, _ string) {
		h.sc.Step(`^a (.*?) with (.*?)$`, pass)
		h.sc.Step(`^a step with (.*?)$`, pass)
	}},
	"attachments": {steps: attachments, differences: []cckDifference{parameterTypes}},
	"backgrounds": {steps: func(h *hooked, _ string) {
		h.sc.Step(cucumberExpression("an order for {string}"), pass)
		h.sc.Step(`^an action$`, pass)
		h.sc.Step(`^an outcome$`, pass)
	}, differences: []cckDifference{parameterTypes}},
	"cdata": {steps: func(h *hooked, _ string) {
		h.sc.Step(cucumberExpression("I have {int} <![CDATA[cukes]]> in my belly"), pass)
	}, differences: []cckDifference{parameterTypes}},
	"data-tables": {steps: dataTables},
	"doc-strings": {steps: func(h *hooked, _ string) {
		h.sc.Step(`^a doc string:$`, func(*godog.DocString) error { return nil })
	}},
	"empty": {},
	"examples-tables": {steps: func(h *hooked, _ string) {
		cucumbers(h, func() {
			h.sc.Step(cucumberExpression("there are {int} friends"), func(ctx context.Context, n int) context.Context {
				return context.WithValue(ctx, friendsKey{}, n)
			})
		})
		h.sc.Step(cucumberExpression("each person can eat {int} cucumbers"), func(ctx context.Context, share int) error {
			count, _ := ctx.Value(cucumbersKey{}).(int)
			friends, _ := ctx.Value(friendsKey{}).(int)
			return strictlyEqual(count/(1+friends), share)
		})
	}, differences: []cckDifference{parameterTypes}},
	"examples-tables-attachment": {steps: func(h *hooked, dir string) {
		h.sc.Step(`^a JPEG image is attached$`, attachFile(dir, "cucumber.jpeg", "image/jpeg", ""))
		h.sc.Step(`^a PNG image is attached$`, attachFile(dir, "cucumber.png", "image/png", ""))
	}},
	"examples-tables-undefined":          {steps: func(h *hooked, _ string) { cucumbers(h, func() {}) }, differences: []cckDifference{parameterTypes}},
	"examples-tables-undefined-multiple": {steps: func(h *hooked, _ string) { cucumbers(h, func() {}) }, differences: []cckDifference{parameterTypes}},
	"global-hooks":                       {inexpressible: runHooks},
	"global-hooks-afterall-error":        {inexpressible: runHooks},
	"global-hooks-attachments":           {inexpressible: runHooks},
	"global-hooks-beforeall-error":       {inexpressible: runHooks},
	"hooks": {steps: func(h *hooked, _ string) {
		h.Before("", passHook)
		h.sc.Step(`^a step passes$`, pass)
		h.sc.Step(`^a step fails$`, func() error { return jsError("Exception in step") })
		h.After("", passAfterHook)
	}},
	"hooks-attachment": {steps: func(h *hooked, dir string) {
		h.Before("", attachHook(dir))
		h.sc.Step(`^a step passes$`, pass)
		h.After("", func(ctx context.Context, p *godog.Scenario, _ error) (context.Context, error) {
			return attachHook(dir)(ctx, p)
		})
	}},
	"hooks-conditional": {steps: func(h *hooked, _ string) {
		h.before("", "@passing-hook", passHook)
		h.before("", "@fail-before", func(ctx context.Context, _ *godog.Scenario) (context.Context, error) {
			return ctx, jsError("Exception in conditional hook")
		})
		h.sc.Step(`^a step passes$`, pass)
		h.after("", "@fail-after", func(ctx context.Context, _ *godog.Scenario, _ error) (context.Context, error) {
			return ctx, jsError("Exception in conditional hook")
		})
		h.after("", "@passing-hook", passAfterHook)
	}},
	"hooks-named": {steps: func(h *hooked, _ string) {
		h.Before("A named before hook", passHook)
		h.sc.Step(`^a step passes$`, pass)
		h.After("A named after hook", passAfterHook)
	}},
	"hooks-skipped": {steps: func(h *hooked, _ string) {
		skip := func(ctx context.Context, _ *godog.Scenario) (context.Context, error) { return ctx, godog.ErrSkip }
		h.Before("", passHook)
		h.before("", "@skip-before", skip)
		h.Before("", passHook)
		h.sc.Step(`^a normal step$`, pass)
		h.sc.Step(`^a step that skips$`, func() error { return godog.ErrSkip })
		h.After("", passAfterHook)
		h.after("", "@skip-after", func(ctx context.Context, p *godog.Scenario, _ error) (context.Context, error) { return skip(ctx, p) })
		h.After("", passAfterHook)
	}},
	"hooks-undefined": {steps: func(h *hooked, _ string) {
		h.Before("", passHook)
		h.After("", passAfterHook)
	}},
	"markdown": {inexpressible: "Markdown with Gherkin (.feature.md): godog reads only .feature files"},
	"minimal": {steps: func(h *hooked, _ string) {
		h.sc.Step(cucumberExpression("I have {int} cukes in my belly"), pass)
	}, differences: []cckDifference{parameterTypes}},
	"multiple-features": {steps: func(h *hooked, _ string) {
		h.sc.Step(cucumberExpression("an order for {string}"), pass)
	}, differences: []cckDifference{parameterTypes}},
	"multiple-features-reversed": {inexpressible: "--order reverse: godog runs features in their order or shuffled, never reversed"},
	"parameter-types":            {inexpressible: "a custom parameter type ({flight}) with a transformer: godog matches regular expressions and passes strings"},
	"pending": {steps: func(h *hooked, _ string) {
		h.sc.Step(`^an implemented non-pending step$`, pass)
		h.sc.Step(`^an implemented step that is skipped$`, pass)
		h.sc.Step(`^an unimplemented pending step$`, func() error { return godog.ErrPending })
	}},
	"pending-exception": {steps: func(h *hooked, _ string) {
		h.sc.Step(`^an unimplemented pending step$`, func() error { return fmt.Errorf("%w: TODO", godog.ErrPending) })
	}},
	"regular-expression": {steps: func(h *hooked, _ string) {
		h.sc.Step(`^a (.*?)(?: and a (.*?))?(?: and a (.*?))?$`, func(string, string, string) error { return nil })
	}},
	"retry":           {inexpressible: retry},
	"retry-ambiguous": {inexpressible: retry},
	"retry-pending":   {inexpressible: retry},
	"retry-undefined": {inexpressible: retry},
	"rules":           {steps: rules, differences: []cckDifference{parameterTypes}},
	"rules-backgrounds": {steps: func(h *hooked, _ string) {
		h.sc.Step(cucumberExpression("an order for {string}"), pass)
		h.sc.Step(`^an action$`, pass)
		h.sc.Step(`^an outcome$`, pass)
	}, differences: []cckDifference{parameterTypes}},
	"skipped": {steps: func(h *hooked, _ string) {
		h.sc.Step(`^a step that does not skip$`, pass)
		h.sc.Step(`^a step that is skipped$`, pass)
		h.sc.Step(`^I skip a step$`, func() error { return godog.ErrSkip })
	}},
	"skipped-exception": {steps: func(h *hooked, _ string) {
		h.sc.Step(`^I skip a step$`, func() error { return fmt.Errorf("%w: skipping", godog.ErrSkip) })
	}},
	"skipped-failing-hook": {steps: func(h *hooked, _ string) {
		h.sc.Step(`^a step that skips$`, func() error { return godog.ErrSkip })
		h.After("", func(ctx context.Context, _ *godog.Scenario, _ error) (context.Context, error) { return ctx, errWhoops })
	}},
	"stack-traces": {steps: func(h *hooked, _ string) {
		h.sc.Step(`^a step throws an exception$`, func() error { return jsError("BOOM") })
	}},
	"test-run-exception":     {inexpressible: "an error of the run itself (testRunFinished.exception, asked for by --error): godog reports no error outside a scenario"},
	"undefined":              {steps: undefinedSteps},
	"undefined-multiple":     {steps: undefinedSteps},
	"unknown-parameter-type": {inexpressible: "an undefined parameter type ({airport}) is a Cucumber Expressions error; godog has no parameter types"},
	"unused-steps": {steps: func(h *hooked, _ string) {
		h.sc.Step(`^a step that is used$`, pass)
		h.sc.Step(`^a step that is not used$`, pass)
	}},
}

const (
	runHooks = "hooks of the whole run (BeforeAll, AfterAll): godog's BeforeSuite and AfterSuite run outside every scenario, and the formatter hears nothing of them, so there are no testRunHookStarted/Finished messages"
	retry    = "retrying a failed scenario (--retry): godog has no retry"
)

// parameterTypes: the kit's definitions are Cucumber Expressions with parameter types; the Go
// ones are the regular expressions those expressions compile to, so the groups match, but the
// pattern is a regular expression and the arguments name no parameter type.
var parameterTypes = cckDifference{
	reason: "Cucumber Expressions with parameter types ({int}, {string}, {word}): godog's definitions are the regular expressions they compile to, so a definition's pattern differs and its arguments carry no parameterTypeName",
	setAside: func(envelopes []map[string]any) []map[string]any {
		for _, e := range envelopes {
			if def, ok := e["stepDefinition"].(map[string]any); ok {
				delete(def, "pattern")
			}
			forEachMap(e, func(m map[string]any) { delete(m, "parameterTypeName") })
		}
		return envelopes
	},
}

// stepsAfterASkip: Cucumber skips every step after one that skips itself; godog still looks
// up the steps that follow, and an undefined or ambiguous one fails the scenario (and the run's
// exit status), so the report says so too. The sample's last scenario is the one.
var stepsAfterASkip = cckDifference{
	reason: "after a step that skips, godog reports an undefined or ambiguous step as such (with a suggestion) and fails the scenario; Cucumber reports it skipped",
	setAside: func(envelopes []map[string]any) []map[string]any {
		last := 0
		for i, e := range envelopes {
			if _, ok := e["testCaseStarted"]; ok {
				last = i
			}
		}
		var out []map[string]any
		for i, e := range envelopes {
			if _, ok := e["suggestion"]; ok && i > last {
				continue
			}
			if finished, ok := e["testStepFinished"].(map[string]any); ok && i > last {
				result, _ := finished["testStepResult"].(map[string]any)
				if result["status"] == "UNDEFINED" || result["status"] == "AMBIGUOUS" {
					result["status"] = "SKIPPED"
				}
			}
			out = append(out, e)
		}
		return out
	},
}

func forEachMap(v any, fn func(map[string]any)) {
	switch v := v.(type) {
	case map[string]any:
		fn(v)
		for _, child := range v {
			forEachMap(child, fn)
		}
	case []any:
		for _, child := range v {
			forEachMap(child, fn)
		}
	}
}

func pass() error { return nil }

func passHook(ctx context.Context, _ *godog.Scenario) (context.Context, error) { return ctx, nil }

func passAfterHook(ctx context.Context, _ *godog.Scenario, _ error) (context.Context, error) {
	return ctx, nil
}

func allStatuses(h *hooked, _ string) {
	h.sc.Step(`^a step$`, pass)
	h.sc.Step(`^a failing step$`, func() error { return errWhoops })
	h.sc.Step(`^a pending step$`, func() error { return godog.ErrPending })
	h.sc.Step(`^a skipped step$`, func() error { return godog.ErrSkip })
	h.sc.Step(`^an ambiguous (.*?)$`, pass)
	h.sc.Step(`^(.*?) ambiguous step$`, pass)
}

func undefinedSteps(h *hooked, _ string) {
	h.sc.Step(`^an implemented step$`, pass)
	h.sc.Step(`^a step that will be skipped$`, pass)
}

type cucumbersKey struct{}

type friendsKey struct{}

// cucumbers registers the definitions of the cucumber examples, and between the first and the
// others those of more registers.
func cucumbers(h *hooked, more func()) {
	h.sc.Step(cucumberExpression("there are {int} cucumbers"), func(ctx context.Context, n int) context.Context {
		return context.WithValue(ctx, cucumbersKey{}, n)
	})
	more()
	h.sc.Step(cucumberExpression("I eat {int} cucumbers"), func(ctx context.Context, n int) context.Context {
		count, _ := ctx.Value(cucumbersKey{}).(int)
		return context.WithValue(ctx, cucumbersKey{}, count-n)
	})
	h.sc.Step(cucumberExpression("I should have {int} cucumbers"), func(ctx context.Context, n int) error {
		count, _ := ctx.Value(cucumbersKey{}).(int)
		return strictlyEqual(count, n)
	})
}

// strictlyEqual fails as Node's assert.strictEqual does.
func strictlyEqual(got, want int) error {
	if got != want {
		return jsError(fmt.Sprintf("Expected values to be strictly equal:\n\n%d !== %d\n", got, want))
	}
	return nil
}

type transposedKey struct{}

func dataTables(h *hooked, _ string) {
	h.sc.Step(`^the following table is transposed:$`, func(ctx context.Context, table *godog.Table) context.Context {
		var transposed [][]string
		for i, row := range table.Rows {
			for j, cell := range row.Cells {
				if i == 0 {
					transposed = append(transposed, make([]string, len(table.Rows)))
				}
				transposed[j][i] = cell.Value
			}
		}
		return context.WithValue(ctx, transposedKey{}, transposed)
	})
	h.sc.Step(`^it should be:$`, func(ctx context.Context, table *godog.Table) error {
		transposed, _ := ctx.Value(transposedKey{}).([][]string)
		for i, row := range table.Rows {
			for j, cell := range row.Cells {
				if i >= len(transposed) || j >= len(transposed[i]) || transposed[i][j] != cell.Value {
					return fmt.Errorf("the transposed table differs at row %d, column %d", i+1, j+1)
				}
			}
		}
		return nil
	})
}

// The regular expression {string} compiles to has four groups inside its own; a definition
// takes them as arguments too, as godog passes every group.
func attachments(h *hooked, dir string) {
	attach := func(ctx context.Context, body []byte, mediaType string) context.Context {
		return godog.Attach(ctx, godog.Attachment{MediaType: mediaType, Body: body})
	}
	unquote := func(s string) string { u, _ := strconv.Unquote(s); return u }
	h.sc.Step(cucumberExpression("the string {string} is attached as {string}"), func(ctx context.Context, text, _, _, _, _, mediaType string) context.Context {
		return attach(ctx, []byte(unquote(text)), unquote(mediaType))
	})
	h.sc.Step(cucumberExpression("the string {string} is logged"), func(ctx context.Context, text string) context.Context {
		return attach(ctx, []byte(unquote(text)), "text/x.cucumber.log+plain")
	})
	h.sc.Step(`^text with ANSI escapes is logged$`, func(ctx context.Context) context.Context {
		return attach(ctx, []byte("This displays a \x1b[31mr\x1b[0m\x1b[91ma\x1b[0m\x1b[33mi\x1b[0m\x1b[32mn\x1b[0m\x1b[34mb\x1b[0m\x1b[95mo\x1b[0m\x1b[35mw\x1b[0m"), "text/x.cucumber.log+plain")
	})
	h.sc.Step(cucumberExpression("the following string is attached as {string}:"), func(ctx context.Context, mediaType, _, _, _, _ string, doc *godog.DocString) context.Context {
		return attach(ctx, []byte(doc.Content), unquote(mediaType))
	})
	h.sc.Step(cucumberExpression("an array with {int} bytes is attached as {string}"), func(ctx context.Context, size int, mediaType string) context.Context {
		body := make([]byte, size)
		for i := range body {
			body[i] = byte(i)
		}
		return attach(ctx, body, unquote(mediaType))
	})
	h.sc.Step(`^a PDF document is attached and renamed$`, attachFile(dir, "document.pdf", "application/pdf", "renamed.pdf"))
	h.sc.Step(cucumberExpression("a link to {string} is attached"), func(ctx context.Context, uri string) context.Context {
		return attach(ctx, []byte(unquote(uri)), "text/uri-list")
	})
	h.sc.Step(cucumberExpression("the string {string} is attached as {string} before a failure"), func(ctx context.Context, text, _, _, _, _, mediaType string) (context.Context, error) {
		return attach(ctx, []byte(unquote(text)), unquote(mediaType)), errWhoops
	})
}

func attachFile(dir, file, mediaType, name string) func(context.Context) (context.Context, error) {
	return func(ctx context.Context) (context.Context, error) {
		body, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			return ctx, err
		}
		return godog.Attach(ctx, godog.Attachment{FileName: name, MediaType: mediaType, Body: body}), nil
	}
}

func attachHook(dir string) func(context.Context, *godog.Scenario) (context.Context, error) {
	return func(ctx context.Context, _ *godog.Scenario) (context.Context, error) {
		return attachFile(dir, "cucumber.svg", "image/svg+xml", "")(ctx)
	}
}

type (
	moneyKey     struct{}
	stockKey     struct{}
	chocolateKey struct{}
)

func rules(h *hooked, _ string) {
	h.sc.Step(cucumberExpression("the customer has {int} cents"), func(ctx context.Context, money int) context.Context {
		return context.WithValue(ctx, moneyKey{}, money)
	})
	h.sc.Step(`^there are chocolate bars in stock$`, func(ctx context.Context) context.Context {
		return context.WithValue(ctx, stockKey{}, []string{"Mars"})
	})
	h.sc.Step(`^there are no chocolate bars in stock$`, func(ctx context.Context) context.Context {
		return context.WithValue(ctx, stockKey{}, []string{})
	})
	h.sc.Step(cucumberExpression("the customer tries to buy a {int} cent chocolate bar"), func(ctx context.Context, price int) context.Context {
		money, _ := ctx.Value(moneyKey{}).(int)
		stock, _ := ctx.Value(stockKey{}).([]string)
		if money >= price && len(stock) > 0 {
			ctx = context.WithValue(ctx, chocolateKey{}, stock[len(stock)-1])
			ctx = context.WithValue(ctx, stockKey{}, slices.Clone(stock[:len(stock)-1]))
		}
		return ctx
	})
	h.sc.Step(`^the sale should not happen$`, func(ctx context.Context) error {
		if c, ok := ctx.Value(chocolateKey{}).(string); ok {
			return fmt.Errorf("the customer got %s", c)
		}
		return nil
	})
	h.sc.Step(`^the sale should happen$`, func(ctx context.Context) error {
		if _, ok := ctx.Value(chocolateKey{}).(string); !ok {
			return fmt.Errorf("the customer got no chocolate")
		}
		return nil
	})
}
