package harness

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"unsafe"

	"github.com/cucumber/godog"
	"github.com/cucumber/godog/formatters"
	messages "github.com/cucumber/messages/go/v34"
)

// stepDef is a registered step definition.
type stepDef struct {
	expr    *regexp.Regexp
	keyword formatters.Keyword
	file    string
	line    int
}

func (d stepDef) key() string { return fmt.Sprintf("%s:%d %s", d.file, d.line, d.expr) }

// registeredSteps lists the step definitions registered in sc so far, in registration order.
// godog keeps them in an unexported field of the context's suite (a []*models.StepDefinition,
// whose elements embed the exported formatters.StepDefinition beside File and Line): the
// messages report must declare every definition before the run, and find every definition a
// step matches when it is ambiguous, and godog offers neither. TestCompatibilityKit fails if
// godog's layout changes.
func registeredSteps(sc *godog.ScenarioContext) []stepDef {
	suite := reflect.ValueOf(sc).Elem().FieldByName("suite")
	if !suite.IsValid() || suite.IsNil() {
		return nil
	}
	steps := suite.Elem().FieldByName("steps")
	if !steps.IsValid() || steps.Kind() != reflect.Slice {
		return nil
	}
	var out []stepDef
	for i := range steps.Len() {
		d := steps.Index(i).Elem()
		embedded := d.FieldByName("StepDefinition")
		file, line := d.FieldByName("File"), d.FieldByName("Line")
		if !embedded.IsValid() || embedded.Type() != reflect.TypeFor[formatters.StepDefinition]() || file.Kind() != reflect.String || line.Kind() != reflect.Int {
			return nil
		}
		sd := (*formatters.StepDefinition)(unsafe.Pointer(embedded.UnsafeAddr()))
		out = append(out, stepDef{expr: sd.Expr, keyword: sd.Keyword, file: file.String(), line: int(line.Int())})
	}
	return out
}

// matching lists the definitions that match a step, as godog matches them: the expression
// matches the text, and the keyword the definition was registered with (if any) fits.
func matching(defs []stepDef, st *messages.PickleStep) []stepDef {
	var out []stepDef
	for _, d := range defs {
		if d.expr.MatchString(st.Text) && keywordFits(d.keyword, st.Type) {
			out = append(out, d)
		}
	}
	return out
}

func keywordFits(k formatters.Keyword, t messages.PickleStepType) bool {
	switch {
	case k == formatters.None:
		return true
	case t == messages.PickleStepType_CONTEXT:
		return k == formatters.Given
	case t == messages.PickleStepType_ACTION:
		return k == formatters.When
	case t == messages.PickleStepType_OUTCOME:
		return k == formatters.Then
	}
	return true
}

var (
	snippetNumber = regexp.MustCompile(`\d+(\.\d+)?`)
	snippetQuoted = regexp.MustCompile(`"[^"]*"`)
)

// snippet is Go code for a definition of an undefined step, as godog suggests it: numbers and
// quoted strings become arguments.
func snippet(st *messages.PickleStep) string {
	var args []string
	var expr strings.Builder
	rest := st.Text
	for rest != "" {
		q, n := snippetQuoted.FindStringIndex(rest), snippetNumber.FindStringIndex(rest)
		switch {
		case q != nil && (n == nil || q[0] <= n[0]):
			expr.WriteString(regexp.QuoteMeta(rest[:q[0]]) + `"([^"]*)"`)
			args = append(args, fmt.Sprintf("arg%d string", len(args)+1))
			rest = rest[q[1]:]
		case n != nil:
			expr.WriteString(regexp.QuoteMeta(rest[:n[0]]))
			if strings.Contains(rest[n[0]:n[1]], ".") {
				expr.WriteString(`(\d+\.\d+)`)
				args = append(args, fmt.Sprintf("arg%d float64", len(args)+1))
			} else {
				expr.WriteString(`(\d+)`)
				args = append(args, fmt.Sprintf("arg%d int", len(args)+1))
			}
			rest = rest[n[1]:]
		default:
			expr.WriteString(regexp.QuoteMeta(rest))
			rest = ""
		}
	}
	switch st.Argument {
	case nil:
	default:
		if st.Argument.DataTable != nil {
			args = append(args, fmt.Sprintf("arg%d *godog.Table", len(args)+1))
		} else if st.Argument.DocString != nil {
			args = append(args, fmt.Sprintf("arg%d *godog.DocString", len(args)+1))
		}
	}
	return fmt.Sprintf("sc.Step(`^%s$`, func(%s) error {\n\treturn godog.ErrPending\n})", expr.String(), strings.Join(args, ", "))
}

// outcomeStatus is the status of a step or hook that ended with err; passed says it ran to
// its end (a step skipped because an earlier one failed has no error and did not pass).
func outcomeStatus(err error, passed bool) messages.TestStepResultStatus {
	switch {
	case errors.Is(err, godog.ErrAmbiguous):
		return messages.TestStepResultStatus_AMBIGUOUS
	case errors.Is(err, godog.ErrUndefined):
		return messages.TestStepResultStatus_UNDEFINED
	case errors.Is(err, godog.ErrPending):
		return messages.TestStepResultStatus_PENDING
	case errors.Is(err, godog.ErrSkip):
		return messages.TestStepResultStatus_SKIPPED
	case err != nil:
		return messages.TestStepResultStatus_FAILED
	case passed:
		return messages.TestStepResultStatus_PASSED
	}
	return messages.TestStepResultStatus_SKIPPED
}

// exception describes err for the report: the message without godog's prefix for a pending
// or skipped step (nothing if that prefix is all there is), the type of the innermost error
// (or "error" for one made by errors.New or fmt.Errorf), and the stack where err carries one.
func exception(err error) (message string, ex *messages.Exception) {
	if err == nil {
		return "", nil
	}
	message = err.Error()
	for _, sentinel := range []error{godog.ErrPending, godog.ErrSkip} {
		if errors.Is(err, sentinel) {
			if message == sentinel.Error() {
				return "", nil
			}
			message = strings.TrimPrefix(message, sentinel.Error()+": ")
		}
	}
	inner := err
	for {
		next := errors.Unwrap(inner)
		if next == nil {
			break
		}
		inner = next
	}
	kind := fmt.Sprintf("%T", inner)
	switch kind {
	case "*errors.errorString", "*errors.joinError", "*fmt.wrapError", "*fmt.wrapErrors":
		kind = "error"
	}
	ex = &messages.Exception{Type: kind, Message: message}
	if trace := fmt.Sprintf("%+v", err); trace != err.Error() {
		ex.StackTrace = trace
	}
	return message, ex
}
