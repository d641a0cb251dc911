package shared

import "fmt"

// Fired is a negative control's verdict on a check run against a broken implementation: err is
// what the check returned, and it must have fired (err not nil) and said exactly want. on names
// what the check ran on ("the broken stage", `the I/O layer "inline"`), for the words of a check
// that did not fire; check is the check's name ("order").
func Fired(err error, check, on, want string) error {
	switch {
	case err == nil:
		return fmt.Errorf("the %s check did not fire on %s; it should have said %q", check, on, want)
	case err.Error() != want:
		return fmt.Errorf("the %s check fired, but said %q where it should have said %q", check, err, want)
	}
	return nil
}
