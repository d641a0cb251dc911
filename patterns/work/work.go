// Package work is stand-in CPU work for the scenarios that need some: a deterministic
// computation whose cost grows linearly with its size and that the compiler cannot remove.
package work

import (
	"runtime"
	"sync/atomic"
)

// Spin does n rounds of integer mixing (xorshift) starting from seed and returns the result.
// One round is a few nanoseconds; the result depends on every round.
func Spin(seed uint64, n int) uint64 {
	x := seed | 1
	for range n {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}

// SpinUntil is a tight loop: it spins until flag is set, and its loop body is a single atomic
// load — an instruction, not a call — so it offers the scheduler no point at which to take the
// processor away cooperatively. Only asynchronous preemption (Go 1.14+) can interrupt it.
func SpinUntil(flag *atomic.Bool) {
	for !flag.Load() {
	}
}

// Do spins like Spin when only the time spent matters; the result is kept alive so that no
// compiler can drop the work.
func Do(seed uint64, n int) {
	runtime.KeepAlive(Spin(seed, n))
}
