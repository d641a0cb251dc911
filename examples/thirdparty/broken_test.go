package thirdparty

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestTheBrokenGroupIsCaught runs TestLateCancelGroupConformance in a child process, expects it
// to fail, and checks that the failure says which scenario, which step and why. `go test -v`
// prints the child's whole output: exactly what a team with this bug would see.
func TestTheBrokenGroupIsCaught(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run", "^TestLateCancelGroupConformance$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), "THIRDPARTY_BROKEN=1")
	out, err := cmd.CombinedOutput()
	t.Logf("the broken group's run:\n%s", out)
	if err == nil {
		t.Fatal("the corpus passed a group that does not cancel on error")
	}
	for _, want := range []string{
		"--- FAIL: TestLateCancelGroupConformance/latecancel:_when_one_task_fails,_all_4_siblings_observe_cancellation",
		"siblings",
		"--- PASS: TestLateCancelGroupConformance/latecancel:_Wait_returns_only_after_every_task_has_returned",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the broken run's output does not say %q", want)
		}
	}
}
