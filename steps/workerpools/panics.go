package workerpools

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
)

// panicState is what a panic scenario keeps: the value the task panicked with, how many other
// tasks there were, and, when it ran in a child process, what the child printed.
type panicState struct {
	msg    string
	others int
	child  *Result
}

// onePanics submits n held tasks and, among them, one that panics with msg; it lets them go one
// at a time and stops the pool once every Submit has returned. Only a pool that declares it
// survives panics has a task panic in this process.
func (s *state) onePanics(ctx context.Context, n, msg string) error {
	if err := s.needPool(); err != nil {
		return err
	}
	if !s.impl.SurvivesPanics {
		return fmt.Errorf("a panicking task may end the process with the %s pool, which does not declare %s: run it with the step `When %s tasks are submitted and one more panics with %q in a child process`", s.name, SurvivesPanics, n, msg)
	}
	k, err := stepkit.Count("the number of tasks", n, 1000)
	if err != nil {
		return err
	}
	s.panics = panicState{msg: msg, others: k}
	tasks := s.tasksNamed(1, k/2)
	exploding := s.l.add("the panicking task")
	tasks = append(append(tasks, exploding), s.tasksNamed(k/2+1, k-k/2)...)
	submitted := s.offerAll(ctx, tasks, func(t *task) func() {
		if t == exploding {
			return s.l.body(t, false, msg)
		}
		return s.l.body(t, true, nil)
	})
	if err := s.letGo(ctx, submitted, nil); err != nil {
		return err
	}
	s.startStop()
	return s.settleStop(ctx)
}

// onePanicsInChild runs the same in a child process, where dying of the panic is observable.
func (s *state) onePanicsInChild(ctx context.Context, n, msg string) error {
	if err := s.needPool(); err != nil {
		return err
	}
	k, err := stepkit.Count("the number of tasks", n, 1000)
	if err != nil {
		return err
	}
	s.panics = panicState{msg: msg, others: k, child: &Result{}}
	return shared.RunChild(ctx, false, s.panics.child, controlName, "-impl", s.name, "-workers", fmt.Sprint(s.limit), "-tasks", n, "-message", msg)
}

// stopAnswer says what StopAndWait did with the panic.
func (p panicState) stopAnswer(panicked any) string {
	if panicked == nil {
		return "returned"
	}
	return fmt.Sprintf("panicked again with %q", p.msg)
}

// panicCheck is the panic-survival check: the process lived, every other task ran exactly
// once, and StopAndWait returned or panicked again with the task's panic.
func (s *state) panicCheck(ctx context.Context) error {
	p := s.panics
	if p.msg == "" {
		return fmt.Errorf("no task of the scenario panicked: start with `When 4 tasks are submitted and one more panics with \"task exploded\"`")
	}
	if p.child != nil {
		r, err := shared.LastChild(ctx, false)
		if err != nil {
			return err
		}
		if r.ExitCode == 0 {
			if err := json.Unmarshal([]byte(r.Stdout), p.child); err != nil {
				return fmt.Errorf("the child's output is not the JSON it should print: %w\n%s", err, shared.ChildOutput(r))
			}
		}
		return harness.Detect(ctx, panicSurvival, func() error {
			if r.ExitCode != 0 {
				return fmt.Errorf("the process died of the task's panic before the %s pool's StopAndWait returned: nothing recovered it. The child's output:\n%s", s.name, shared.ChildOutput(r))
			}
			return s.survivalFaults(p.child.Ran, p.child.Panicked)
		})
	}
	if err := s.needStopped(); err != nil {
		return err
	}
	v := s.l.view()
	others := v.count(func(t task) bool { return t.taken && t.starts == 1 && t.name != "the panicking task" })
	var panicked string
	if s.stop.panicked != nil {
		panicked = fmt.Sprint(s.stop.panicked)
	}
	return harness.Detect(ctx, panicSurvival, func() error {
		if err := faults(s.name, v.tasks); err != nil {
			return err
		}
		return s.survivalFaults(others, panicked)
	})
}

// survivalFaults says what is wrong with a pool that lived through the panic: ran other tasks
// ran exactly once, and StopAndWait panicked with panicked ("" if it returned).
func (s *state) survivalFaults(ran int, panicked string) error {
	p := s.panics
	switch {
	case ran != p.others:
		return fmt.Errorf("after a task panicked, the %s pool ran %d of the %d other tasks exactly once", s.name, ran, p.others)
	case panicked != "" && !strings.Contains(panicked, p.msg):
		return fmt.Errorf("the %s pool's StopAndWait panicked with %s, not with the task's panic %q", s.name, panicked, p.msg)
	}
	return nil
}

// survived asserts what StopAndWait did with the panic: want is "returned", "panicked again with
// "…"", or the contract's wording that allows both.
func (s *state) survived(ctx context.Context, n, want string) error {
	if n != fmt.Sprint(s.panics.others) {
		return fmt.Errorf("the scenario submitted %d other tasks, and the step says %s", s.panics.others, n)
	}
	if err := s.panicCheck(ctx); err != nil {
		return err
	}
	panicked := s.stop.panicked
	if s.panics.child != nil && s.panics.child.Panicked != "" {
		panicked = s.panics.child.Panicked
	}
	got := s.panics.stopAnswer(panicked)
	allowed := fmt.Sprintf("returned or panicked again with %q", s.panics.msg)
	if want != allowed && want != got {
		return fmt.Errorf("the %s pool's StopAndWait %s, not %q", s.name, got, want)
	}
	if panicked == nil {
		return s.conform(ctx, harness.Differs, "a task's panic is recovered and StopAndWait returns without a word of it")
	}
	return s.conform(ctx, harness.Holds, "a task's panic is recovered, and StopAndWait panics again with it once every other task has ended")
}
