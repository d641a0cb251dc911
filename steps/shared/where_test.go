package shared

import (
	"testing"

	"github.com/concspec/concspec/internal/harness"
)

const sendStack = `goroutine 38 [chan send]:
github.com/concspec/concspec/patterns/pipeline.MapIgnoringCancel.func1({0xe98bdf?, 0x8?}, 0xc000360600, 0xc000360680)
	/work/main/patterns/pipeline/broken.go:14 +0x45
github.com/concspec/concspec/patterns/pipeline.Run.func2()
	/work/main/patterns/pipeline/pipeline.go:47 +0xda
created by golang.org/x/sync/errgroup.(*Group).Go in goroutine 36
	/root/go/pkg/mod/golang.org/x/sync@v0.25.0/errgroup/errgroup.go:78 +0x11d`

const waitStack = `goroutine 41 [sync.WaitGroup.Wait]:
sync.runtime_SemacquireWaitGroup(0xc000089ec8?, 0x0?)
	/usr/local/go/src/runtime/sema.go:114 +0x2e
sync.(*WaitGroup).Wait(0xc000089ec0)
	/usr/local/go/src/sync/waitgroup.go:206 +0x85
github.com/concspec/concspec/patterns/counter.IncrementConcurrently({0xed1d00, 0xc00001c0f0}, 0x1, 0x3e8)
	/work/main/patterns/counter/counter.go:34 +0xb1
created by github.com/concspec/concspec/internal/harness.Call in goroutine 30
	/work/main/internal/harness/quiet.go:105 +0x19d`

func TestWhereNamesTheCodeThatWaits(t *testing.T) {
	for _, tc := range []struct {
		g    harness.Goroutine
		want string
	}{
		{harness.Goroutine{ID: 38, State: "chan send", Stack: sendStack}, "pipeline.MapIgnoringCancel.func1 (broken.go:14, chan send), goroutine 38"},
		{harness.Goroutine{ID: 41, State: "sync.WaitGroup.Wait", Stack: waitStack}, "counter.IncrementConcurrently (counter.go:34, sync.WaitGroup.Wait), goroutine 41"},
		{harness.Goroutine{ID: 7, State: "select", Stack: "goroutine 7 [select]:"}, "(select), goroutine 7"},
	} {
		if got := Where(tc.g); got != tc.want {
			t.Errorf("Where = %q, want %q", got, tc.want)
		}
	}
}

func TestWhereAllGroupsGoroutinesParkedAtOnePlace(t *testing.T) {
	var gs []harness.Goroutine
	for id := range int64(6) {
		gs = append(gs, harness.Goroutine{ID: 50 + id, State: "chan send", Stack: sendStack})
	}
	gs = append(gs, harness.Goroutine{ID: 41, State: "sync.WaitGroup.Wait", Stack: waitStack})
	want := "pipeline.MapIgnoringCancel.func1 (broken.go:14, chan send), goroutines 50, 51, 52 and 3 others; " +
		"counter.IncrementConcurrently (counter.go:34, sync.WaitGroup.Wait), goroutine 41"
	if got := WhereAll(gs); got != want {
		t.Errorf("WhereAll = %q, want %q", got, want)
	}
	if got := WhereAll(nil); got != "none" {
		t.Errorf("WhereAll(nil) = %q, want none", got)
	}
}
