package report

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/concspec/concspec/internal/harness"
)

// The figures the charts plot, by the names the steps record them under.
const (
	figIO        = "wall time of n I/O-bound tasks relative to one"
	figHeld      = "processors held (Go's processors running goroutines, over wall time)"
	figObtained  = "processors obtained (CPU time over wall time)"
	figPerItem   = "one goroutine per item, wall time relative to one after another"
	figPerChunk  = "one chunk per core, wall time relative to one after another"
	figCrossover = "work size from which one goroutine per item stops losing"
	// sideBySide is what the parallelism feature measures: its figures, and no other
	// workload's, go on the GOMAXPROCS chart.
	sideBySide = "2 CPU-bound goroutines, median of 5 runs"
)

// charts draws the three plots the rules about speed and scale call for.
func charts(figures []harness.Figure) []chart {
	return []chart{ioScaling(figures), cpuOverWall(figures), spawnCost(figures)}
}

// points picks the figures whose name matches, and whose settings hold every one of where, and
// plots value against a numeric setting.
func points(figures []harness.Figure, match func(string) bool, setting string, where ...string) []point {
	var out []point
	for _, f := range figures {
		if !match(f.Name) || !holds(f.Settings, where) {
			continue
		}
		if x, err := strconv.ParseFloat(f.Settings[setting], 64); err == nil {
			out = append(out, point{x, f.Value})
		}
	}
	return out
}

// holds says whether settings has each key of the key, value pairs in where.
func holds(settings map[string]string, where []string) bool {
	for i := 0; i+1 < len(where); i += 2 {
		if settings[where[i]] != where[i+1] {
			return false
		}
	}
	return true
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
	concurrent := points(figures, named(figIO), "requests", "made", "concurrently")
	return chart{
		ID: "plot-io-scaling", Title: "I/O scaling versus N (R08)",
		Caption: "Wall time of n requests to a loopback server answering after 50 ms, relative to one request. " +
			"Dashed: n times one, the cost of running them one after another.",
		XLabel: "n (tasks)", YLabel: "wall time relative to one", LogX: true, LogY: true,
		Series: []series{
			{Name: "concurrent", Points: concurrent},
			{Name: "one after another", Points: points(figures, named(figIO), "requests", "made", "one after another")},
			{Name: "n × one", Points: along(concurrent, identity), Reference: true},
		},
	}
}

func cpuOverWall(figures []harness.Figure) chart {
	held := points(figures, named(figHeld), "GOMAXPROCS", "measured", sideBySide)
	return chart{
		ID: "plot-cpu-wall", Title: "Processors held and obtained versus GOMAXPROCS (R04, R02)",
		Caption: "Two CPU-bound goroutines: the processors Go's scheduler kept running them (held: what the program asks for) " +
			"and their CPU time over wall time (obtained: what the machine gave). Dashed: one processor per GOMAXPROCS; " +
			"a busy neighbour lowers what is obtained, not what is held.",
		XLabel: "GOMAXPROCS", YLabel: "processors",
		Series: []series{
			{Name: "held", Points: held},
			{Name: "obtained", Points: points(figures, named(figObtained), "GOMAXPROCS", "measured", sideBySide)},
			{Name: "GOMAXPROCS processors", Points: along(held, identity), Reference: true},
		},
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
