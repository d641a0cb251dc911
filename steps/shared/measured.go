package shared

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"strconv"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/internal/measure"
)

// RecordSample records what a measured run asked of the machine beside what the machine gave
// it: the processors Go's scheduler held running goroutines, the processors its threads wanted
// from the kernel (on a CPU or ready to run), the processors obtained (CPU time), and the
// machine's CPU pressure while it ran. what names the run ("the waiting workload"); settings
// are the conditions it ran under.
func RecordSample(ctx context.Context, what string, s measure.Sample, settings map[string]string) error {
	with := maps.Clone(settings)
	if with == nil {
		with = map[string]string{}
	}
	with["measured"] = what
	with["wall"] = s.Wall.String()
	if s.GOMAXPROCS > 0 {
		with["GOMAXPROCS"] = strconv.Itoa(s.GOMAXPROCS)
	}
	figures := []harness.Figure{
		{Name: "processors held (Go's processors running goroutines, over wall time)", Value: s.Held(), Unit: "processors", Settings: with},
		{Name: "processors wanted (on a CPU or ready to run, over wall time)", Value: s.Wanted(), Unit: "processors", Settings: with},
		{Name: "processors obtained (CPU time over wall time)", Value: s.Obtained(), Unit: "processors", Settings: with},
	}
	if s.Pressure >= 0 {
		figures = append(figures, harness.Figure{Name: "machine CPU pressure (share of the wall time some task waited for a CPU)", Value: s.Pressure, Unit: "share", Settings: with})
	}
	for _, f := range figures {
		if err := harness.Record(ctx, f); err != nil {
			return err
		}
	}
	return nil
}

// Processors formats a number of processors for a diagnosis.
func Processors(p float64) string { return strconv.FormatFloat(p, 'f', 2, 64) }

// MeasureInChild runs a measurement in the control program built without the race detector, as
// a user's binary would be built, and decodes the JSON it prints into out: speed and scale
// figures of production Go, not of the race detector's instrumentation. A child that does not
// exit normally fails the step with its output.
func MeasureInChild(ctx context.Context, out any, args ...string) error {
	res, err := harness.RunChild(ctx, harness.Child{Args: args})
	if err != nil {
		return err
	}
	if res.ExitCode != 0 {
		return fmt.Errorf("the measuring child %v did not finish normally: %s", args, ChildOutput(res))
	}
	if err := json.Unmarshal([]byte(res.Stdout), out); err != nil {
		return fmt.Errorf("the measuring child's output is not the JSON it should print: %w\n%s", err, ChildOutput(res))
	}
	return nil
}
