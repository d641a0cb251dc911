package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// neighbour is what runs beside the corpus while it runs: nothing, or a process group of
// programs that take the CPU from it. Each runs under a leader process (this program's
// `neighbour` subcommand) in a process group of its own, which is ended as a whole.
type neighbour struct {
	name  string // as -neighbours names it
	about string // for the matrix's legend
	// session puts the group in a session of its own. With autogroup scheduling
	// (/proc/sys/kernel/sched_autogroup_enabled) the kernel shares the CPU between sessions as
	// between tenants; within one session, between processes.
	session bool
	burners int  // `yes` processes writing to /dev/null
	build   bool // `go build -a std` in a throwaway GOCACHE, again and again
}

var neighbours = []neighbour{
	{name: "none", about: "nothing beside the corpus"},
	{name: "one", about: "one `yes` burning a processor, in the corpus's session", burners: 1},
	{name: "two", about: "two `yes` burning a processor each, in another session (setsid: another tenant to the scheduler)", session: true, burners: 2},
	{name: "build", about: "`go build -a std` in a throwaway GOCACHE, again and again, in the corpus's session", build: true},
}

// leaderCommand is the subcommand under which this program leads a neighbour's processes.
const leaderCommand = "neighbour"

// boundToStart and boundToEnd bound the waits for a neighbour to start and to end.
const (
	boundToStart = 30 * time.Second
	boundToEnd   = 30 * time.Second
)

// parseNeighbours reads -neighbours: names from the table above, comma-separated.
func parseNeighbours(list string) ([]neighbour, error) {
	var out []neighbour
	for _, field := range strings.Split(list, ",") {
		n, err := neighbourCalled(strings.TrimSpace(field))
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

func neighbourCalled(name string) (neighbour, error) {
	var names []string
	for _, n := range neighbours {
		if n.name == name {
			return n, nil
		}
		names = append(names, n.name)
	}
	return neighbour{}, fmt.Errorf("-neighbours: %q is not a neighbour; known: %s", name, strings.Join(names, ", "))
}

// running is a started neighbour.
type running struct {
	name   string
	leader *exec.Cmd
	// exited is closed when the leader has ended, with its end in ended.
	exited chan struct{}
	ended  error
	// stdin is the write end of the leader's standard input: closing it (as this process's end
	// does) tells the leader to end its group.
	stdin io.Closer
	cache string // the build's throwaway GOCACHE, removed at the end
}

// start starts the neighbour's leader in a process group of its own (and a session of its own
// if n.session) and returns once its processes run. The leader's standard input is a pipe this
// process holds: if this process ends without stopping it, the pipe closes and the leader ends
// its group itself.
func (n neighbour) start() (*running, error) {
	if n.burners == 0 && !n.build {
		return nil, nil
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	r := &running{name: n.name, exited: make(chan struct{})}
	if n.build {
		if r.cache, err = os.MkdirTemp("", "concspec-stress-gocache-"); err != nil {
			return nil, err
		}
	}
	r.leader = exec.Command(self, leaderCommand, n.name, r.cache)
	r.leader.SysProcAttr = &syscall.SysProcAttr{Setsid: n.session, Setpgid: !n.session}
	r.leader.Stderr = os.Stderr
	if r.stdin, err = r.leader.StdinPipe(); err != nil {
		return nil, r.removeCache(err)
	}
	stdout, err := r.leader.StdoutPipe()
	if err != nil {
		return nil, r.removeCache(err)
	}
	if err := r.leader.Start(); err != nil {
		return nil, r.removeCache(fmt.Errorf("starting the neighbour %q: %w", n.name, err))
	}
	ready := make(chan bool, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		ready <- line == readyLine
		r.ended = r.leader.Wait()
		close(r.exited)
	}()
	select {
	case ok := <-ready:
		if ok {
			return r, nil
		}
		return nil, r.stopWith(fmt.Errorf("the neighbour %q ended before its processes ran (its error is above)", n.name))
	case <-time.After(boundToStart):
		return nil, r.stopWith(fmt.Errorf("the neighbour %q did not say its processes run within %s", n.name, boundToStart))
	}
}

// gone says, once the neighbour has ended before it was stopped, why; nil while it runs.
func (r *running) gone() error {
	if r == nil {
		return nil
	}
	select {
	case <-r.exited:
		return fmt.Errorf("the neighbour %q ended while the corpus ran beside it (%v), so the run did not have it beside it; its error is above", r.name, r.ended)
	default:
		return nil
	}
}

// stop ends the neighbour's whole process group: SIGTERM to its leader, which ends the group and
// waits for every process in it; SIGKILL to the whole group if the leader has not ended within
// boundToEnd.
func (r *running) stop() error { return r.stopWith(nil) }

func (r *running) stopWith(cause error) error {
	if r == nil {
		return cause
	}
	leader := r.leader.Process.Pid // it leads its group: the group's id is its pid
	_ = syscall.Kill(leader, syscall.SIGTERM)
	select {
	case <-r.exited:
	case <-time.After(boundToEnd):
		_ = syscall.Kill(-leader, syscall.SIGKILL)
		<-r.exited
		if cause == nil {
			cause = fmt.Errorf("the neighbour %q did not end within %s of SIGTERM; killed its process group %d", r.name, boundToEnd, leader)
		}
	}
	return r.removeCache(cause)
}

func (r *running) removeCache(cause error) error {
	if r.cache != "" {
		if err := os.RemoveAll(r.cache); err != nil && cause == nil {
			cause = err
		}
	}
	return cause
}
