package parallelism

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/shared"
)

// defaultProcs is the check that a Go program started with GOMAXPROCS unset runs with a
// processor for each CPU it may use.
const defaultProcs harness.Detector = "GOMAXPROCS default"

// Started is what the started-procs control prints: the GOMAXPROCS the program started with,
// the runtime's own default (what runtime.SetDefaultGOMAXPROCS sets, ignoring the environment:
// the CPUs the process may use, lowered by its cgroup's CPU limit since Go 1.25), the CPUs it may
// use (runtime.NumCPU, which honours the process's CPU affinity) and the GOMAXPROCS its
// environment gave.
type Started struct {
	GOMAXPROCS int    `json:"gomaxprocs"`
	Default    int    `json:"default"`
	CPUs       int    `json:"cpus"`
	Env        string `json:"env"`
}

// startedControl reports the GOMAXPROCS the program started with, before anything changed it,
// then asks the runtime for its default.
func startedControl(*catalog.Catalog, []string) (any, error) {
	st := Started{GOMAXPROCS: runtime.GOMAXPROCS(0), CPUs: runtime.NumCPU(), Env: os.Getenv("GOMAXPROCS")}
	runtime.SetDefaultGOMAXPROCS()
	st.Default = runtime.GOMAXPROCS(0)
	return st, nil
}

// startGo runs the started-procs control, a Go program built without the race detector, with
// GOMAXPROCS unset ("" counts as unset: the runtime ignores a value that is no positive number)
// or set to a number in its environment, whatever the corpus's own environment holds.
func (s *state) startGo(ctx context.Context, setting string) error {
	value := ""
	if setting != "unset" {
		value = strings.TrimPrefix(setting, "set to ")
	}
	res, err := harness.RunChild(ctx, harness.Child{Args: []string{"started-procs"}, Env: []string{"GOMAXPROCS=" + value}})
	if err != nil {
		return err
	}
	if res.ExitCode != 0 {
		return fmt.Errorf("the Go program started with GOMAXPROCS %s did not finish normally: %s", setting, shared.ChildOutput(res))
	}
	var st Started
	if err := json.Unmarshal([]byte(res.Stdout), &st); err != nil {
		return fmt.Errorf("the Go program's output is not the JSON it should print: %w\n%s", err, shared.ChildOutput(res))
	}
	s.started = &st
	settings := map[string]string{"GOMAXPROCS in the environment": setting}
	for _, f := range []harness.Figure{
		{Name: "GOMAXPROCS at start", Value: float64(st.GOMAXPROCS)},
		{Name: "CPUs the process may use", Value: float64(st.CPUs)},
		{Name: "GOMAXPROCS the runtime's default gives (CPUs within the cgroup's limit)", Value: float64(st.Default)},
	} {
		f.Settings = settings
		if err := harness.Record(ctx, f); err != nil {
			return err
		}
	}
	return nil
}

func (s *state) startedProcs() (Started, error) {
	if s.started == nil {
		return Started{}, fmt.Errorf("no Go program has started: start with `When a Go program starts with GOMAXPROCS … in its environment`")
	}
	return *s.started, nil
}

// procsAre checks the GOMAXPROCS the program started with against a number.
func (s *state) procsAre(n int) error {
	st, err := s.startedProcs()
	if err != nil {
		return err
	}
	if st.GOMAXPROCS != n {
		return fmt.Errorf("the Go program started with GOMAXPROCS %d, not %d (its environment's GOMAXPROCS: %q)", st.GOMAXPROCS, n, st.Env)
	}
	return nil
}

// procsAreDefault is the default-GOMAXPROCS check: the program got the runtime's default, a
// processor for each CPU it may use (within its cgroup's CPU limit, if any).
func (s *state) procsAreDefault(ctx context.Context) error {
	st, err := s.startedProcs()
	if err != nil {
		return err
	}
	return harness.Detect(ctx, defaultProcs, st.notDefault)
}

// notDefault says how the GOMAXPROCS the program started with is not the runtime's default of
// a processor per CPU it may use; nil when it is.
func (st Started) notDefault() error {
	if st.Default < 1 || st.Default > st.CPUs {
		return fmt.Errorf("the runtime's default GOMAXPROCS is %d for a process that may use %d CPUs: not a processor per CPU", st.Default, st.CPUs)
	}
	if st.GOMAXPROCS != st.Default {
		return fmt.Errorf("the Go program started with GOMAXPROCS %d, but the runtime's default for the %d CPUs it may use is %d: its environment's GOMAXPROCS (%q) decided",
			st.GOMAXPROCS, st.CPUs, st.Default, st.Env)
	}
	return nil
}

// procsAreDefaultFails is the negative control: the default-GOMAXPROCS check fires on a program
// whose environment set GOMAXPROCS.
func (s *state) procsAreDefaultFails(ctx context.Context) error {
	if err := s.procsAreDefault(ctx); err == nil {
		return fmt.Errorf("the default-GOMAXPROCS check passes a program started with GOMAXPROCS %d: it cannot tell the default from a setting (%+v)", s.started.GOMAXPROCS, *s.started)
	}
	return nil
}
