package taskgroups

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
)

// Errors are compared as callers compare them, with errors.Is: a group may hand back a task's
// error wrapped (fmt.Errorf("…: %w", err)) or joined with others, and the task's error is still
// recognisable. An error with the same text that is not errors.Is the task's is a different
// error, and the messages say so with the types involved.

// describe shows an error to a reader: its text and its type, what it wraps, and for a joined
// error each error inside — `"boom" (*errors.errorString)`.
func describe(err error) string {
	if err == nil {
		return "nil"
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		parts := make([]string, 0, len(joined.Unwrap()))
		for _, e := range joined.Unwrap() {
			parts = append(parts, describe(e))
		}
		return fmt.Sprintf("%T joining [%s]", err, strings.Join(parts, ", "))
	}
	out := fmt.Sprintf("%s (%T", quoteShort(err.Error()), err)
	if inner := errors.Unwrap(err); inner != nil {
		out += ", wrapping " + describe(inner)
	}
	return out + ")"
}

// describeAll describes each error: [a, b].
func describeAll(errs []error) string {
	parts := make([]string, len(errs))
	for i, e := range errs {
		parts[i] = describe(e)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// quoteShort quotes a message, cut after its first line or 100 characters (a panic's carries a
// whole stack).
func quoteShort(msg string) string {
	short, cut := msg, false
	if i := strings.IndexByte(short, '\n'); i >= 0 {
		short, cut = short[:i], true
	}
	if len(short) > 100 {
		short, cut = short[:100], true
	}
	if cut {
		return fmt.Sprintf("%q…", short)
	}
	return fmt.Sprintf("%q", short)
}

// notTheSame explains why got is not errors.Is want: a different error with the same text (a
// copy, or a wrapper that does not unwrap to it), or another error altogether.
func notTheSame(got, want error) string {
	if got != nil && got.Error() == want.Error() {
		return fmt.Sprintf("%s has the same text as %s but is not errors.Is it: it is another error, which a caller testing errors.Is against the original would not recognise — wrap the original with %%w (or give the wrapper an Unwrap method that returns it)",
			describe(got), describe(want))
	}
	return fmt.Sprintf("%s is not errors.Is %s", describe(got), describe(want))
}

// onlyFault says why err is not t's error alone (wrapped or not), or "" if it is: nil, another
// error, or t's error joined with others — the other tasks' errors (views) included.
func onlyFault(err error, t *taskRecord, views []taskView) string {
	if err == nil {
		return fmt.Sprintf("Wait returned nil, want the error %s returned, %s", t.name, describe(t.want))
	}
	if !errors.Is(err, t.want) {
		return fmt.Sprintf("Wait returned an error that is not the one %s returned: %s", t.name, notTheSame(err, t.want))
	}
	var extra []string
	for _, e := range stepkit.Flatten(err) {
		if !errors.Is(e, t.want) {
			extra = append(extra, describe(e))
		}
	}
	for _, v := range views {
		if v.t != t && v.err != nil && !errors.Is(v.err, t.want) && errors.Is(err, v.err) && !errors.Is(t.want, v.err) {
			extra = append(extra, fmt.Sprintf("the error %s returned, %s", v.t.name, describe(v.err)))
		}
	}
	if len(extra) > 0 {
		return fmt.Sprintf("Wait returned %s: besides the error %s returned it carries %s. Wait should return the first error alone (wrapped or not), not joined with the others",
			describe(err), t.name, strings.Join(extra, " and "))
	}
	return ""
}

// expected is one error a joined error should hold: its text, and the error it must be
// errors.Is (nil when the scenario has no error to compare with).
type expected struct {
	text string
	err  error
}

// sameErrors is the check on what Wait returned when it joins every error: the errors it joined
// are the expected errors, in order.
func (s *state) sameErrors(ctx context.Context, want []expected) error {
	return harness.Detect(ctx, waitError, func() error { return sameErrors(stepkit.Flatten(s.group.waitErr), want) })
}

// sameErrors checks that errs are the expected errors, in order: each with the expected text,
// and errors.Is the expected error.
func sameErrors(errs []error, want []expected) error {
	texts := make([]string, len(want))
	for i, w := range want {
		texts[i] = w.text
	}
	mismatch := len(errs) != len(want)
	for i := 0; !mismatch && i < len(errs); i++ {
		mismatch = errs[i].Error() != want[i].text || want[i].err != nil && !errors.Is(errs[i], want[i].err)
	}
	if mismatch {
		return fmt.Errorf("the group's Wait returned %s, want %q joined, in that order, each errors.Is the task's own error", describeAll(errs), texts)
	}
	return nil
}
