package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary lead a neighbour, as concspec-stress does: start runs this
// process's executable with the leader's subcommand.
func TestMain(m *testing.M) {
	if len(os.Args) == 4 && os.Args[1] == leaderCommand {
		if err := lead(os.Args[2], os.Args[3]); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(1)
		}
		return
	}
	os.Exit(m.Run())
}

func TestParsePlanRejectsWhatIsNotASettingOrANeighbour(t *testing.T) {
	p, err := parsePlan(2, "1, 2,8", "none, two", "~@slow")
	if err != nil || len(p.procs) != 3 || p.procs[2] != 8 || len(p.neighbours) != 2 || p.neighbours[1].name != "two" {
		t.Fatalf("parsePlan = %+v, %v", p, err)
	}
	for _, bad := range []struct{ procs, near string }{{"", "none"}, {"0", "none"}, {"two", "none"}, {"1,,2", "none"}, {"1", "three"}, {"1", ""}} {
		if _, err := parsePlan(1, bad.procs, bad.near, ""); err == nil {
			t.Errorf("parsePlan(-procs %q -neighbours %q) accepted it", bad.procs, bad.near)
		}
	}
	if _, err := parsePlan(0, "1", "none", ""); err == nil {
		t.Error("parsePlan accepted 0 runs")
	}
}

