// Package corpusbin builds the corpus as a test binary with the race detector, for the commands
// that run it many times (concspec-stress, concspec-mutate).
package corpusbin

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// Build builds the corpus's test binary into a new temporary directory and returns its path
// and a function that removes the directory.
func Build() (path string, remove func(), err error) {
	dir, err := os.MkdirTemp("", "concspec-corpus-")
	if err != nil {
		return "", nil, err
	}
	remove = func() { os.RemoveAll(dir) }
	path = filepath.Join(dir, "corpus.test")
	fmt.Println("building the corpus with -race …")
	if out, err := exec.Command("go", "test", "-race", "-c", "-o", path, "github.com/concspec/concspec").CombinedOutput(); err != nil {
		remove()
		return "", nil, fmt.Errorf("building the corpus: %w\n%s", err, out)
	}
	return path, remove, nil
}
