// Package controls holds what the negative-control child program (cmd/concspec-controls)
// prints, so that the program and the steps that read its output share one definition.
package controls

// CounterResult is what the counter control prints.
type CounterResult struct {
	Expected int64 `json:"expected"`
	Count    int64 `json:"count"`
}

// GroupPanicResult is what the group-panic control prints if its Wait returns at all.
type GroupPanicResult struct {
	WaitReturned bool   `json:"wait_returned"`
	Error        string `json:"error"`
}

// HandoffResult is what the handoff control prints.
type HandoffResult struct {
	Received int `json:"received"`
	Intact   int `json:"intact"`
}

// FanOutResult is what the fan-out control prints.
type FanOutResult struct {
	Results int `json:"results"`
	// LeakReport is goleak's report of the goroutines still running after the fan-out returned
	// and every connection was closed ("" if none).
	LeakReport string `json:"leak_report"`
}

// TightLoopResult is what the tight-loop control prints if its loop ends.
type TightLoopResult struct {
	Ended bool `json:"ended"`
}
