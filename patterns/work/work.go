// Package work is stand-in CPU work for the scenarios that need some: a deterministic
// computation whose cost grows linearly with its size and that the compiler cannot remove.
package work

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
