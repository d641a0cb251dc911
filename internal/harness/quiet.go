package harness

import (
	"context"
	"fmt"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"
)

// Goroutine is one goroutine of the running scenario, as a snapshot saw it.
type Goroutine struct {
	ID int64
	// State is the scheduler's word for it ("chan receive", "select", "running", …).
	State string
	// Stack is the goroutine as the runtime dumps it, "created by" line included.
	Stack string
}

// Blocked says whether the goroutine waits for another goroutine, or the outside world, to act.
func (g Goroutine) Blocked() bool { return blocked(g.State) }

// In says whether the goroutine's stack passes through a function whose name contains fn.
func (g Goroutine) In(fn string) bool { return strings.Contains(g.Stack, fn) }

// Goroutines returns every goroutine of the running scenario but the caller, in one consistent
// view. Labels come from the goroutine profile and states from the runtime's dump, two
// snapshots: the view is taken again until both agree on every stack, or the bound passes.
func Goroutines(ctx context.Context) ([]Goroutine, error) {
	gs, _, err := look(ctx)
	return gs, err
}

// look is Goroutines, with the state of every goroutine of the process in the same dump.
func look(ctx context.Context) ([]Goroutine, map[int64]string, error) {
	s := current(ctx)
	if s == nil {
		return nil, nil, errNoScenario
	}
	pprof.SetGoroutineLabels(context.Background()) // the caller is not one of them
	defer pprof.SetGoroutineLabels(s.labelled)
	deadline := time.Now().Add(AwaitBound(ctx))
	for {
		if gs, states, ok := s.goroutines(); ok {
			return gs, states, nil
		}
		if time.Now().After(deadline) {
			return nil, nil, fmt.Errorf("%w: the scenario's goroutines kept moving for %s; every goroutine follows:\n\n%s",
				ErrBoundExceeded, AwaitBound(ctx), goroutineDump())
		}
		runtime.Gosched()
	}
}

// goroutines is one look: the scenario's goroutines, and whether the snapshots agreed. The
// profile is read before and after the dump: a goroutine the scenario started between the two
// would be in the dump but in no profile record, and the look would miss it, so the two
// profiles must be the same. The profile says how many of the scenario's goroutines have each
// stack, not which ones: when another scenario has goroutines with the same stack (the same
// step run for another implementation), the dump's goroutines of that stack are candidates for
// both. The ones that
// move are taken first, so that a look never finds the scenario quiet while one of its own
// goroutines still moves; at worst it waits for the other scenario's goroutine to block too.
func (s *scenario) goroutines() ([]Goroutine, map[int64]string, bool) {
	groups := labelled(s.label)
	dump := goroutineDump()
	if !slices.EqualFunc(groups, labelled(s.label), func(a, b goroutineGroup) bool {
		return a.count == b.count && a.top == b.top && slices.Equal(a.frames, b.frames)
	}) {
		return nil, nil, false
	}
	all := parseDump(dump)
	states := map[int64]string{}
	for _, g := range all {
		states[g.ID] = g.State
	}
	// Moving goroutines first; the sort is stable, so the dump's order holds within each part.
	slices.SortStableFunc(all, func(a, b Goroutine) int {
		switch ab, bb := a.Blocked(), b.Blocked(); {
		case ab == bb:
			return 0
		case !ab:
			return -1
		}
		return 1
	})
	var out []Goroutine
	for _, g := range all {
		for i := range groups {
			if groups[i].count > 0 && sameFrames(g.Stack, groups[i].frames) {
				groups[i].count--
				out = append(out, g)
				break
			}
		}
	}
	return out, states, !slices.ContainsFunc(groups, func(g goroutineGroup) bool { return g.count != 0 })
}

// AwaitQuiet waits until every goroutine of the running scenario but the caller is blocked on
// another goroutine in one consistent view, and returns them. Nothing in the scenario can move
// then until the caller acts: that is how a step knows that an implementation it knows nothing
// of (a group that queues, a pool with workers of its own) has done all it will do. It never
// sleeps; between looks it yields the processor. Past the bound it says which goroutines still
// move.
func AwaitQuiet(ctx context.Context, what string) ([]Goroutine, error) {
	deadline := time.Now().Add(AwaitBound(ctx))
	for {
		gs, err := Goroutines(ctx)
		if err != nil {
			return nil, err
		}
		moving := slices.DeleteFunc(slices.Clone(gs), Goroutine.Blocked)
		if len(moving) == 0 {
			return gs, nil
		}
		if time.Now().After(deadline) {
			return gs, fmt.Errorf("%w: waiting for %s, %d goroutine(s) of the scenario still move after %s:\n\n%s",
				ErrBoundExceeded, what, len(moving), AwaitBound(ctx), Stacks(moving))
		}
		runtime.Gosched()
	}
}

// Call runs fn in a goroutine of the scenario and waits for it to return. If the scenario goes
// quiet while fn is still blocked, fn cannot return until something outside it acts: Call then
// fails at once, with diagnose's words (who is parked where, and why that breaks the rule) if
// diagnose is not nil, and the dump. A call that keeps moving is given AwaitBound.
func Call(ctx context.Context, what string, fn func(), diagnose func(parked []Goroutine) string) error {
	done, id := make(chan struct{}), make(chan int64, 1)
	go func() {
		defer close(done)
		id <- GoroutineID()
		fn()
	}()
	caller := <-id
	deadline := time.Now().Add(AwaitBound(ctx))
	for {
		select {
		case <-done:
			return nil
		default:
		}
		gs, states, err := look(ctx)
		if err != nil {
			return err
		}
		// The call's own goroutine is known by its ID; the others only by their label.
		state, alive := states[caller]
		quiet := !slices.ContainsFunc(gs, func(g Goroutine) bool { return !g.Blocked() })
		if alive && blocked(state) && quiet || time.Now().After(deadline) {
			select {
			case <-done: // it returned between the looks
				return nil
			default:
			}
			why := fmt.Sprintf("%s has not returned and nothing in the scenario can move it", what)
			if !quiet {
				why = fmt.Sprintf("%s has not returned after %s", what, AwaitBound(ctx))
			}
			if diagnose != nil {
				why += ": " + diagnose(gs)
			}
			sentinel := ErrStuck
			if !quiet {
				sentinel = ErrBoundExceeded
			}
			return fmt.Errorf("%w: %s; the scenario's goroutines follow:\n\n%s", sentinel, why, Stacks(gs))
		}
		runtime.Gosched()
	}
}

// Stacks joins the goroutines' stacks as the runtime's dump shows them.
func Stacks(gs []Goroutine) string {
	var b strings.Builder
	for _, g := range gs {
		b.WriteString(g.Stack)
		b.WriteString("\n\n")
	}
	return b.String()
}

// awaitProcessQuiet waits until every goroutine of the process but the caller is blocked on
// another, so that an @exclusive scenario starts with nothing else moving. Something that keeps
// moving past the bound (a goroutine a failed scenario left spinning) makes the scenario fail:
// what it would measure could not be its own.
func awaitProcessQuiet(bound time.Duration) error {
	deadline := time.Now().Add(bound)
	self := GoroutineID()
	for {
		moving := slices.DeleteFunc(parseDump(goroutineDump()), func(g Goroutine) bool {
			waitsForTurn := g.In(").beforeScenario") // another scenario, waiting on alone
			return g.ID == self || waitsForTurn || g.Blocked()
		})
		if len(moving) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("this @exclusive scenario cannot run alone: %d goroutine(s) of the process still move after %s, and what it measures would not be its own:\n\n%s",
				len(moving), bound, Stacks(moving))
		}
		runtime.Gosched()
	}
}
