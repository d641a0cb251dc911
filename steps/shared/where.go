package shared

import (
	"fmt"
	"path"
	"strings"

	"github.com/concspec/concspec/internal/harness"
)

// The words a diagnosis uses for goroutines: where each is parked, as the code that asked to wait.

// Where says where a goroutine is parked, in words a diagnosis can use after "parked at":
// "pipeline.MapIgnoringCancel.func1 (broken.go:14, chan send), goroutine 42".
func Where(g harness.Goroutine) string {
	return fmt.Sprintf("%s, goroutine %d", place(g), g.ID)
}

// place is the innermost frame outside the runtime, sync and the standard library's internal
// packages — the code that asked to wait — with its line and the goroutine's state.
func place(g harness.Goroutine) string {
	lines := strings.Split(g.Stack, "\n")
	for i := 1; i+1 < len(lines); i += 2 {
		fn, file := lines[i], strings.TrimSpace(lines[i+1])
		if strings.HasPrefix(fn, "created by ") {
			break
		}
		if args := strings.LastIndex(fn, "("); args > 0 {
			fn = fn[:args]
		}
		if strings.HasPrefix(fn, "runtime.") || strings.HasPrefix(fn, "sync.") || strings.HasPrefix(fn, "sync/") ||
			strings.HasPrefix(fn, "internal/") {
			continue
		}
		fn = fn[strings.LastIndex(fn, "/")+1:]
		file, _, _ = strings.Cut(path.Base(file), " ")
		return fmt.Sprintf("%s (%s, %s)", fn, file, g.State)
	}
	return "(" + g.State + ")"
}

// WhereAll says where each of gs is parked, the goroutines parked at one place together:
// "Increment (stuck_test.go:32, chan send), goroutines 52, 53, 54 and 97 others; …", or "none"
// when gs is empty.
func WhereAll(gs []harness.Goroutine) string {
	if len(gs) == 0 {
		return "none"
	}
	var places []string
	ids := map[string][]string{}
	for _, g := range gs {
		p := place(g)
		if _, seen := ids[p]; !seen {
			places = append(places, p)
		}
		ids[p] = append(ids[p], fmt.Sprint(g.ID))
	}
	said := make([]string, len(places))
	for i, p := range places {
		switch at := ids[p]; {
		case len(at) == 1:
			said[i] = fmt.Sprintf("%s, goroutine %s", p, at[0])
		case len(at) <= 4:
			said[i] = fmt.Sprintf("%s, goroutines %s", p, strings.Join(at, ", "))
		default:
			said[i] = fmt.Sprintf("%s, goroutines %s and %d others", p, strings.Join(at[:3], ", "), len(at)-3)
		}
	}
	return strings.Join(said, "; ")
}

// In returns the goroutines whose stacks pass through a function whose name contains fn (the
// function that created a goroutine counts too).
func In(gs []harness.Goroutine, fn string) []harness.Goroutine {
	var in []harness.Goroutine
	for _, g := range gs {
		if g.In(fn) {
			in = append(in, g)
		}
	}
	return in
}
