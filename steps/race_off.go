//go:build !race

package steps

// raceEnabled says the corpus was built with the race detector, which figures record: it makes
// goroutines and synchronisation several times more expensive.
const raceEnabled = false
