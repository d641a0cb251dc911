// Command concspec-polyglot reports which of the other runtimes the corpus's polyglot
// scenarios (P01–P07) can run on this machine, and prepares their programs: it compiles the
// Java and C# ones and builds the Rust one into its cache, which outlives the process, so that
// the corpus's own preparing before its first scenario finds the Rust crates built. `make
// tools` runs it after installing the runtimes.
//
// Usage: go run ./cmd/concspec-polyglot
package main

import (
	"fmt"

	"github.com/concspec/concspec/internal/polyglot"
)

func main() {
	defer polyglot.Use()()
	for _, st := range polyglot.Check() {
		if st.Err != nil {
			fmt.Printf("%-8s not available: %v\n", st.Runtime, st.Err)
			continue
		}
		fmt.Printf("%-8s ready: %s\n", st.Runtime, st.Version)
	}
}
