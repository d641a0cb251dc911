package parallelmap

import (
	"context"
	"fmt"
	"slices"

	"github.com/concspec/concspec/patterns/work"
)

// mapping is the CPU-bound work the child-program controls measure, both ways: the items mapped
// one after another in the calling goroutine, and through a parallel map of the catalogue. Each
// way keeps its results, so that the control can require the map to give the same ones.
type mapping struct {
	name    string
	m       Func
	items   []int
	spins   int
	workers int
	alone   []int
	mapped  []int
	err     error
}

// oneAfterAnother maps the items in the calling goroutine, each item one piece of do.
func (w *mapping) oneAfterAnother(do func(piece func())) {
	w.alone = make([]int, len(w.items))
	for i, item := range w.items {
		do(func() { w.alone[i] = int(work.Spin(uint64(item), w.spins)) })
	}
}

// throughMap maps the items with the parallel map, each item one piece of do.
func (w *mapping) throughMap(do func(piece func())) {
	w.mapped, w.err = w.m(context.Background(), w.items, w.workers, func(_ context.Context, item int) (result int, _ error) {
		do(func() { result = int(work.Spin(uint64(item), w.spins)) })
		return result, nil
	})
}

// check fails when the map failed, or gave other results than one after another; where says
// under which setting, or nothing.
func (w *mapping) check(where string) error {
	if w.err != nil {
		return fmt.Errorf("the %s map failed%s: %w", w.name, where, w.err)
	}
	if !slices.Equal(w.alone, w.mapped) {
		return fmt.Errorf("the %s map's results differ from those of one after another%s", w.name, where)
	}
	return nil
}
