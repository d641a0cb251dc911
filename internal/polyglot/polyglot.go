// Package polyglot runs the corpus's programs in the other runtimes the guide speaks of —
// Python, Node.js, Java, Rust (rayon, tokio) and C# (Mono) — so that the rules it states for
// them (P01–P07), its claim that Java computes in parallel (R01), and the atomics and locks of
// its table of primitives (R18, in Java and C#), are shown in the runtime
// itself, not only in their Go analogues. Each program prints one JSON object of what it
// measured or saw. The probes (versions.py, versions.mjs, Versions.java, the Rust binary
// versions, Versions.cs) use one milestone of the guide's version table each and print the
// version they ran on. RustCompile compiles a Rust program only to see whether rustc accepts it
// (ownership/race.rs must not compile).
//
// A runtime that is not installed is reported with what to install; the corpus then skips the
// scenario with that reason. Programs that need compiling (Java, Rust, C#) are compiled once
// per process, into a directory that lives as long as the runs using it (Rust's build is cached
// across runs, because it takes seconds): Prepare does it before the first scenario for the
// programs a run's selection needs, and Run does it for any other on first use.
//
// The programs that show parallelism report, for each way of computing, the processors it
// wanted: the time the threads running its work items spent on a CPU or ready to run for one,
// which each item reads from its own thread's /proc/thread-self/schedstat as it starts and
// ends, over the wall time from the first item's start to the last one's end. A busy neighbour
// turns running time into time ready to run, so it changes the processors obtained (on a CPU,
// reported beside) and not the processors wanted.
package polyglot

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

//go:embed python node java rust/Cargo.toml rust/src rust/ownership csharp
var programs embed.FS

// Result is what a program printed: its JSON object, and the runtime that ran it.
type Result struct {
	Runtime string
	Version string
	Values  map[string]any
}

// Number is the named value as a number.
func (r Result) Number(key string) (float64, error) {
	v, ok := r.Values[key].(float64)
	if !ok {
		return 0, fmt.Errorf("%s's output has no number %q: %v", r.Runtime, key, r.Values)
	}
	return v, nil
}

// NotInstalled is the error for a runtime the machine lacks; Install says what to install.
type NotInstalled struct{ Runtime, Install string }

func (e *NotInstalled) Error() string {
	return fmt.Sprintf("%s is not installed (%s; `make tools` installs it on Debian)", e.Runtime, e.Install)
}

// runtime knows how to make a program runnable: it returns the command that runs it.
type runtime struct {
	name, install string
	prepare       func(dir, program string) (cmd []string, version string, err error)
}

var runtimes = map[string]runtime{
	"Python":  {"Python 3.11+", "python3", interpreted("python3", "python", "python3")},
	"Node.js": {"Node.js 20+", "nodejs", interpreted("node", "node", "nodejs")},
	"Java":    {"a JDK 21+", "a Temurin or OpenJDK 21+ under /usr/lib/jvm", prepareJava},
	"Rust":    {"Rust with rayon and tokio", "cargo, librust-rayon-dev, librust-tokio-dev", prepareRust},
	"C#":      {"Mono's C# compiler and runtime", "mono-mcs, mono-runtime", prepareCSharp},
}

// What is prepared is the process's: the programs are compiled once, whichever run asks first.
var (
	mu    sync.Mutex
	dir   string
	ready = map[string]prepared{}
	users int
)

type prepared struct {
	cmd     []string
	version string
	err     error
}

