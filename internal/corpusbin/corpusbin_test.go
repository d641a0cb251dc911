package corpusbin

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fake writes a shell script that stands in for the corpus's test binary.
func fake(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "corpus.test")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestARunGetsItsFlagsAndSettingsAndItsExitStatus(t *testing.T) {
	corpus := fake(t, `echo "$@ tags=$CONCSPEC_TAGS"; exit 3`)
	out, exit, err := Run(context.Background(), corpus, []string{"-test.v"}, "CONCSPEC_TAGS=@R04")
	if err != nil || exit != 3 {
		t.Fatalf("exit %d, err %v", exit, err)
	}
	if want := "-test.run ^TestFeatures$ -test.count=1 -test.v tags=@R04\n"; string(out) != want {
		t.Errorf("the run printed %q, want %q", out, want)
	}
}

func TestWhatARunLeavesInItsTemporaryDirectoryIsRemoved(t *testing.T) {
	corpus := fake(t, `mkdir "$TMPDIR/concspec-controls-1" && echo "$TMPDIR"; kill -9 $$`)
	out, exit, err := Run(context.Background(), corpus, nil)
	if err != nil || exit != -1 {
		t.Fatalf("a run killed by a signal: exit %d, err %v", exit, err)
	}
	scratch := strings.TrimSpace(string(out))
	if !strings.HasPrefix(filepath.Base(scratch), "concspec-run-") {
		t.Fatalf("the run's TMPDIR was %q, not a directory of its own", scratch)
	}
	if _, err := os.Stat(scratch); !os.IsNotExist(err) {
		t.Errorf("the crashed run's TMPDIR %s is still there (%v)", scratch, err)
	}
}

func TestARunThatCannotStartIsAnError(t *testing.T) {
	if _, _, err := Run(context.Background(), filepath.Join(t.TempDir(), "missing"), nil); err == nil {
		t.Error("a missing corpus binary ran")
	}
}
