package main

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/concspec/concspec/internal/catalog"
)

// bound bounds every wait of these tests.
const bound = 10 * time.Second

func receive[T any](t *testing.T, c <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-c:
		return v
	case <-time.After(bound):
		t.Fatalf("no %s within %s", what, bound)
		panic("unreachable")
	}
}

func TestVerdictsComeOutInTheMutantsOrderWhateverOrderTheRunsEndIn(t *testing.T) {
	const n = 3
	started, ended, emitted := make(chan int, n), make(chan int, n), make(chan int, n)
	release := make([]chan struct{}, n)
	jobs := make([]func() int, n)
	for i := range jobs {
		release[i] = make(chan struct{})
		jobs[i] = func() int {
			started <- i
			<-release[i]
			ended <- i
			return i
		}
	}
	results := make(chan []int, 1)
	go func() { results <- inOrder(make(slots, n), jobs, []int{0, 1, 2}, func(i int) { emitted <- i }) }()
	for range n {
		receive(t, started, "start of a job")
	}
	for _, last := range []int{2, 1} {
		close(release[last])
		if got := receive(t, ended, "end of a job"); got != last {
			t.Fatalf("job %d ended, want %d", got, last)
		}
	}
	select {
	case i := <-emitted:
		t.Fatalf("job %d's result came out before job 0 ended", i)
	default:
	}
	close(release[0])
	var order []int
	for range n {
		order = append(order, receive(t, emitted, "result"))
	}
	if !slices.Equal(order, []int{0, 1, 2}) {
		t.Errorf("results came out in the order %v, want the jobs' order", order)
	}
	if got := receive(t, results, "return of inOrder"); !slices.Equal(got, []int{0, 1, 2}) {
		t.Errorf("inOrder returned %v", got)
	}
}

func TestNoMoreRunsThanSlotsAndTheyStartInTheOrderGiven(t *testing.T) {
	const n = 4
	var (
		mu            sync.Mutex
		running, most int
	)
	started := make(chan int, n)
	release := make([]chan struct{}, n)
	jobs := make([]func() int, n)
	for i := range jobs {
		release[i] = make(chan struct{})
		jobs[i] = func() int {
			mu.Lock()
			running++
			most = max(most, running)
			mu.Unlock()
			started <- i
			<-release[i]
			mu.Lock()
			running--
			mu.Unlock()
			return i
		}
	}
	done := make(chan struct{})
	go func() {
		inOrder(make(slots, 2), jobs, []int{2, 3, 0, 1}, func(int) {})
		close(done)
	}()
	first := []int{receive(t, started, "first start"), receive(t, started, "second start")}
	if slices.Sort(first); !slices.Equal(first, []int{2, 3}) {
		t.Fatalf("the first two jobs to start were %v, want 2 and 3", first)
	}
	select {
	case i := <-started:
		t.Fatalf("job %d started while both slots were taken", i)
	default:
	}
	close(release[2])
	if got := receive(t, started, "third start"); got != 0 {
		t.Fatalf("job %d started third, want 0", got)
	}
	close(release[3])
	if got := receive(t, started, "fourth start"); got != 1 {
		t.Fatalf("job %d started fourth, want 1", got)
	}
	close(release[0])
	close(release[1])
	receive(t, done, "end of inOrder")
	mu.Lock()
	defer mu.Unlock()
	if most > 2 {
		t.Errorf("%d jobs ran at once with 2 slots", most)
	}
}

func TestDetectorOffMutantsStartAfterTheOthers(t *testing.T) {
	mutants := []catalog.Mutant{catalog.SwitchOff("leak check"), {Name: "a lost result"}, catalog.SwitchOff("join"), {Name: "a swallowed error"}}
	if got := blindLast(mutants); !slices.Equal(got, []int{1, 3, 0, 2}) {
		t.Errorf("start order %v, want the swaps (1, 3) before the detector-off mutants (0, 2)", got)
	}
}
