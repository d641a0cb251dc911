package primitives

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/concspec/concspec/patterns/primitives"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"golang.org/x/sync/errgroup"
)

func (s *state) atomicAdds(goroutines, times string) error {
	g, err := stepkit.Count("the number of goroutines", goroutines, stepkit.MaxGoroutines)
	if err != nil {
		return err
	}
	k, err := stepkit.Count("the number of additions", times, stepkit.MaxRepeats)
	if err != nil {
		return err
	}
	var n atomic.Int64
	var wg sync.WaitGroup
	for range g {
		wg.Go(func() {
			for range k {
				n.Add(1)
			}
		})
	}
	wg.Wait()
	s.count = n.Load()
	return nil
}

// loadStoreInterleaved forces the bad interleaving: both goroutines load the same value before
// either stores, so both store value+1.
func (s *state) loadStoreInterleaved(ctx context.Context) error {
	var n atomic.Int64
	var loaded sync.WaitGroup
	loaded.Add(2)
	bothLoaded := make(chan struct{})
	go func() { loaded.Wait(); close(bothLoaded) }()
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			primitives.IncrementLoadStore(&n, func() {
				loaded.Done()
				<-bothLoaded
			})
		})
	}
	wg.Wait()
	s.count = n.Load()
	return nil
}

func (s *state) atomicCountIs(want string) error {
	if fmt.Sprint(s.count) != want {
		return fmt.Errorf("the count is %d, want %s", s.count, want)
	}
	return nil
}

func (s *state) errgroupLoop(n string) error {
	k, err := stepkit.Count("the number of tasks", n, stepkit.MaxGoroutines)
	if err != nil {
		return err
	}
	slots := make([]bool, k)
	var g errgroup.Group
	for i := range slots {
		g.Go(func() error { slots[i] = true; return nil })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	s.slots = slots
	return nil
}

func (s *state) allSlotsFilled(n string) error {
	if fmt.Sprint(len(s.slots)) != n {
		return fmt.Errorf("%d slots, want %s", len(s.slots), n)
	}
	for i, filled := range s.slots {
		if !filled {
			return fmt.Errorf("slot %d is empty after Wait", i)
		}
	}
	return nil
}