func TestTheMatrixShowsEveryCellAndFailsWhenARunFailed(t *testing.T) {
	p, err := parsePlan(1, "1,2", "none,two", "")
	if err != nil {
		t.Fatal(err)
	}
	ok := runResult{neighbour: "none", procs: 1, seed: 7, passed: true, pressure: 0.25,
		scenarios: []scenarioResult{{name: "a", status: "passed", time: time.Millisecond}, {name: "b", status: "skipped", message: "no schedstat"}}}
	var out bytes.Buffer
	if err := write(&out, p, []runResult{ok}); err != nil {
		t.Fatalf("a clean run reported %v", err)
	}
	for _, want := range []string{"| GOMAXPROCS | none | two |", "| 1 | 1 passed, 1 skipped scenarios · CPU pressure 0.25 | not run |", "1× b — no schedstat"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, out.String())
		}
	}
	bad := runResult{neighbour: "two", procs: 2, seed: 9, pressure: -1, output: "panic: boom",
		scenarios: []scenarioResult{{name: "c", status: "failed", message: "the check fired"}}}
	crashed := runResult{neighbour: "two", procs: 2, seed: 11, pressure: 0.5, output: "panic: boom"}
	out.Reset()
	err = write(&out, p, []runResult{ok, bad, crashed})
	if err == nil || !strings.Contains(err.Error(), "2 of 3 runs failed") {
		t.Fatalf("failed runs reported %v", err)
	}
	for _, want := range []string{"| 2 | not run | 0 passed, 2 FAILED · CPU pressure 0.50 |", "seed 9", "GOMAXPROCS=2 make verify SEED=9", "- c\n      the check fired", "seed 11", "    panic: boom"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestANeighbourIsEndedWithItsWholeGroup(t *testing.T) {
	for _, name := range []string{"one", "two", "build"} {
		t.Run(name, func(t *testing.T) {
			n, err := neighbourCalled(name)
			if err != nil {
				t.Fatal(err)
			}
			r, err := n.start()
			if err != nil {
				t.Fatal(err)
			}
			group := r.leader.Process.Pid
			members := groupMembers(t, group)
			want := map[string]string{"one": "yes", "two": "yes", "build": "go"}[name]
			if !hasMember(members, want) {
				t.Fatalf("the neighbour's group %d runs %v, no %s", group, members, want)
			}
			ours := sessionOf(t, os.Getpid())
			if inOurs := members[0].session == ours; inOurs == n.session {
				t.Errorf("the neighbour's group %d is in session %d, ours is %d; want a session of its own: %v", group, members[0].session, ours, n.session)
			}
			cache := r.cache
			if err := r.stop(); err != nil {
				t.Fatal(err)
			}
			if r.ended != nil {
				t.Errorf("the leader ended with %v when stopped; want a clean end", r.ended)
			}
			if left := groupMembers(t, group); len(left) > 0 {
				t.Errorf("after stop, the neighbour's group %d still has %v", group, left)
			}
			if _, err := os.Stat(cache); cache != "" && !os.IsNotExist(err) {
				t.Errorf("the throwaway GOCACHE %s is still there: %v", cache, err)
			}
		})
	}
}

func TestANeighbourEndsItselfWhenConcspecStressEndsWithoutStoppingIt(t *testing.T) {
	n, _ := neighbourCalled("two")
	r, err := n.start()
	if err != nil {
		t.Fatal(err)
	}
	group := r.leader.Process.Pid
	r.stdin.Close() // what the end of concspec-stress does to the pipe
	select {
	case <-r.exited:
	case <-time.After(boundToEnd):
		_ = syscall.Kill(-group, syscall.SIGKILL)
		t.Fatalf("the leader did not end within %s of its standard input closing", boundToEnd)
	}
	if left := groupMembers(t, group); len(left) > 0 {
		t.Errorf("the leader ended, but its group %d still has %v", group, left)
	}
}

func TestANeighbourWhoseBurnerIsKilledEndsAndSaysSo(t *testing.T) {
	n, _ := neighbourCalled("two")
	r, err := n.start()
	if err != nil {
		t.Fatal(err)
	}
	defer r.stop()
	group := r.leader.Process.Pid
	if err := r.gone(); err != nil {
		t.Fatalf("a running neighbour is gone: %v", err)
	}
	var burner int
	for _, m := range groupMembers(t, group) {
		if m.command == "yes" {
			burner = m.pid
		}
	}
	if burner == 0 {
		t.Fatalf("the neighbour's group %d runs no yes", group)
	}
	if err := syscall.Kill(burner, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	select {
	case <-r.exited:
	case <-time.After(boundToEnd):
		t.Fatalf("the leader did not end within %s of its burner %d being killed", boundToEnd, burner)
	}
	if err := r.gone(); err == nil || !strings.Contains(err.Error(), `"two" ended while the corpus ran`) {
		t.Errorf("gone() = %v", err)
	}
	if left := groupMembers(t, group); len(left) > 0 {
		t.Errorf("the leader ended, but its group %d still has %v", group, left)
	}
}

// process is one entry of /proc.
type process struct {
	pid, session int
	command      string
}

// groupMembers lists the processes of a process group, zombies included, from /proc.
func groupMembers(t *testing.T, group int) []process {
	t.Helper()
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil {
		t.Fatal(err)
	}
	var out []process
	for _, path := range stats {
		body, err := os.ReadFile(path)
		if err != nil {
			continue // it ended while we looked
		}
		command, fields := parseStat(string(body))
		if len(fields) < 4 {
			continue
		}
		pgrp, _ := strconv.Atoi(fields[2])
		if pgrp != group {
			continue
		}
		pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(path)))
		session, _ := strconv.Atoi(fields[3])
		out = append(out, process{pid: pid, session: session, command: command})
	}
	return out
}

// parseStat splits /proc/<pid>/stat into the command and the fields after it (state, ppid,
// pgrp, session, …).
func parseStat(stat string) (command string, fields []string) {
	open, end := strings.IndexByte(stat, '('), strings.LastIndexByte(stat, ')')
	if open < 0 || end < open {
		return "", nil
	}
	return stat[open+1 : end], strings.Fields(stat[end+1:])
}

func sessionOf(t *testing.T, pid int) int {
	t.Helper()
	body, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		t.Fatal(err)
	}
	_, fields := parseStat(string(body))
	session, _ := strconv.Atoi(fields[3])
	return session
}

func hasMember(members []process, command string) bool {
	for _, m := range members {
		if m.command == command {
			return true
		}
	}
	return false
}

func TestAFailedRunNamesItsFailedScenariosOnItsLine(t *testing.T) {
	r := runResult{neighbour: "two", procs: 4, seed: 7, scenarios: []scenarioResult{
		{name: "a", status: "passed"}, {name: "b", status: "failed", message: "the check fired"},
	}}
	if got := r.line(); !strings.HasSuffix(got, "\n       failed: b") || !strings.HasPrefix(got, "FAIL two ") {
		t.Fatalf("the line of a failed run is %q", got)
	}
}
