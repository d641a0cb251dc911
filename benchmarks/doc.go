// Package benchmarks compares the reference patterns with the libraries they stand beside
// (errgroup, conc) and with each other: spawning and joining a group, a bounded pool, the
// ordered parallel map, the counters, and the cost of a goroutine. `make bench` runs them
// without the race detector and writes reports/bench.txt in the format benchstat reads.
package benchmarks
