//go:build race

package stepkit

// RaceEnabled says the corpus was built with the race detector, which figures record: it makes
// goroutines and synchronisation several times more expensive.
const RaceEnabled = true
