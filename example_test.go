package concspec_test

import (
	"context"
	"fmt"

	"github.com/concspec/concspec"
	"golang.org/x/sync/errgroup"
)

// A team's task group (here errgroup, as any group with Go and Wait would do) declares what it
// promises. In a test, concspec.Run(t, opts) then holds it to every contract scenario of the
// task-group features, under its own name; Plan shows which would run and which would be
// skipped for a capability it does not declare.
func ExamplePlan() {
	ours := concspec.TaskGroup("ourgroup", func(parent context.Context, limit int) concspec.Group {
		g, ctx := errgroup.WithContext(parent)
		if limit > 0 {
			g.SetLimit(limit)
		}
		return errgroupAdapter{g, ctx}
	}, concspec.CancelsOnError, concspec.ReportsCause, concspec.CancelsOnWait, concspec.FirstErrorOnly, concspec.Bounded)

	plan, err := concspec.Plan(concspec.Options{
		Corpus:          []string{"task_groups.feature", "group_limits.feature", "group_panics.feature"},
		Implementations: []concspec.Implementation{ours},
	})
	if err != nil {
		panic(err)
	}
	for _, p := range plan {
		verdict := "runs"
		if p.Skip != "" {
			verdict = "skipped: " + p.Skip
		}
		fmt.Printf("%s — %s\n", p.Scenario, verdict)
	}
	// Unordered output:
	// ourgroup: Wait returns only after every task has returned — runs
	// ourgroup: when a task fails, Wait still returns only after every task has returned — runs
	// ourgroup: when one task fails, all 4 siblings observe cancellation — runs
	// ourgroup: all 3 watchers have ended once Wait has returned — runs
	// ourgroup: when three tasks fail in turn, Wait returns only "first" — runs
	// ourgroup: 12 tasks through a limit of 3 — runs
	// ourgroup: 12 tasks through a limit of 1 — runs
	// ourgroup: 12 tasks through a limit of 3, the root cancelled while they wait for a slot — runs
	// ourgroup: when every slot is taken, TryGo refuses a further task — skipped: ourgroup does not declare try-go, which this scenario needs
	// ourgroup: the panic becomes the error Wait returns — skipped: ourgroup does not declare recovers-panics, which this scenario needs
}

// errgroupAdapter gives errgroup's tasks the group's context.
type errgroupAdapter struct {
	g   *errgroup.Group
	ctx context.Context
}

func (a errgroupAdapter) Go(task func(context.Context) error) {
	a.g.Go(func() error { return task(a.ctx) })
}
func (a errgroupAdapter) Wait() error { return a.g.Wait() }