// Run runs program (a path under the runtime's directory, such as "p01_gil.py") in the named
// runtime with args, and decodes the JSON object it prints.
func Run(ctx context.Context, runtimeName, program string, args ...string) (Result, error) {
	rt, ok := runtimes[runtimeName]
	if !ok {
		return Result{}, fmt.Errorf("no runtime %q; there are Python, Node.js, Java, Rust and C#", runtimeName)
	}
	p, err := prepare(runtimeName, rt, program)
	if err != nil {
		return Result{}, err
	}
	cmd := exec.CommandContext(ctx, p.cmd[0], append(p.cmd[1:], args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return Result{}, fmt.Errorf("%s %s %s: %v\n%s", runtimeName, program, strings.Join(args, " "), err, stderr.String())
	}
	res := Result{Runtime: rt.name, Version: p.version, Values: map[string]any{}}
	if err := json.Unmarshal(bytes.TrimSpace(out), &res.Values); err != nil {
		return Result{}, fmt.Errorf("%s %s printed no JSON object: %v\n%s", runtimeName, program, err, out)
	}
	return res, nil
}

// prepare makes the program runnable once per process.
func prepare(name string, rt runtime, program string) (prepared, error) {
	mu.Lock()
	defer mu.Unlock()
	key := name + "/" + program
	if p, ok := ready[key]; ok {
		return p, p.err
	}
	if dir == "" {
		d, err := os.MkdirTemp("", "concspec-polyglot-")
		if err != nil {
			return prepared{}, err
		}
		if err := os.CopyFS(d, programs); err != nil {
			return prepared{}, err
		}
		dir = d
	}
	cmd, version, err := rt.prepare(dir, program)
	p := prepared{cmd: cmd, version: version, err: err}
	ready[key] = p
	return p, err
}

// Use says a run may call Run, and returns what the run calls when it ends: once the last run
// using them has ended, what Run prepared is removed. Two runs in one process share what is
// prepared, and neither removes it from under the other.
func Use() (release func()) {
	mu.Lock()
	defer mu.Unlock()
	users++
	var once sync.Once
	return func() {
		once.Do(func() {
			mu.Lock()
			defer mu.Unlock()
			if users--; users == 0 {
				if dir != "" {
					os.RemoveAll(dir)
				}
				dir, ready = "", map[string]prepared{}
			}
		})
	}
}

// interpreted runs programs from the directory sub with command, found on the PATH.
func interpreted(command, sub, install string) func(dir, program string) ([]string, string, error) {
	return func(d, program string) ([]string, string, error) {
		path, err := exec.LookPath(command)
		if err != nil {
			return nil, "", &NotInstalled{Runtime: command, Install: install}
		}
		version, err := output(path, "--version")
		if err != nil {
			return nil, "", err
		}
		return []string{path, filepath.Join(d, sub, program)}, version, nil
	}
}

// output runs a command and returns what it printed, trimmed.
func output(name string, args ...string) (string, error) {
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out)), nil
}

// exists reports whether every path exists.
func exists(paths ...string) bool {
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			return false
		}
	}
	return true
}

// glob lists the paths that match pattern (a constant pattern cannot be malformed).
func glob(pattern string) []string {
	m, _ := filepath.Glob(pattern)
	return m
}

// programsOf are the programs of each runtime, as Run names them.
var programsOf = map[string][]string{
	"Python":  {"p01_gil.py", "p02_taskgroup.py", "p01_cpu_pools.py", "p01_executor.py", "p02_gather.py", "r18_counter.py", "r21_forgotten_await.py", "versions.py"},
	"Node.js": {"p03_event_loop.mjs", "p04_promise_all.mjs", "p03_worker_messages.mjs", "r21_unhandled_rejection.mjs", "versions.mjs"},
	"Java":    {"P05.java", "P05Pinning.java", "R01Parallel.java", "R18Counter.java", "Versions.java"},
	"Rust":    {"p06", "versions", "ownership/counters.rs"},
	"C#":      {"P07.cs", "R18Counter.cs", "Versions.cs"},
}

// Status is whether a runtime can run its programs here.
type Status struct {
	Runtime, Version string
	// Err is why not (a *NotInstalled when the runtime is missing); nil when it can.
	Err error
}

// Check prepares every program (compiling those that need it, building Rust's cache) and
// reports each runtime's status, in a fixed order.
func Check() []Status {
	var out []Status
	for _, name := range []string{"Python", "Node.js", "Java", "Rust", "C#"} {
		st := Status{Runtime: name}
		for _, program := range programsOf[name] {
			p, err := prepare(name, runtimes[name], program)
			st.Version = p.version
			if err != nil {
				st.Err = err
				break
			}
		}
		out = append(out, st)
	}
	return out
}
