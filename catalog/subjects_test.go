package catalog

import (
	"context"
	"strings"
	"testing"
)

func TestPlugRefusesATakenNameAndAnUnknownCapability(t *testing.T) {
	start := func(context.Context, int) Group { return nil }
	if _, err := Plug([]Subject{GroupSubject("errgroup", start)}); err == nil || !strings.Contains(err.Error(), "already has") {
		t.Errorf("a subject named errgroup was plugged in: %v", err)
	}
	if _, err := Plug([]Subject{GroupSubject("ours", start, "teleports")}); err == nil || !strings.Contains(err.Error(), "teleports") {
		t.Errorf("an unknown capability was accepted: %v", err)
	}
	if _, ok := Groups["ours"]; ok {
		t.Error("a refused subject stayed in the catalogue")
	}
}

func TestPlugAndUnplug(t *testing.T) {
	unplug, err := Plug([]Subject{GroupSubject("ours", func(context.Context, int) Group { return nil }, RecoversPanics)})
	if err != nil {
		t.Fatal(err)
	}
	if Groups["ours"].Panics != PanicBecomesError {
		t.Errorf("a group that recovers panics is listed as %q", Groups["ours"].Panics)
	}
	unplug()
	if _, ok := Groups["ours"]; ok {
		t.Error("unplug left the subject in the catalogue")
	}
}
