package report

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/concspec/concspec/internal/harness"
)

// The figures the charts plot, by the names the steps record them under.
const (
	figIOConcurrent = "wall time of n concurrent I/O-bound tasks relative to one"
	figIOSequential = "wall time of n sequential I/O-bound tasks relative to one"
	figBusyPrefix   = "processors busy on average (CPU time / wall time, best of"
	figPerItem      = "one goroutine per item, relative to one after another"
	figPerChunk     = "one chunk per core, relative to one after another"
	figCrossover    = "work size from which one goroutine per item stops losing"
)

// charts draws the three plots the rules about speed and scale call for.
func charts(figures []harness.Figure) []chart {
	return []chart{ioScaling(figures), cpuOverWall(figures), spawnCost(figures)}
}

// points picks the figures whose name matches and plots value against a numeric setting.
func points(figures []harness.Figure, match func(string) bool, setting string) []point {
	var out []point
	for _, f := range figures {
		if !match(f.Name) {
			continue
		}
		if x, err := strconv.ParseFloat(f.Settings[setting], 64); err == nil {
			out = append(out, point{x, f.Value})
		}
	}
	return out
}

func named(name string) func(string) bool { return func(n string) bool { return n == name } }

// along is the reference line y = f(x) at the xs of pts.
func along(pts []point, f func(float64) float64) []point {
	out := make([]point, 0, len(pts))
	for _, p := range pts {
		out = append(out, point{p.X, f(p.X)})
	}
	return out
}

func identity(x float64) float64 { return x }

func ioScaling(figures []harness.Figure) chart {
	concurrent := points(figures, named(figIOConcurrent), "tasks")
	return chart{
		ID: "plot-io-scaling", Title: "I/O scaling versus N (R08)",
		Caption: "Wall time of n requests to a loopback server answering after 50 ms, relative to one request. " +
			"Dashed: n times one, the cost of running them one after another.",
		XLabel: "n (tasks)", YLabel: "wall time relative to one", LogX: true, LogY: true,
		Series: []series{
			{Name: "concurrent", Points: concurrent},
			{Name: "one after another", Points: points(figures, named(figIOSequential), "tasks")},
			{Name: "n × one", Points: along(concurrent, identity), Reference: true},
		},
	}
}

func cpuOverWall(figures []harness.Figure) chart {
	busy := points(figures, func(n string) bool { return strings.HasPrefix(n, figBusyPrefix) }, "GOMAXPROCS")
	return chart{
		ID: "plot-cpu-wall", Title: "CPU time / wall time versus GOMAXPROCS (R04, R02)",
		Caption: "Processors kept busy on average by two CPU-bound goroutines. Dashed: one processor per GOMAXPROCS; " +
			"a busy neighbour takes some away.",
		XLabel: "GOMAXPROCS", YLabel: "processors busy (CPU / wall)",
		Series: []series{{Name: "measured", Points: busy}, {Name: "GOMAXPROCS processors", Points: along(busy, identity), Reference: true}},
	}
}

func spawnCost(figures []harness.Figure) chart {
	perItem := points(figures, named(figPerItem), "rounds per item")
	caption := "Time for 500 items relative to running them one after another, by the work in each item. " +
		"Below the dashed line concurrency pays."
	if i := slices.IndexFunc(figures, func(f harness.Figure) bool { return f.Name == figCrossover }); i >= 0 {
		caption += fmt.Sprintf(" Crossover measured: one goroutine per item stops losing at %g %s.", figures[i].Value, figures[i].Unit)
	}
	return chart{
		ID: "plot-spawn-cost", Title: "Spawn cost crossover (R24)", Caption: caption,
		XLabel: "rounds of work per item", YLabel: "time relative to sequential", LogX: true, LogY: true,
		Series: []series{
			{Name: "goroutine per item", Points: perItem},
			{Name: "chunk per core", Points: points(figures, named(figPerChunk), "rounds per item")},
			{Name: "break-even", Points: along(perItem, func(float64) float64 { return 1 }), Reference: true},
		},
	}
}
