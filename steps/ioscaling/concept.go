// Package ioscaling is the slice for io_scaling.feature (R08 and R22, with P06 and P07): n concurrent
// I/O-bound tasks take about as long as one, because they wait at the same time, while the same
// tasks one after another (the negative control) wait in turn. The tasks are measured in the
// program built without the race detector, against a loopback HTTP/2 server of its own that
// counts how many requests wait at once: the scaling check is decided on that count, which a busy
// machine cannot take away, and the times are reported as figures. It also serves thousands of
// concurrent connections, and fewer than a hundred, by a goroutine each and by a pool of handlers
// (connections.go), and counts how many were in service at once. Other concepts measure their
// requests through Measure and judge them with Together (R22's calls, R19's fixed pool). The
// steps that measure require an @exclusive scenario.
package ioscaling

import (
	"github.com/concspec/concspec/internal/concept"
	"github.com/concspec/concspec/internal/harness"
)

// Scaling is the scaling check: requests made concurrently waited at the server together, as
// many at one moment as the speed-up claimed for them requires.
const Scaling harness.Detector = "scaling"

// controlName is the child-program control that makes the requests.
const controlName = "requests"

// Concept is the I/O-scaling slice.
func Concept() concept.Concept {
	return concept.Concept{
		Name:      "I/O scaling",
		Features:  []string{"io_scaling.feature"},
		Steps:     register,
		Controls:  map[string]concept.Control{controlName: control, connectionsControl: serveConnections},
		Detectors: []harness.Detector{Scaling},
	}
}
