package otherruntimes

import (
	"context"
	"fmt"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/cucumber/godog"
)

// registerGIL registers the steps that choose the scenario that fits the installed Python:
// the one for a build with the GIL, or the one for a free-threaded build with the GIL off.
func registerGIL(sc *godog.ScenarioContext, _ *state) {
	sc.Given(stepkit.Re(`^a Python with the GIL (on|off) \(any other Python skips this scenario\)$`), aPythonWithTheGIL)
}

// aPythonWithTheGIL asks the installed Python whether its GIL is on (sys._is_gil_enabled(),
// which a build older than 3.13 lacks: its GIL is always on), and skips the scenario, with the
// reason, when the answer is not the one the scenario is for.
func aPythonWithTheGIL(ctx context.Context, want string) error {
	res, _, err := runWithin(ctx, "Python", "versions.py", "gil")
	if err != nil {
		return err
	}
	gil, ok1 := res.Values["gil"].(bool)
	freeThreaded, ok2 := res.Values["free_threaded_build"].(bool)
	if !ok1 || !ok2 {
		return fmt.Errorf("the Python probe printed no gil and free_threaded_build booleans: %v", res.Values)
	}
	version, _ := res.Values["version"].(string)
	if why := otherPython(version, gil, freeThreaded, want == "on"); why != "" {
		return harness.Skip(ctx, why)
	}
	return nil
}

// otherPython says why a Python (version) whose GIL is on or off (gil), from a free-threaded
// build or not, is not the one a scenario for the GIL on (wantGIL) or off is for; "" when it is.
func otherPython(version string, gil, freeThreaded, wantGIL bool) string {
	switch {
	case gil && !wantGIL && !freeThreaded:
		return fmt.Sprintf("Python %s is a build with the GIL, and no free-threaded build (3.13t or later) is installable on this machine: what the guide says of one is stated, not run here", version)
	case gil && !wantGIL:
		return fmt.Sprintf("Python %s is a free-threaded build, but its GIL is on (PYTHON_GIL=1, or a module that needs it): this scenario is for the GIL off", version)
	case !gil && wantGIL:
		return fmt.Sprintf("Python %s is a free-threaded build with the GIL off: the scenario for that build says what its threads do", version)
	}
	return ""
}
